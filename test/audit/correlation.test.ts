// Correlation ids (issue 16): every gated command gets one, the entries of one command (and of a
// story that outlives it, a pod's) share it, `audit query --id N` walks exactly that story, the id
// is covered by the chain, and trails saved before ids existed still verify.

import { hash as sha256Hex } from "node:crypto";
import { readFileSync } from "node:fs";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { AuditEventType, AuditingSystem, AuditLevel, SAVED_AUDIT_SCHEMA, type AuditRecord, type SavedAudit } from "../../modules/audit/index.js";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { Clock } from "../../src/clock.js";
import { ROOT } from "../../src/gate.js";
import { Kernel } from "../../src/kernel.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { validateSnapshot } from "../../src/persistence/validate-snapshot.js";
import { Session } from "../../shell/session.js";
import * as v from "valibot";
import { newSession, ok, tempDir, TEST_KEY } from "../helpers.js";
import { podTestKernel, run } from "../security/pod-kernel.js";

type Row = { seq: number; correlation: number; action: string; result: string };

function trail(session: Session): Row[] {
  return session.kernel.view.audit.tail(8192).map(({ seq, correlation, action, result }) => ({ seq, correlation, action, result }));
}

describe("a command's correlation id", () => {
  it("is shared by its decision and its outcome, and each gated command gets the next one", () => {
    const session = newSession();
    ok(session, "vol create db --size 1M");
    ok(session, "user add alice");
    ok(session, "su alice");
    expect(session.execute("vol delete db").ok).toBe(false); // denied: its decision still carries the id
    ok(session, "exit");
    expect(trail(session).map((r) => [r.correlation, r.action, r.result])).toEqual([
      [0, "kernel.boot", "success"],
      [1, "vol.create", "allowed"],
      [1, "vol.create", "success"],
      [2, "user.add", "allowed"],
      [2, "user.add", "success"],
      [3, "user.su", "allowed"],
      [3, "user.su", "success"],
      [4, "vol.delete", "denied"],
    ]);
  });

  it("is shared by a syscall made inside the command (a host file it writes), and exported with each entry", () => {
    const session = newSession();
    const dir = tempDir();
    ok(session, `audit export ${dir}/trail.jsonl`);
    const rows = trail(session).filter((r) => r.correlation === 1);
    expect(rows.map((r) => `${r.action} ${r.result}`)).toEqual(["audit.export allowed", "host.write allowed", "host.write success", "audit.export success"]);
    const exported = readFileSync(`${dir}/trail.jsonl`, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { action: string; correlation: number });
    expect(exported.map((e) => [e.action, e.correlation])).toEqual([["kernel.boot", 0], ["audit.export", 1]]); // taken as the command starts
    ok(session, `audit export ${dir}/trail.csv --format csv`);
    const csv = readFileSync(`${dir}/trail.csv`, "utf8").trim().split("\n");
    expect(csv[0]!.endsWith(",hash,correlation")).toBe(true);
    expect(csv.at(-1)!.endsWith(",2")).toBe(true); // the second export's own decision
  });

  it("is carried by what a subsystem records while the command runs, unless the entry names its own story", () => {
    const kernel = podTestKernel();
    const record = (correlation?: number) => (k: { probe: { trail: { record(e: object): void } } }) =>
      k.probe.trail.record({ level: "info", type: "container", uid: 0, action: "pod.event", object: "pod/web", result: "observed", message: "", correlation });
    run(kernel, record());
    run(kernel, record(77));
    kernel.view.audit.tail(1); // outside a command: no story
    expect(kernel.correlation).toBe(0);
    const events = run(kernel, (k) => k.audit.query({ action: "pod.event" }).entries.map((e) => e.correlation));
    expect(events).toEqual([1, 77]);
  });

  it("lets `audit query --id N` return exactly one story, whole, with the ID column", () => {
    const session = newSession();
    ok(session, "vol create db --size 1M");
    for (let i = 0; i < 30; i++) ok(session, "status");
    const lines = ok(session, "audit query --id 1");
    expect(lines[0]).toMatch(/^SEQ\s+ID\s+TIME/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 2).join(" "))).toEqual(["2 1", "3 1"]);
    const json = session.kernel.view.audit.tail(8192).filter((e) => e.correlation === 1);
    expect(json.map((e) => e.action)).toEqual(["vol.create", "vol.create"]);
    expect(ok(session, "audit query --id 999")).toEqual(["(no entries)"]);
    // the default limit (20) does not cut a story short
    const statuses = ok(session, "audit query --action kernel.status");
    expect(statuses.at(-1)).toMatch(/20 of 60 matches shown/);
  });

  it("keeps counting across a saved state: the next command after a restart gets the next id", () => {
    const dir = tempDir();
    let store = StateStore.open(dir);
    const first = new Session({ seed: 1, store });
    ok(first, "vol create db --size 1M");
    ok(first, "status");
    first.close();
    store.close();
    store = StateStore.open(dir);
    const again = new Session({ seed: 1, store });
    ok(again, "status");
    expect(trail(again).filter((r) => r.result === "success").map((r) => [r.correlation, r.action])).toEqual([
      [0, "kernel.boot"],
      [1, "vol.create"],
      [2, "kernel.status"],
      [3, "kernel.status"],
    ]);
    expect(again.kernel.view.audit.verify().ok).toBe(true);
    store.close();
  });

  it("is given again, the same, when the journal is replayed (no snapshot since the commands ran)", () => {
    const dir = tempDir();
    let store = StateStore.open(dir);
    const first = new Session({ seed: 1, store });
    ok(first, "vol create db --size 1M");
    ok(first, "status");
    const before = trail(first);
    store.close(); // as if killed: the journal holds both commands, no snapshot was written since
    store = StateStore.open(dir);
    const replayed = new Session({ seed: 1, store });
    expect(trail(replayed).slice(0, before.length)).toEqual(before);
    ok(replayed, "status");
    expect(trail(replayed).at(-1)).toMatchObject({ correlation: 3, action: "kernel.status" });
    store.close();
  });

  it("is in the snapshot, and a snapshot from before correlation ids still loads, counting from 0", () => {
    const kernel = new Kernel({ seed: 1, sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    kernel.syscall(ROOT, { action: "kernel.status", object: "kernel", type: "system", mutates: false, access: "read" }, () => undefined);
    const snapshot = kernel.toSnapshot();
    expect(snapshot.correlationSeq).toBe(1);
    const { correlationSeq: _, ...old } = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;
    for (const entry of old.audit.entries) delete (entry as { correlation?: number }).correlation;
    const checked = validateSnapshot(old, SUBSYSTEMS);
    expect("snapshot" in checked).toBe(true);
    expect(validateSnapshot({ ...snapshot, correlationSeq: -1 }, SUBSYSTEMS)).toEqual({ problem: expect.stringMatching(/^correlationSeq: expected/) });
  });
});

