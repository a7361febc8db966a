import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AuditEventType, AuditingSystem, AuditLevel, DENIED_RESULT, type AuditRecord, type SavedAudit } from "../../modules/audit/index.js";
import { Clock } from "../../src/clock.js";
import { AUDIT_ENTRY_MAX } from "../../src/limits.js";
import { TEST_KEY } from "../helpers.js";

function record(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return { level: AuditLevel.Info, type: AuditEventType.System, uid: 0, action: "kernel.test", object: "kernel", result: "success", message: "", ...overrides };
}

function trail(capacity = AUDIT_ENTRY_MAX): { clock: Clock; audit: AuditingSystem } {
  const clock = new Clock();
  return { clock, audit: new AuditingSystem(clock, TEST_KEY, undefined, capacity) };
}

/** Saves a trail of `n` entries and returns the saved form, as the state file holds it. */
function savedTrail(n: number): SavedAudit {
  const { clock, audit } = trail();
  for (let i = 1; i <= n; i++) {
    clock.advance(100);
    audit.append(record({ message: `entry ${i}` }));
  }
  return JSON.parse(JSON.stringify(audit.toJSON())) as SavedAudit;
}

function restored(saved: SavedAudit): AuditingSystem {
  const audit = new AuditingSystem(new Clock(), TEST_KEY);
  audit.restore(saved);
  return audit;
}

