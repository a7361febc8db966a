// The journal's records are numbered and MAC-chained from the snapshot (issue 10): what was not
// written by kshell with this directory's key stops the load, naming the file and the record.

import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLOCK_MS_MAX } from "../../src/limits.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { Session } from "../../shell/session.js";
import { ok, tempDir } from "../helpers.js";

const entry = (line: string, t = 0) => ({ t, user: "root", line });

/** A store whose journal holds `lines` (after an empty snapshot), closed again. */
function journaled(lines: readonly string[]): string {
  const dir = tempDir();
  const store = StateStore.open(dir);
  store.readSnapshot(SUBSYSTEMS);
  for (const [index, line] of lines.entries()) store.append(entry(line, index * 1000));
  store.close();
  return dir;
}

function reread(dir: string): string[] {
  const store = StateStore.open(dir);
  try {
    store.readSnapshot(SUBSYSTEMS);
    return store.readJournal().map((record) => record.line);
  } finally {
    store.close();
  }
}

function editJournal(dir: string, edit: (lines: string[]) => string[]): string {
  const file = join(dir, "journal.jsonl");
  const lines = readFileSync(file, "utf8").split("\n").filter((line) => line !== "");
  writeFileSync(file, edit(lines).map((line) => `${line}\n`).join(""));
  return file;
}

describe("journal records", () => {
  it("read back in order, numbered from 1", () => {
    const dir = journaled(["status", "user add alice", "audit verify"]);
    expect(reread(dir)).toEqual(["status", "user add alice", "audit verify"]);
    expect(readFileSync(join(dir, "journal.jsonl"), "utf8").split("\n")[1]).toMatch(/^\{"seq":2,"t":1000,"user":"root","line":"user add alice","mac":"[0-9a-f]{64}"\}$/);
  });

  it("refuse an injected record, naming the journal and the record", () => {
    const dir = journaled(["status"]);
    const file = join(dir, "journal.jsonl");
    appendFileSync(file, '{"t":0,"user":"root","line":"sec caps alice +CAP_SYS_ADMIN"}\n');
    expect(() => reread(dir)).toThrow(`${file}: record 2: seq: not a record number`);
    editJournal(dir, (lines) => [lines[0]!, '{"seq":2,"t":0,"user":"root","line":"sec caps alice +CAP_SYS_ADMIN","mac":"00"}']);
    expect(() => reread(dir)).toThrow(`${file}: record 2 (#2) does not match its MAC (edited or written outside kshell)`);
  });

  it("refuse an edited record", () => {
    const dir = journaled(["status", "user add alice"]);
    const file = editJournal(dir, (lines) => [lines[0]!, lines[1]!.replace("alice", "mallory")]);
    expect(() => reread(dir)).toThrow(`${file}: record 2 (#2) does not match its MAC`);
  });

  it("refuse reordered and dropped records", () => {
    const dir = journaled(["a1", "a2", "a3"]);
    const original = readFileSync(join(dir, "journal.jsonl"), "utf8");
    const file = editJournal(dir, ([one, two, three]) => [one!, three!, two!]);
    expect(() => reread(dir)).toThrow(`${file}: record 2 is #3 where #2 was expected (a record dropped, injected or reordered)`);
    writeFileSync(file, original);
    editJournal(dir, ([, two, three]) => [two!, three!]);
    expect(() => reread(dir)).toThrow(`${file}: record 1 is #2 where #1 was expected`);
  });

  it("ignore a torn last line, and cut it so the next record starts on a line of its own", () => {
    const dir = journaled(["status", "vol write d 0 --data héllo"]);
    appendFileSync(join(dir, "journal.jsonl"), '{"seq":3,"t":2000,"user":"ro');
    const store = StateStore.open(dir);
    store.readSnapshot(SUBSYSTEMS);
    expect(store.readJournal().map((record) => record.line)).toEqual(["status", "vol write d 0 --data héllo"]);
    store.append(entry("user add bob", 3000));
    store.close();
    expect(reread(dir)).toEqual(["status", "vol write d 0 --data héllo", "user add bob"]);
  });

  it.each([
    ["a time beyond the clock's range", (r: Record<string, unknown>) => (r.t = 1e300), `t: not a time from 0 to ${CLOCK_MS_MAX} ms`],
    ["a time that is not a number", (r: Record<string, unknown>) => (r.t = "0"), "t: not a time"],
    ["a user that is not a name", (r: Record<string, unknown>) => (r.user = "../root"), "user: not a user name"],
    ["a line that is not text", (r: Record<string, unknown>) => (r.line = ["status"]), "line: not a command line"],
    ["a failure of an unknown code", (r: Record<string, unknown>) => (r.failed = { code: "EWHAT", message: "x" }), "failed: not { code, message }"],
  ])("refuse a record with %s, naming the field", (_kind, edit, problem) => {
    const dir = journaled(["status"]);
    const file = editJournal(dir, ([line]) => {
      const record = JSON.parse(line!) as Record<string, unknown>;
      edit(record);
      return [JSON.stringify(record)];
    });
    expect(() => reread(dir)).toThrow(`${file}: record 1: ${problem}`);
  });
});

describe("compaction", () => {
  it("skips records the snapshot holds: a crash before the journal is emptied applies nothing twice", () => {
    const dir = tempDir();
    let store = StateStore.open(dir);
    const session = new Session({ seed: 1, store });
    ok(session, "sleep 10s");
    ok(session, "sec rule add --effect deny --uid 1000 --action vol.delete");
    const journal = readFileSync(join(dir, "journal.jsonl"), "utf8");
    session.close(); // the snapshot now holds both records
    store.close();
    writeFileSync(join(dir, "journal.jsonl"), journal); // as if killed between the rename and emptying the journal
    store = StateStore.open(dir);
    const restarted = new Session({ seed: 1, store });
    expect(restarted.kernel.view.nowMs).toBe(10_000);
    expect(ok(restarted, "sec rule list").filter((line) => line.includes("vol.delete"))).toHaveLength(1);
    ok(restarted, "status"); // and the journal goes on from the snapshot's last record
    store.close();
    expect(reread(dir).at(-1)).toBe("status");
  });

  it("refuses a skipped record that is not the one the snapshot ends with", () => {
    const dir = tempDir();
    let store = StateStore.open(dir);
    const session = new Session({ seed: 1, store });
    ok(session, "status");
    const journal = readFileSync(join(dir, "journal.jsonl"), "utf8");
    session.close();
    store.close();
    writeFileSync(join(dir, "journal.jsonl"), journal.replace(/"mac":"[0-9a-f]{4}/, '"mac":"ffff'));
    store = StateStore.open(dir);
    expect(() => new Session({ seed: 1, store })).toThrow(`${join(dir, "journal.jsonl")}: record 1 (#1) is not the record the snapshot ends with`);
    store.close();
  });
});

describe("the key", () => {
  it("missing next to existing state is an error naming it, never silently made anew", () => {
    const dir = journaled(["status"]);
    rmSync(join(dir, "audit.key"));
    const store = StateStore.open(dir);
    try {
      expect(() => store.sealKey()).toThrow(`${join(dir, "audit.key")}: is missing, but the directory holds state sealed with it`);
    } finally {
      store.close();
    }
  });
});