// --- the chain ---------------------------------------------------------------------------------

const record = (overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  level: AuditLevel.Info, type: AuditEventType.Container, uid: 0, action: "pod.apply", object: "pod/web", result: "success", message: "created", ...overrides,
});

/** The hash as kshell wrote it before correlation ids: the canonical text of issue 6, nothing after the message. */
function oldHash(previous: string, seq: number, timeMs: number, r: AuditRecord): string {
  return sha256Hex("sha256", `${previous}${seq}|${timeMs}|${r.level}|${r.type}|${r.uid}|${r.action.length}:${r.action}${r.object.length}:${r.object}${r.result.length}:${r.result}${r.message.length}:${r.message}`, "hex");
}

describe("the chain over correlation ids", () => {
  it("hashes an entry of no story as before, so a trail saved before correlation ids verifies", () => {
    const audit = new AuditingSystem(new Clock(), TEST_KEY);
    const records = [record(), record({ action: "pod.delete", message: "deleted" })];
    for (const r of records) audit.append(r);
    const saved = JSON.parse(JSON.stringify(audit.toJSON())) as SavedAudit;
    let previous = "0".repeat(64);
    for (const [i, entry] of saved.entries.entries()) {
      expect(entry.hash).toBe((previous = oldHash(previous, i + 1, 0, records[i]!)));
      delete (entry as { correlation?: number }).correlation; // as the old saved form had it
    }
    expect(v.safeParse(SAVED_AUDIT_SCHEMA, saved).success).toBe(true);
    const restored = new AuditingSystem(new Clock(), TEST_KEY);
    restored.restore(saved);
    expect(restored.loadProblem).toBeUndefined();
    restored.append(record({ correlation: 5 })); // a new entry of a story after the old ones
    expect(restored.verify()).toMatchObject({ ok: true, checked: 3 });
    expect(restored.entries().map((e) => e.correlation)).toEqual([0, 0, 5]);
  });

  it("covers the id: an entry moved to another story no longer verifies", () => {
    const audit = new AuditingSystem(new Clock(), TEST_KEY);
    audit.append(record({ correlation: 3 }));
    audit.append(record({ correlation: 4 }));
    const saved = JSON.parse(JSON.stringify(audit.toJSON())) as { entries: { correlation: number }[] } & SavedAudit;
    saved.entries[0]!.correlation = 4;
    const restored = new AuditingSystem(new Clock(), TEST_KEY);
    restored.restore(saved);
    expect(restored.loadProblem).toBe("failed at #1: entry #1 does not match its hash (edited, or the chain before it was rewritten)");
  });

  test.prop([fc.integer({ min: 1, max: 12 }), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 60 })])(
    "queries a story over the retained window as the ring wraps, and the wrapped ring saves, restores and verifies",
    (capacity, correlations) => {
      const audit = new AuditingSystem(new Clock(), TEST_KEY, undefined, capacity);
      correlations.forEach((correlation, i) => audit.append(record({ correlation, message: `#${i}` })));
      const retained = correlations.map((correlation, i) => ({ correlation, message: `#${i}` })).slice(-capacity);
      for (let id = 1; id <= 4; id++) {
        const story = audit.query({ correlation: id }).entries.map((e) => e.message);
        expect(story).toEqual(retained.filter((e) => e.correlation === id).map((e) => e.message));
      }
      expect(audit.verify().ok).toBe(true);
      const restored = new AuditingSystem(new Clock(), TEST_KEY, undefined, capacity);
      restored.restore(JSON.parse(JSON.stringify(audit.toJSON())) as SavedAudit);
      expect(restored.loadProblem).toBeUndefined();
      expect(restored.entries().map((e) => e.correlation)).toEqual(retained.map((e) => e.correlation));
    },
  );
});
