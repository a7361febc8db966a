// The append's one-step hash (entryHash) must hash exactly the bytes the chain is defined over,
// chainHash(previous, canonicalText(...)): saved trails and exported chains depend on it.

import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { canonicalText, chainHash, entryHash, GENESIS_HASH } from "../../modules/audit/chain.js";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES, AuditingSystem, type AuditRecord } from "../../modules/audit/index.js";
import { Clock } from "../../src/clock.js";
import { TEST_KEY } from "../helpers.js";

const fields = fc.record({
  level: fc.integer({ min: 0, max: AUDIT_LEVEL_NAMES.length - 1 }),
  type: fc.integer({ min: 0, max: AUDIT_TYPE_NAMES.length - 1 }),
  uid: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  action: fc.string(),
  object: fc.string({ unit: "grapheme" }),
  result: fc.string(),
  message: fc.string({ unit: "binary" }),
});

describe("entryHash", () => {
  test.prop([fc.constantFrom(GENESIS_HASH, "ab".repeat(32)), fc.nat(), fc.nat(), fields])("equals the chain hash over the canonical text", (previous, seq, timeMs, f) => {
    expect(entryHash(previous, seq, timeMs, f)).toBe(chainHash(previous, canonicalText(seq, timeMs, f)));
  });

  test.prop([fc.integer({ min: -1, max: 9 }), fc.integer({ min: -1, max: 9 }), fields])("spells any level and type as the canonical text does", (level, type, f) => {
    const record = { ...f, level, type };
    expect(entryHash(GENESIS_HASH, 1, 2, record)).toBe(chainHash(GENESIS_HASH, canonicalText(1, 2, record)));
  });

  test("a string id freed and reused for other text is hashed as its new text", () => {
    const clock = new Clock();
    const audit = new AuditingSystem(clock, TEST_KEY, undefined, 1); // room for 4 interned strings: ids come back at once
    const texts = ["a", "bb", "a", "ccc", "", "bb", "dddd", "a"];
    let previous = GENESIS_HASH;
    texts.forEach((text, i) => {
      const record: AuditRecord = { level: 1, type: 4, uid: 0, action: text, object: texts[(i + 1) % texts.length]!, result: text.toUpperCase(), message: text };
      audit.append(record);
      previous = chainHash(previous, canonicalText(i + 1, 0, record));
      expect(audit.entries()[0]!.hash).toBe(previous);
    });
    expect(audit.verify().ok).toBe(true);
  });

  test.prop([fc.array(fields, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 16 })])(
    "a trail that wraps holds the chain of its entries, and verifies, saved and restored",
    (records, capacity) => {
      const clock = new Clock();
      const audit = new AuditingSystem(clock, TEST_KEY, undefined, capacity);
      let previous = GENESIS_HASH;
      const expected: string[] = [];
      records.forEach((record, i) => {
        clock.advance(7);
        audit.append(record as AuditRecord);
        previous = chainHash(previous, canonicalText(i + 1, clock.now(), record));
        expected.push(previous);
      });
      expect(audit.entries().map((entry) => entry.hash)).toEqual(expected.slice(-capacity));
      expect(audit.entries().map((entry) => entry.message)).toEqual(records.slice(-capacity).map((record) => record.message));
      expect(audit.verify().ok).toBe(true);
      const restored = new AuditingSystem(new Clock(), TEST_KEY, undefined, capacity);
      restored.restore(JSON.parse(JSON.stringify(audit.toJSON())));
      expect(restored.loadProblem).toBeUndefined();
      expect(restored.verify().ok).toBe(true);
    },
  );
});
