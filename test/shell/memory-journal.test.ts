// The journal a session without --state keeps in memory to undo a command a bug stopped: bounded
// in records and bytes, and its snapshot shares nothing with the kernel it was taken from.

import { describe, expect, it } from "vitest";
import { ROLLBACK_JOURNAL_BYTES_MAX, ROLLBACK_RECORD_MAX } from "../../src/limits.js";
import { MemoryJournal } from "../../shell/memory-journal.js";
import { newKernel } from "../helpers.js";


describe("the journal kept in memory", () => {
  it("is full at ROLLBACK_RECORD_MAX records, and empty again after a compaction", () => {
    const journal = new MemoryJournal();
    for (let i = 0; i < ROLLBACK_RECORD_MAX - 1; i++) journal.append(0, "root", ["echo", "hi"]);
    expect(journal.full()).toBe(false);
    journal.append(0, "root", ["echo", "hi"]);
    expect(journal.full()).toBe(true);
    journal.compact(newKernel().toSnapshot());
    expect(journal.full()).toBe(false);
    expect(journal.readJournal()).toEqual([]);
  });

  it("is full at ROLLBACK_JOURNAL_BYTES_MAX bytes of lines (words and the spaces between), whatever the count", () => {
    const journal = new MemoryJournal();
    journal.append(0, "root", ["x".repeat(ROLLBACK_JOURNAL_BYTES_MAX / 2 - 2), "x".repeat(ROLLBACK_JOURNAL_BYTES_MAX / 2)]);
    expect(journal.full()).toBe(false);
    journal.append(0, "root", ["x"]);
    expect(journal.full()).toBe(true);
  });

  it("gives each record back as the line that splits into its words, with how its file failed", () => {
    const journal = new MemoryJournal();
    journal.append(5, "alice", ["echo", "it's a test"]);
    journal.append(7, "root", ["save", "/nope"], { code: "ENOENT", message: "no such directory" });
    expect(journal.readJournal()).toEqual([
      { t: 5, user: "alice", line: "echo 'it'\\''s a test'", endBytes: 16 },
      { t: 7, user: "root", line: "save /nope", failed: { code: "ENOENT", message: "no such directory" }, endBytes: 26 },
    ]);
  });

  it("keeps a payload by reference and counts it toward its bytes", () => {
    const journal = new MemoryJournal();
    const payload = new Uint8Array(ROLLBACK_JOURNAL_BYTES_MAX - 100).fill(7);
    journal.append(0, "root", ["vol", "write", "d", "0", "--file", "f"], undefined, payload);
    expect(journal.full()).toBe(false);
    const [entry] = journal.readJournal();
    expect(entry!.payload!()).toBe(payload); // the same bytes, never copied
    expect(entry!.endBytes).toBe(payload.length + 22); // and the words with the spaces between
    journal.append(0, "root", ["x".repeat(80)]);
    expect(journal.full()).toBe(true);
    journal.compact(newKernel().toSnapshot());
    expect(journal.readJournal()).toEqual([]);
  });

  it("gives back what was appended, in order, as a copy", () => {
    const journal = new MemoryJournal();
    journal.append(0, "root", ["a"]);
    journal.append(0, "root", ["b"]);
    const read = journal.readJournal();
    read.pop();
    expect(journal.readJournal().map((e) => e.line)).toEqual(["a", "b"]);
  });

  it("has no snapshot before the first compaction, and a fresh copy of the last one after", () => {
    const journal = new MemoryJournal();
    expect(journal.readSnapshot()).toBeUndefined();
    const kernel = newKernel();
    const snapshot = kernel.toSnapshot();
    journal.compact(snapshot);
    const read = journal.readSnapshot();
    expect(read).toEqual(JSON.parse(JSON.stringify(snapshot)));
    (read as { clockMs: number }).clockMs = 99;
    expect(journal.readSnapshot()?.clockMs).toBe(snapshot.clockMs);
  });
});