describe("AuditingSystem", () => {
  it("numbers entries, stamps them with simulated time and reads them back", () => {
    const { clock, audit } = trail();
    expect(audit.append(record({ message: "first" }))).toBe(1);
    clock.advance(1500);
    expect(audit.append(record({ level: AuditLevel.Error, result: "EINVAL", message: "second" }))).toBe(2);
    const entries = audit.entries();
    expect(entries.map((e) => [e.seq, e.timeMs, e.level, e.result, e.message])).toEqual([
      [1, 0, "info", "success", "first"],
      [2, 1500, "error", "EINVAL", "second"],
    ]);
  });

  it("wraps at 8192 entries, dropping the oldest and counting them as lost", () => {
    const { audit } = trail();
    for (let i = 0; i < AUDIT_ENTRY_MAX + 5; i++) audit.append(record({ message: `m${i}` }));
    const stats = audit.stats();
    expect(stats.retained).toBe(AUDIT_ENTRY_MAX);
    expect(stats.lost).toBe(5);
    expect(stats.recorded).toBe(AUDIT_ENTRY_MAX + 5);
    const entries = audit.entries();
    expect(entries[0]!.seq).toBe(6);
    expect(entries[0]!.message).toBe("m5");
    expect(entries.at(-1)!.seq).toBe(AUDIT_ENTRY_MAX + 5);
    expect(audit.verify().ok).toBe(true); // the window chains from the anchor of the lost entries
  });

  it("keeps memory fixed: interned strings are released when entries wrap out", () => {
    const { audit } = trail(16);
    for (let i = 0; i < 1000; i++) audit.append(record({ message: `unique ${i}`, object: `obj${i}` }));
    expect(audit.retained()).toBe(16);
    expect(audit.entries().map((e) => e.message)).toEqual(Array.from({ length: 16 }, (_, i) => `unique ${984 + i}`));
  });

  it("verifies an untouched trail, before and after a save and restore", () => {
    const saved = savedTrail(20);
    const audit = restored(saved);
    const report = audit.verify();
    expect(report).toMatchObject({ ok: true, checked: 20, firstSeq: 1, lastSeq: 20, sealed: true });
    audit.append(record({ message: "after restore" }));
    expect(audit.verify().ok).toBe(true);
  });

  it("judges a restored trail as restored, even when the tampered entries wrap out before anyone asks", () => {
    const saved = savedTrail(10);
    (saved.entries[4] as { message: string }).message = "nothing to see here";
    const untouched = restored(savedTrail(10));
    const tampered = restored(saved);
    for (let i = 0; i < AUDIT_ENTRY_MAX; i++) {
      untouched.append(record({ message: `later ${i}` }));
      tampered.append(record({ message: `later ${i}` })); // entry #5 is long gone from the ring
    }
    expect(untouched.loadProblem).toBeUndefined();
    expect(tampered.loadProblem).toBe("failed at #5: entry #5 does not match its hash (edited, or the chain before it was rewritten)");
    expect(restored(saved).toJSON().seal).toEqual(saved.seal); // a save of a trail that did not verify keeps its old seal
  });

  it("detects an edited entry and names it", () => {
    const saved = savedTrail(10);
    (saved.entries[4] as { message: string }).message = "nothing to see here";
    expect(restored(saved).verify()).toMatchObject({ ok: false, badSeq: 5, problem: expect.stringContaining("does not match its hash") });
  });

  it("detects a deleted entry", () => {
    const saved = savedTrail(10);
    saved.entries.splice(3, 1);
    expect(restored(saved).verify()).toMatchObject({ ok: false, badSeq: 4, problem: expect.stringContaining("missing (deleted)") });
  });

  it("detects reordered entries", () => {
    const saved = savedTrail(10);
    [saved.entries[6], saved.entries[7]] = [saved.entries[7]!, saved.entries[6]!];
    expect(restored(saved).verify()).toMatchObject({ ok: false, badSeq: 7, problem: expect.stringContaining("out of order") });
  });

  it("detects a truncated trail, even when the head counter is rewritten to match", () => {
    const saved = savedTrail(10);
    saved.entries.splice(7);
    expect(restored(saved).verify()).toMatchObject({ ok: false, badSeq: 8, problem: expect.stringContaining("truncated") });
    (saved as { headSeq: number }).headSeq = 7;
    expect(restored(saved).verify()).toMatchObject({ ok: false, problem: expect.stringContaining("sealed head #10 is gone") });
  });

  it("detects a chain rewritten consistently without the key, through the seal", () => {
    const saved = savedTrail(5);
    const forger = new AuditingSystem(new Clock(), new Uint8Array(32).fill(9));
    const original = restored(saved).entries();
    for (const entry of original) {
      forger.append(record({ message: entry.seq === 3 ? "forged" : entry.message }));
    }
    const forged = JSON.parse(JSON.stringify(forger.toJSON())) as SavedAudit;
    const timed = { ...forged, entries: forged.entries.map((e, i) => ({ ...e, timeMs: original[i]!.timeMs })) };
    expect(restored(forged).verify()).toMatchObject({ ok: false, problem: expect.stringContaining("seal does not match") });
    expect(restored(timed).verify().ok).toBe(false);
  });

  it("applies filters in id order: drop before the ring, keep as an exception, alert flags", () => {
    const { audit } = trail();
    audit.filters.add({ effect: "keep", action: "audit.*" });
    audit.filters.add({ effect: "drop", maxLevel: AuditLevel.Debug });
    audit.filters.add({ effect: "alert", minLevel: AuditLevel.Error });
    expect(audit.append(record({ level: AuditLevel.Debug, action: "kernel.status" }))).toBe(0);
    expect(audit.append(record({ level: AuditLevel.Debug, action: "audit.query" }))).toBe(1);
    expect(audit.append(record({ level: AuditLevel.Critical, action: "kernel.panic" }))).toBe(2);
    expect(audit.entries().map((e) => [e.action, e.alert])).toEqual([
      ["audit.query", false],
      ["kernel.panic", true],
    ]);
    expect(audit.stats().dropped).toBe(1);
    expect(audit.filters.list().map((f) => f.hits)).toEqual([1, 1, 1]);
    audit.filters.delete(2);
    expect(audit.append(record({ level: AuditLevel.Debug, action: "kernel.status" }))).toBe(3);
    expect(() => audit.filters.delete(2)).toThrow(/no audit filter #2/);
  });

  it("refuses the 65th filter with ENOSPC", () => {
    const { audit } = trail();
    for (let i = 0; i < 64; i++) audit.filters.add({ effect: "keep", uid: i });
    expect(() => audit.filters.add({ effect: "keep" })).toThrow(/filter table full: 64/);
  });

  it("reports compliance with evidence: denies recorded, critical acknowledged, export before wrap", () => {
    const { clock, audit } = trail(4);
    audit.compliance.add({ name: "denies", rule: "denies-recorded", maxAgeMs: 0 });
    audit.compliance.add({ name: "oncall", rule: "critical-acked", maxAgeMs: 60_000 });
    audit.compliance.add({ name: "export", rule: "exported-before-wrap", maxAgeMs: 0 });
    audit.append(record({ type: AuditEventType.Security, level: AuditLevel.Warning, result: DENIED_RESULT }));
    audit.append(record({ level: AuditLevel.Critical, message: "disk on fire" }));
    clock.advance(120_000);
    const verdicts = () => Object.fromEntries(audit.complianceReport().map((f) => [f.policy, f.passed]));
    expect(verdicts()).toEqual({ denies: true, oncall: false, export: true });
    audit.acknowledgeAll();
    audit.filters.add({ effect: "drop", type: AuditEventType.Security });
    for (let i = 0; i < 4; i++) audit.append(record());
    const findings = audit.complianceReport();
    expect(Object.fromEntries(findings.map((f) => [f.policy, f.passed]))).toEqual({ denies: false, oncall: true, export: false });
    expect(findings.find((f) => f.policy === "export")!.evidence).toContain("entries #1..#2 were overwritten before export");
    expect(() => audit.compliance.add({ name: "oncall", rule: "critical-acked", maxAgeMs: 1 })).toThrow(/already exists/);
  });

  it("queries by level, type, user, action glob, time range, text and limit", () => {
    const { clock, audit } = trail();
    audit.append(record({ action: "kernel.boot" }));
    clock.advance(10_000);
    audit.append(record({ type: AuditEventType.Security, level: AuditLevel.Warning, uid: 1000, action: "net.create", result: DENIED_RESULT, message: "needs CAP_NET_ADMIN" }));
    clock.advance(10_000);
    audit.append(record({ level: AuditLevel.Debug, action: "audit.query" }));
    audit.append(record({ level: AuditLevel.Error, action: "kernel.load", result: "EINVAL" }));
    const seqs = (q: Parameters<AuditingSystem["query"]>[0]) => audit.query(q).entries.map((e) => e.seq);
    expect(seqs({ minLevel: AuditLevel.Warning })).toEqual([2, 4]);
    expect(seqs({ type: AuditEventType.Security })).toEqual([2]);
    expect(seqs({ uid: 1000 })).toEqual([2]);
    expect(seqs({ action: "kernel.*" })).toEqual([1, 4]);
    expect(seqs({ sinceMs: 5_000, untilMs: 15_000 })).toEqual([2]);
    expect(seqs({ text: "cap_net" })).toEqual([2]);
    expect(audit.query({ limit: 2 })).toMatchObject({ matched: 4, entries: [{ seq: 3 }, { seq: 4 }] });
  });

  it("acknowledges only retained critical entries", () => {
    const { audit } = trail();
    audit.append(record({ level: AuditLevel.Critical }));
    audit.append(record());
    expect(() => audit.acknowledge(2)).toThrow(/not critical/);
    expect(() => audit.acknowledge(9)).toThrow(/no retained audit entry #9/);
    audit.acknowledge(1);
    expect(audit.entries()[0]!.acked).toBe(true);
    expect(audit.verify().ok).toBe(true); // acknowledging is bookkeeping outside the chain
  });

  it("answers queries exactly as a plain list model does, over random trails", () => {
    const recordArb = fc.record({
      level: fc.integer({ min: 0, max: 4 }),
      type: fc.integer({ min: 0, max: 5 }),
      uid: fc.constantFrom(0, 1000, 1001),
      action: fc.constantFrom("kernel.boot", "audit.query", "net.create", "vol.write"),
      advanceMs: fc.integer({ min: 0, max: 5000 }),
    });
    const queryArb = fc.record({
      minLevel: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      type: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      uid: fc.option(fc.constantFrom(0, 1000), { nil: undefined }),
      action: fc.option(fc.constantFrom("kernel.*", "*.create", "audit.query"), { nil: undefined }),
      sinceMs: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: undefined }),
      limit: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), queryArb, (records, q) => {
        const { clock, audit } = trail(16);
        const model: { seq: number; timeMs: number; level: number; type: number; uid: number; action: string }[] = [];
        records.forEach((r, i) => {
          clock.advance(r.advanceMs);
          audit.append(record({ level: r.level as AuditLevel, type: r.type as AuditEventType, uid: r.uid, action: r.action }));
          model.push({ seq: i + 1, timeMs: clock.now(), level: r.level, type: r.type, uid: r.uid, action: r.action });
        });
        const glob = q.action === undefined ? undefined : new RegExp(`^${q.action.replace(".", "\\.").replace("*", ".*")}$`);
        const matches = model.slice(-16).filter(
          (m) =>
            (q.minLevel === undefined || m.level >= q.minLevel) &&
            (q.type === undefined || m.type === q.type) &&
            (q.uid === undefined || m.uid === q.uid) &&
            (glob === undefined || glob.test(m.action)) &&
            (q.sinceMs === undefined || m.timeMs >= q.sinceMs),
        );
        const result = audit.query(q);
        expect(result.matched).toBe(matches.length);
        expect(result.entries.map((e) => e.seq)).toEqual(matches.slice(-(q.limit ?? 16)).map((m) => m.seq));
      }),
    );
  });
});
