import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JOURNAL_RECORD_MAX } from "../../src/limits.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { Session } from "../../shell/session.js";
import { newSession, ok, TEST_KEY, tempDir } from "../helpers.js";

describe("Session: commands through the gate", () => {
  it("records every decision and every outcome in the trail with who, what and the result", () => {
    const session = newSession();
    ok(session, "status");
    ok(session, "sleep 2s");
    expect(session.execute("audit ack 99").ok).toBe(false);
    const entries = JSON.parse(ok(session, "audit query --json --limit 0 --level debug").join("\n")).entries as { action: string; type: string; level: string; result: string; uid: number }[];
    expect(entries.map((e) => [e.action, e.type, e.level, e.result])).toEqual([
      ["kernel.boot", "system", "info", "success"],
      ["kernel.status", "security", "debug", "allowed"],
      ["kernel.status", "system", "debug", "success"],
      ["kernel.sleep", "security", "debug", "allowed"],
      ["kernel.sleep", "system", "info", "success"],
      ["audit.ack", "security", "debug", "allowed"],
      ["audit.ack", "security", "error", "ENOENT"],
      ["audit.query", "security", "debug", "allowed"],
    ]);
  });

  it("denies a user at the gate, audits the denial and changes nothing", () => {
    const session = newSession();
    ok(session, "user add alice; su alice");
    const outcome = session.execute("audit filter add --effect drop");
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/permission denied: alice may not audit.filter.add audit\/filter: CAP_AUDIT_CONTROL is not in alice's capability set \[EPERM\]/);
    expect(session.kernel.view.audit.filterIds()).toEqual([]);
    ok(session, "exit");
    const denial = session.kernel.view.audit.tail(1)[0]!;
    expect(denial).toMatchObject({ type: "security", level: "warning", result: "denied", uid: 1000, action: "audit.filter.add", message: expect.stringContaining("capability:") });
  });

  it("does not reach the kernel for shell-only commands and does not audit them", () => {
    const session = newSession();
    expect(ok(session, "echo hello   world")).toEqual(["hello world"]);
    ok(session, "history");
    expect(session.kernel.view.audit.stats().recorded).toBe(1);
  });

  it("returns from su with exit, and leaves the shell only from the first user", () => {
    const session = newSession();
    ok(session, "user add alice; su alice");
    expect(session.subject.name).toBe("alice");
    expect(session.execute("exit")).toMatchObject({ ok: true, lines: ["logout: back to root"], exit: false });
    expect(session.subject.name).toBe("root");
    expect(session.execute("exit").exit).toBe(true);
  });

  it("gives one clear error line for bad input and keeps going", () => {
    const session = newSession();
    for (const line of ["bogus", "audit query --level", "sleep forever", "echo 'open", "x".repeat(5000)]) {
      const outcome = session.execute(line);
      expect(outcome.ok).toBe(false);
      expect(outcome.error).toMatch(/^error: .*\[E[A-Z]+\]/);
      expect(outcome.error).not.toContain("\n");
    }
    expect(ok(session, "echo still here")).toEqual(["still here"]);
  });

  it("stops a multi-command line at the first failure", () => {
    const session = newSession();
    const outcome = session.execute("echo one; bogus; echo three");
    expect(outcome.ok).toBe(false);
    expect(outcome.lines).toEqual(["one"]);
  });

  it("prints any result as JSON with --json", () => {
    const session = newSession();
    expect(JSON.parse(ok(session, "clock --json").join("\n"))).toMatchObject({ nowMs: 0, ticks: 0, tickMs: 100 });
  });

  it("asks before reset on a terminal and resets without asking in a script", () => {
    const interactive = newSession({ interactive: true });
    expect(interactive.execute("reset").confirm).toEqual({ question: expect.stringContaining("reset the kernel"), line: "reset --yes" });
    const script = newSession();
    ok(script, "sleep 1m");
    expect(ok(script, "reset")).toEqual(["kernel reset: a fresh kernel booted"]);
    expect(script.kernel.view.nowMs).toBe(0);
    expect(script.kernel.view.audit.stats().recorded).toBe(1); // only the new kernel's boot entry
  });

  it("saves to a file and loads it back, refusing a file that is not a snapshot", () => {
    const dir = tempDir();
    const file = join(dir, "snap.json");
    const session = newSession();
    ok(session, "sleep 3s; audit filter add --effect alert --level error");
    ok(session, `save ${file}`);
    const other = newSession();
    ok(other, `load ${file}`);
    expect(other.kernel.view.nowMs).toBe(3000);
    expect(other.kernel.view.audit.filterIds()).toEqual(["1"]);
    expect(ok(other, "audit verify")[0]).toMatch(/chain intact, seal valid/);
    const bad = join(dir, "bad.json");
    ok(session, `audit export ${bad}`);
    expect(other.execute(`load ${bad}`).error).toMatch(/cannot load .*bad.json: not valid JSON/);
    expect(other.kernel.view.nowMs).toBe(3000);
  });
});

