// The audit seal against tampering that survives ordinary runs (issue 10): a trail that does not
// verify is never resealed, and the seal covers how many entries were lost before the window.

import { describe, expect, it } from "vitest";
import { canonicalText, chainHash } from "../../modules/audit/chain.js";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES, AuditEventType, AuditingSystem, AuditLevel, type SavedAudit } from "../../modules/audit/index.js";
import { Clock } from "../../src/clock.js";
import { TEST_KEY } from "../helpers.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableSaved = Mutable<Omit<SavedAudit, "entries">> & { entries: Mutable<SavedAudit["entries"][number]>[] };

function savedTrail(n: number, capacity = 64): MutableSaved {
  const clock = new Clock();
  const audit = new AuditingSystem(clock, TEST_KEY, undefined, capacity);
  for (let i = 1; i <= n; i++) {
    clock.advance(100);
    audit.append({ level: AuditLevel.Info, type: AuditEventType.System, uid: 0, action: "kernel.test", object: "kernel", result: "success", message: `entry ${i}` });
  }
  return JSON.parse(JSON.stringify(audit.toJSON())) as MutableSaved;
}

function restored(saved: SavedAudit, capacity = 64): AuditingSystem {
  const audit = new AuditingSystem(new Clock(), TEST_KEY, undefined, capacity);
  audit.restore(saved);
  return audit;
}

/** Recomputes every hash from the anchor on, as someone rewriting the chain consistently would. */
function rechain(saved: MutableSaved): void {
  let previous = saved.anchorHash;
  for (const entry of saved.entries) {
    const fields = { ...entry, level: AUDIT_LEVEL_NAMES.indexOf(entry.level), type: AUDIT_TYPE_NAMES.indexOf(entry.type) };
    entry.hash = chainHash(previous, canonicalText(entry.seq, entry.timeMs, fields));
    previous = entry.hash;
  }
}

/** The trail as the next ordinary run leaves it: restored, one more entry, saved again. */
function afterOrdinaryRun(saved: SavedAudit): SavedAudit {
  const audit = restored(saved);
  audit.append({ level: AuditLevel.Info, type: AuditEventType.System, uid: 0, action: "kernel.boot", object: "kernel", result: "success", message: "next run" });
  return JSON.parse(JSON.stringify(audit.toJSON())) as SavedAudit;
}

describe("the audit seal", () => {
  it("says at restore why a tampered trail does not verify, and nothing for an intact one", () => {
    const saved = savedTrail(6);
    expect(restored(saved).loadProblem).toBeUndefined();
    saved.entries[2]!.message = "edited";
    expect(restored(saved).loadProblem).toBe("failed at #3: entry #3 does not match its hash (edited, or the chain before it was rewritten)");
  });

  it("is not made over a rewritten chain: the tampering is still caught after ordinary runs", () => {
    const saved = savedTrail(6);
    saved.entries[3]!.message = "nothing happened here";
    rechain(saved);
    expect(restored(saved).verify()).toMatchObject({ ok: false, problem: expect.stringContaining("differs from the sealed head") });
    let next: SavedAudit = saved;
    for (let run = 0; run < 3; run++) next = afterOrdinaryRun(next);
    expect(next.seal).toEqual(saved.seal); // the old seal stays
    expect(restored(next).verify()).toMatchObject({ ok: false, badSeq: 6, problem: expect.stringContaining("differs from the sealed head") });
  });

  it("covers the lost count: dropping the oldest entries and raising lost is caught", () => {
    const saved = savedTrail(6);
    const dropped = saved.entries.splice(0, 2);
    saved.anchorHash = dropped.at(-1)!.hash;
    saved.lost += 2;
    const report = restored(saved).verify();
    expect(report).toMatchObject({ ok: false, firstSeq: 3, problem: "the seal does not match the audit key (seal forged, key replaced, or the oldest entries dropped)" });
  });

  it("still verifies once the ring wraps after a restore (entries lost honestly)", () => {
    const audit = restored(savedTrail(10, 8), 8);
    expect(audit.verify().ok).toBe(true);
    for (let i = 0; i < 5; i++) audit.append({ level: AuditLevel.Info, type: AuditEventType.System, uid: 0, action: "kernel.test", object: "kernel", result: "success", message: "more" });
    expect(audit.verify()).toMatchObject({ ok: true, firstSeq: 8 });
    expect(restored(JSON.parse(JSON.stringify(audit.toJSON())) as SavedAudit, 8).verify().ok).toBe(true);
  });
});
