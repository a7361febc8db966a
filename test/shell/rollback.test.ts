// A kernel bug undoes the command it stopped: the session rebuilds the kernel as of the last
// acknowledged command (from the state directory's snapshot and journal, or from the journal it
// keeps in memory without one), prints one plain line, journals nothing of the failed command,
// and goes on; a script exits 70. The bug is made on purpose with the test tripwire (src/assert.ts),
// which the gate checks once an action has done its work.

import { readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { armTripwire } from "../../src/assert.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { command } from "../../shell/command.js";
import { Registry } from "../../shell/registry.js";
import { Session, type Outcome } from "../../shell/session.js";
import { kshell, newSession, ok, TEST_KEY, tempDir } from "../helpers.js";

const UNDONE = "— the command was undone; state is as of the last acknowledged command. Please report this.";
const SETUP = "vol create db --size 64M; vol write db 0 --data hello; user add alice --caps CAP_AUDIT_READ";

afterEach(() => armTripwire(undefined));

/** The kernel's whole state as text (what a snapshot file would hold). */
const stateOf = (session: Session) => JSON.stringify(session.kernel.toSnapshot());

function storedSession(dir: string): Session {
  return new Session({ seed: 5, sealKey: TEST_KEY, store: StateStore.open(dir) });
}

function journalLines(dir: string): string[] {
  const text = readFileSync(join(dir, "journal.jsonl"), "utf8").trim();
  return text === "" ? [] : text.split("\n").map((line) => JSON.parse(line).line as string);
}

/** Runs `line` with the tripwire armed for `action` (it fails once); returns the outcome. */
function tripped(session: Session, action: string, line: string): Outcome {
  armTripwire(action);
  return session.execute(line);
}

describe("a failed internal check undoes the command", () => {
  it("without a state directory: the write is undone, one line says so, the session goes on", () => {
    const session = newSession();
    ok(session, SETUP);
    const before = stateOf(session);
    const outcome = tripped(session, "vol.write", "vol write db 0 --data HELLO");
    expect(outcome).toMatchObject({ ok: false, bug: true, lines: [] });
    expect(outcome.error).toBe(`kshell: internal check failed in vol write: the test tripwire armed for vol.write (KSHELL_TEST_TRIPWIRE) ${UNDONE}`);
    expect(stateOf(session)).toBe(before); // bytes, audit trail, clock and rng: all as before the command
    expect(ok(session, "vol read db 0 5")).toEqual(["hello"]);
    ok(session, "vol write db 0 --data HELLO"); // the same command, unarmed, works
    expect(ok(session, "vol read db 0 5")).toEqual(["HELLO"]);
  });

  it("stops the rest of the line and keeps the commands before it", () => {
    const session = newSession();
    ok(session, SETUP);
    const outcome = tripped(session, "vol.write", "vol create two --size 8M; vol write db 0 --data HELLO; vol create three --size 8M");
    expect(outcome.bug).toBe(true);
    expect(ok(session, "vol list").join("\n")).toMatch(/two/);
    expect(ok(session, "vol list").join("\n")).not.toMatch(/three/);
    expect(ok(session, "vol read db 0 5")).toEqual(["hello"]);
  });

  it("with a state directory: the journal never holds the failed command, and a restart sees the undone state", () => {
    const dir = tempDir();
    const session = storedSession(dir);
    ok(session, SETUP);
    const journaled = journalLines(dir);
    const before = stateOf(session);
    expect(tripped(session, "vol.write", "vol write db 0 --data HELLO").bug).toBe(true);
    expect(journalLines(dir)).toEqual(journaled);
    expect(stateOf(session)).toBe(before);
    ok(session, "vol write db 6 --data world");
    expect(journalLines(dir)).toEqual([...journaled, "vol write db 6 --data world"]);
    const after = stateOf(session);
    (session as unknown as { options: { store: StateStore } }).options.store.close(); // as if killed: no compaction
    expect(stateOf(storedSession(dir))).toBe(after);
  });

  it("keeps the session's user and su shells as they were", () => {
    const session = newSession();
    ok(session, SETUP);
    ok(session, "su alice");
    expect(tripped(session, "audit.tail", "audit tail 1").bug).toBe(true);
    expect(session.subject.name).toBe("alice");
    ok(session, "exit");
    expect(session.subject.name).toBe("root");
  });

  it("undoes a long command run in steps, and journals nothing of it", async () => {
    const dir = tempDir();
    const session = new Session({ seed: 5, sealKey: TEST_KEY, store: StateStore.open(dir), jobSliceMs: 0 });
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G");
    const journaled = journalLines(dir);
    const before = stateOf(session);
    armTripwire("kernel.sleep");
    const outcomes: Outcome[] = [];
    const pending = session.executeEach("sleep 1h", (outcome) => (outcomes.push(outcome), outcome.ok));
    expect(pending).toBeInstanceOf(Promise); // heartbeat timers: it runs in steps
    await pending;
    expect(outcomes.map((o) => o.error)).toEqual([`kshell: internal check failed in sleep: the test tripwire armed for kernel.sleep (KSHELL_TEST_TRIPWIRE) ${UNDONE}`]);
    expect(stateOf(session)).toBe(before);
    expect(journalLines(dir)).toEqual(journaled);
    expect(session.progress()).toBeUndefined(); // no job left running
  });

  it("undoes a command that left the kernel half-changed by any bug, not only a failed check", () => {
    const half = command({
      path: ["half"],
      summary: "moves the clock, then trips over undefined",
      args: [],
      options: [],
      examples: [],
      gate: { action: "kernel.sleep", type: "system", mutates: true, object: () => "clock" },
      run: ({ kernel }) => (kernel.clock.advance(1000), (undefined as unknown as { x: number }).x),
      display: () => [],
    });
    const session = newSession({ registry: new Registry([half, ...new Registry().commands]) });
    const before = stateOf(session);
    const outcome = session.execute("half");
    expect(outcome.error).toBe(`kshell: internal error in half: Cannot read properties of undefined (reading 'x') ${UNDONE}`);
    expect(stateOf(session)).toBe(before);
  });

  it("keeps an expected failure (a KernelError) as it was: one error line, journaled, nothing undone", () => {
    const dir = tempDir();
    const session = storedSession(dir);
    const outcome = session.execute("vol read nothing 0 1");
    expect(outcome).toMatchObject({ ok: false, error: "error: no volume named 'nothing' [ENOENT]" });
    expect(outcome.bug).toBeUndefined();
    expect(journalLines(dir)).toEqual(["vol read nothing 0 1"]);
  });

  it("undoes back to a reset: the snapshot kept in memory is the new starting point", () => {
    const session = newSession();
    ok(session, SETUP);
    ok(session, "reset --yes; vol create fresh --size 8M");
    const before = stateOf(session);
    expect(tripped(session, "vol.list", "vol list").bug).toBe(true);
    expect(stateOf(session)).toBe(before);
    expect(ok(session, "vol list").join("\n")).toMatch(/fresh/);
  });

  it("an interactive session goes on after the undo", () => {
    let wallMs = 0;
    const session = newSession({ interactive: true, wallClockMs: () => wallMs });
    ok(session, SETUP);
    wallMs += 5000;
    expect(tripped(session, "vol.write", "vol write db 0 --data HELLO").bug).toBe(true);
    wallMs += 5000;
    expect(ok(session, "vol read db 0 5")).toEqual(["hello"]);
  });
});

describe("a piped script a kernel bug stops", () => {
  const env = { KSHELL_TEST_TRIPWIRE: "vol.write" };

  it("prints the line, stops, and exits 70 (even with --keep-going)", () => {
    for (const args of [[], ["--keep-going"]]) {
      const run = kshell(args, "vol create db --size 8M\necho before\nvol write db 0 --data hi\necho never\n", env);
      expect(run.stdout).toBe("created volume db: 8M block on ssd (thin)\nbefore\n");
      expect(run.stderr).toBe(`kshell: internal check failed in vol write: the test tripwire armed for vol.write (KSHELL_TEST_TRIPWIRE) ${UNDONE}\n`);
      expect(run.status).toBe(70);
    }
  });

  it("with --state: the journal does not hold the failed command, and the next run finds the state before it", () => {
    const dir = tempDir();
    const first = kshell(["--state", dir], "vol create db --size 8M\nvol write db 0 --data hi\n", env);
    expect(first.status).toBe(70);
    expect(readFileSync(join(dir, "journal.jsonl"), "utf8")).not.toContain("vol write");
    const second = kshell(["--state", dir], "vol read db 0 2\naudit query --action vol.write\n");
    expect(second.status).toBe(0);
    expect(second.stdout).toBe("00000000: 0000                                     ..\n(no entries)\n"); // not even the gate's decision is left
  });
});

describe("a state directory that cannot be written", () => {
  it("undoes the command whose journal record failed, says so without calling it a bug, and a script exits 74", async () => {
    const dir = tempDir();
    const store = StateStore.open(dir);
    const session = new Session({ seed: 5, sealKey: TEST_KEY, store });
    ok(session, "vol create db --size 8M");
    const before = stateOf(session);
    store.append = () => {
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" });
    };
    const outcome = session.execute("vol write db 0 --data HELLO");
    expect(outcome).toMatchObject({ ok: false, bug: true, status: 74 });
    expect(outcome.error).toBe("kshell: vol write: the state directory could not be written (ENOSPC: no space left on device, write) — the command was undone; state is as of the last acknowledged command");
    expect(stateOf(session)).toBe(before);
    const { runPlain } = await import("../../shell/plain.js");
    const out = { write: () => undefined, error: () => undefined };
    expect(await runPlain(session, ["vol write db 0 --data again", "echo never"], { echo: false, keepGoing: true }, out)).toBe(74);
  });

  it("refuses a journal that is not a regular file (a link to /dev/full) before reading it", () => {
    const dir = tempDir();
    expect(kshell(["--state", dir], "vol create db --size 8M\n").status).toBe(0);
    rmSync(join(dir, "journal.jsonl"));
    symlinkSync("/dev/full", join(dir, "journal.jsonl"));
    const run = kshell(["--state", dir], "vol list\n");
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`kshell: cannot use state ${join(dir, "journal.jsonl")}: is not a regular file (a link, a device or a directory): kshell reads and writes only its own files there\n`);
  });
});