describe("Session: persistence through the journal", () => {
  it("rebuilds the same kernel from snapshot plus journal after an unclean stop", () => {
    const dir = tempDir();
    const first = new Session({ seed: 5, sealKey: TEST_KEY, store: StateStore.open(dir) });
    ok(first, "sleep 4s; audit filter add --effect alert --level warning");
    ok(first, "save");
    ok(first, "tick 7; audit compliance add c1 --rule denies-recorded; status");
    const before = first.kernel.toSnapshot();
    // no close(): the process "dies" here; its lock names a live pid (ours), so take it over by hand
    rmSync(join(dir, "lock"));
    const store = StateStore.open(dir);
    expect(readFileSync(join(dir, "journal.jsonl"), "utf8").trim().split("\n")).toHaveLength(3); // save compacted what came before it
    const second = new Session({ seed: 5, sealKey: TEST_KEY, store });
    expect(second.kernel.toSnapshot()).toEqual(before);
    expect(ok(second, "audit verify")[0]).toMatch(/seal valid/);
    store.close();
  });

  it("folds a long journal into a snapshot so start-up replays at most JOURNAL_RECORD_MAX commands", () => {
    const dir = tempDir();
    const store = StateStore.open(dir);
    const session = new Session({ seed: 1, sealKey: TEST_KEY, store });
    for (let i = 0; i < JOURNAL_RECORD_MAX + 10; i++) ok(session, "tick");
    const journal = readFileSync(join(dir, "journal.jsonl"), "utf8").trim().split("\n");
    expect(journal).toHaveLength(10);
    const before = session.kernel.toSnapshot();
    store.close();
    const again = StateStore.open(dir);
    expect(new Session({ seed: 1, sealKey: TEST_KEY, store: again }).kernel.toSnapshot()).toEqual(before);
    again.close();
  });

  it("replays each journaled command as the user who ran it", () => {
    const dir = tempDir();
    const first = new Session({ seed: 2, sealKey: TEST_KEY, store: StateStore.open(dir) });
    ok(first, "user add alice --caps CAP_AUDIT_CONTROL; su alice; audit filter add --effect alert --level error");
    expect(first.execute("user add mallory").ok).toBe(false);
    const before = first.kernel.toSnapshot();
    rmSync(join(dir, "lock"));
    const store = StateStore.open(dir);
    const second = new Session({ seed: 2, sealKey: TEST_KEY, store });
    expect(second.kernel.toSnapshot()).toEqual(before);
    expect(second.subject.name).toBe("root"); // a new shell starts as root
    expect(ok(second, "sec ls audit/filter")).toEqual(expect.arrayContaining([expect.stringMatching(/^rw-r--r--\s+alice\s+alice\s+public\s+audit\/filter\/1$/)]));
    store.close();
  });
});
