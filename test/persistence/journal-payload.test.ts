// The journal carries a command's payload in binary (issue 12): the bytes vol write --file read
// follow their record raw, the record's MAC covers them, the journal is read a record at a time,
// a payload cut short at the end is a torn tail, and older journals with --file-hex still replay.

import { ChunkFolders } from "../../src/chunks/chunk-folders.js";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { randomBytes } from "node:crypto";
import { readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IO_LENGTH_MAX, JOURNAL_LINE_LENGTH_MAX } from "../../src/limits.js";
import type { JournalEntry } from "../../src/persistence/journal-records.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { Session } from "../../shell/session.js";
import { SessionJournal } from "../../shell/session-persistence.js";
import { newKernel, ok, TEST_KEY, tempDir, withoutChunkSlots } from "../helpers.js";

const entry = (line: string, payload?: Uint8Array): JournalEntry => (payload === undefined ? { t: 0, user: "root", line } : { t: 0, user: "root", line, payload });

/** A store whose journal holds `entries` (after an empty snapshot), closed again. */
function journaled(entries: readonly JournalEntry[]): string {
  const dir = tempDir();
  const store = StateStore.open(dir);
  store.readSnapshot(SUBSYSTEMS);
  for (const one of entries) store.append(one);
  store.close();
  return dir;
}

/** The journal's records read back: each line, and its payload if it has one. */
function reread(dir: string): { line: string; payload?: Buffer }[] {
  const store = StateStore.open(dir);
  try {
    store.readSnapshot(SUBSYSTEMS);
    return store.readJournal().map((read) => (read.payload === undefined ? { line: read.line } : { line: read.line, payload: Buffer.from(read.payload()) }));
  } finally {
    store.close();
  }
}

const journalOf = (dir: string) => join(dir, "journal.jsonl");
// bytes a line-minded reader would trip on: newlines, a JSON record, invalid UTF-8
const AWKWARD = Buffer.concat([Buffer.from('\n{"seq":9,"t":0,"user":"root","line":"status","mac":"00"}\n'), Buffer.from([0xff, 0xfe, 0x00, 0x0a])]);

describe("journal payloads", () => {
  it("round-trip records with and without payloads, the bytes raw after their line", () => {
    const big = randomBytes(3 * 1024 * 1024 + 5); // several of the reader's pieces
    const dir = journaled([entry("status"), entry("vol write d 0 --file /a", AWKWARD), entry("echo hi"), entry("vol write d 0 --file /b", big), entry("vol write d 0 --file /e", new Uint8Array(0))]);
    // compared as hex: vitest's deep equality walks a Buffer byte by byte, slowly
    expect(reread(dir).map((one) => [one.line, one.payload?.toString("hex")])).toEqual([
      ["status", undefined],
      ["vol write d 0 --file /a", AWKWARD.toString("hex")],
      ["echo hi", undefined],
      ["vol write d 0 --file /b", big.toString("hex")],
      ["vol write d 0 --file /e", ""],
    ]);
    const text = readFileSync(journalOf(dir));
    const second = text.indexOf('{"seq":2');
    const header = `{"seq":2,"t":0,"user":"root","line":"vol write d 0 --file /a","payload":${AWKWARD.length},"mac":"`;
    expect(text.subarray(second, second + header.length).toString()).toBe(header);
    const payloadAt = text.indexOf("\n", second) + 1;
    expect(text.subarray(payloadAt, payloadAt + AWKWARD.length)).toEqual(AWKWARD);
    expect(text[payloadAt + AWKWARD.length]).toBe(0x0a);
  });

  it("round-trip many records whose lines and payloads straddle the reader's pieces", () => {
    let seed = 12;
    const next = (below: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % below; // seeded: the same journal every run
    const entries = Array.from({ length: 300 }, (_, i) => {
      const line = `echo ${i} ${"y".repeat(next(30_000))}`;
      return i % 3 === 0 ? entry(line, Buffer.alloc(next(40_000), i % 256)) : entry(line);
    });
    const read = reread(journaled(entries));
    expect(read.map((one) => one.line)).toEqual(entries.map((one) => one.line));
    expect(read.map((one) => one.payload?.length)).toEqual(entries.map((one) => one.payload?.length));
    expect(read.every((one, i) => one.payload === undefined || one.payload.every((byte) => byte === i % 256))).toBe(true);
  });

  it("refuse a changed payload byte as a MAC error naming the record", () => {
    const payload = randomBytes(100_000);
    const dir = journaled([entry("status"), entry("vol write d 0 --file /a", payload), entry("echo after")]);
    const bytes = readFileSync(journalOf(dir));
    const at = bytes.indexOf(payload) + 50_000;
    bytes[at] = bytes[at]! ^ 1;
    writeFileSync(journalOf(dir), bytes);
    expect(() => reread(dir)).toThrow(`${journalOf(dir)}: record 2 (#2) does not match its MAC (edited or written outside kshell)`);
  });

  it("refuse a payload length that was edited, or one beyond the IO limit", () => {
    const dir = journaled([entry("vol write d 0 --file /a", Buffer.from("0123456789"))]);
    const original = readFileSync(journalOf(dir), "latin1");
    writeFileSync(journalOf(dir), original.replace('"payload":10', '"payload":9'), "latin1");
    expect(() => reread(dir)).toThrow(`${journalOf(dir)}: record 1 (#1): its payload of 9 bytes is not followed by a newline`);
    writeFileSync(journalOf(dir), original.replace('"payload":10', `"payload":${IO_LENGTH_MAX + 1}`), "latin1");
    expect(() => reread(dir)).toThrow(`${journalOf(dir)}: record 1: payload: not a byte length from 0 to ${IO_LENGTH_MAX}`);
    writeFileSync(journalOf(dir), original.replace('"payload":10', '"payload":-1'), "latin1");
    expect(() => reread(dir)).toThrow("record 1: payload: not a byte length");
  });

  it.each([
    ["inside its payload", (whole: number) => whole - 5000],
    ["just after its line", (_whole: number, line: number) => line],
    ["inside its line", (_whole: number, _line: number, second: number) => second + 40],
  ])("ignore a last record cut %s as a torn tail, cut it off, and go on from there", (_where, cutAt) => {
    const dir = journaled([entry("status"), entry("vol write d 0 --file /a", randomBytes(10_000))]);
    const text = readFileSync(journalOf(dir));
    const second = text.indexOf('{"seq":2');
    truncateSync(journalOf(dir), cutAt(text.length, text.indexOf("\n", second) + 1, second));
    expect(reread(dir)).toEqual([{ line: "status" }]);
    expect(statSync(journalOf(dir)).size).toBe(second);
    const store = StateStore.open(dir);
    store.readSnapshot(SUBSYSTEMS);
    store.readJournal();
    store.append(entry("vol write d 0 --file /b", Buffer.from("again")));
    store.close();
    expect(reread(dir)).toEqual([{ line: "status" }, { line: "vol write d 0 --file /b", payload: Buffer.from("again") }]);
  });

  it("keep a whole record cut just before its final newline (its MAC checks), and put the newline back", () => {
    const payload = randomBytes(10_000);
    const dir = journaled([entry("status"), entry("vol write d 0 --file /a", payload)]);
    const whole = statSync(journalOf(dir)).size;
    truncateSync(journalOf(dir), whole - 1);
    expect(reread(dir)).toEqual([{ line: "status" }, { line: "vol write d 0 --file /a", payload }]);
    expect(statSync(journalOf(dir)).size).toBe(whole);
  });

  it("put the newline back after a record the snapshot already holds, so the next record starts its own line", () => {
    const dir = tempDir();
    let store = StateStore.open(dir);
    const session = new Session({ seed: 1, sealKey: TEST_KEY, store });
    ok(session, "sleep 10s");
    const journal = readFileSync(journalOf(dir));
    session.close(); // the snapshot holds the record
    store.close();
    writeFileSync(journalOf(dir), journal.subarray(0, journal.length - 1)); // killed before emptying the journal, its newline cut
    store = StateStore.open(dir);
    ok(new Session({ seed: 1, sealKey: TEST_KEY, store }), "status");
    store.close();
    expect(reread(dir).map((one) => one.line)).toEqual(["status"]);
  });

  it("refuse a line that is longer than a command line may be, unless an older journal's --file-hex made it so", () => {
    const long = `echo ${"x".repeat(JOURNAL_LINE_LENGTH_MAX)}`;
    expect(() => reread(journaled([entry(long)]))).toThrow(`record 1: line: not a command line of at most ${JOURNAL_LINE_LENGTH_MAX} characters`);
    const hex = `vol write --file-hex ${"ab".repeat(JOURNAL_LINE_LENGTH_MAX)} d 0 --file /a`;
    expect(reread(journaled([entry(hex)]))).toEqual([{ line: hex }]);
  });

  it("count the journal's bytes as written and as read back", () => {
    const dir = tempDir();
    let store = StateStore.open(dir);
    store.readSnapshot(SUBSYSTEMS);
    expect(store.readJournal()).toEqual([]);
    store.append(entry("status"));
    store.append(entry("vol write d 0 --file /a", randomBytes(1000)));
    expect(store.journalBytes).toBe(statSync(journalOf(dir)).size);
    store.close();
    store = StateStore.open(dir);
    store.readSnapshot(SUBSYSTEMS);
    store.readJournal();
    expect(store.journalBytes).toBe(statSync(journalOf(dir)).size);
    store.compact(newKernel().toSnapshot());
    expect(store.journalBytes).toBe(0);
    store.close();
  });
});

describe("a session's journal of payloads", () => {
  it("compacts past its bytes limit (JOURNAL_BYTES_MAX; 128 MiB here) of journal", () => {
    const dir = tempDir();
    const store = StateStore.open(dir);
    const kernel = newKernel();
    const limit = 2 * IO_LENGTH_MAX;
    const journal = new SessionJournal(store, () => kernel, ChunkFolders.under(dir), undefined, limit);
    journal.replay(kernel, () => undefined);
    const payload = new Uint8Array(IO_LENGTH_MAX).fill(1);
    const words = ["vol", "write", "d", "0", "--file", "/a"];
    const subject = kernel.view.subjectOf("root");
    for (let written = 0; written + IO_LENGTH_MAX < limit; written += IO_LENGTH_MAX) journal.append(words, 0, subject, undefined, payload);
    expect(statSync(journalOf(dir)).size).toBeGreaterThan(limit - IO_LENGTH_MAX);
    journal.append(words, 0, subject, undefined, payload); // the one that crosses it
    expect(statSync(journalOf(dir)).size).toBe(0);
    expect(readFileSync(join(dir, "state.json"), "utf8")).toContain("kshell-state");
    store.close();
  });

  it("a 64 MiB vol write --file journals the chunk slots holding its bytes, not the bytes, and replays from them without the file", () => {
    const dir = tempDir();
    const host = tempDir("kshell-host-");
    const bytes = randomBytes(IO_LENGTH_MAX);
    writeFileSync(join(host, "in.bin"), bytes);
    const store = StateStore.open(dir);
    const session = new Session({ seed: 3, sealKey: TEST_KEY, store });
    ok(session, `vol create d --size 128M; vol write d 4096 --file ${host}/in.bin`);
    expect(statSync(journalOf(dir)).size).toBeLessThan(256 * 1024); // 1025 pieces named, a few dozen bytes each
    store.close(); // no compaction: as after kill -9
    writeFileSync(join(host, "in.bin"), "gone");
    const replayed = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir) });
    expect(withoutChunkSlots(replayed.kernel.toSnapshot())).toEqual(withoutChunkSlots(session.kernel.toSnapshot()));
    ok(replayed, `vol read d 4096 64M --out ${host}/out.bin`);
    expect(readFileSync(join(host, "out.bin")).equals(bytes)).toBe(true);
  });

  it("replays an older journal whose vol write --file kept its bytes as --file-hex", () => {
    const host = tempDir("kshell-host-");
    const bytes = randomBytes(1024 * 1024 + 3); // a line over twice the reader's piece, and over JOURNAL_LINE_LENGTH_MAX
    const dir = journaled([entry("vol create d --size 4M"), entry(`vol write --file-hex ${bytes.toString("hex")} d 0 --file ${host}/gone.bin`)]);
    const session = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir) });
    ok(session, `vol read d 0 ${bytes.length} --out ${host}/out.bin`);
    expect(readFileSync(join(host, "out.bin")).equals(bytes)).toBe(true);
    ok(session, `vol write d 0 --file ${host}/out.bin`); // a new record carries the bytes raw, not as hex
    expect(readFileSync(journalOf(dir), "latin1").split("--file-hex").length).toBe(2);
  });

  it("keeps the bytes of a write in memory without --state, so an undo replays them", async () => {
    const { armTripwire } = await import("../../src/assert.js");
    const host = tempDir("kshell-host-");
    writeFileSync(join(host, "in.bin"), AWKWARD);
    const session = new Session({ seed: 3, sealKey: TEST_KEY });
    ok(session, `vol create d --size 1M; vol write d 0 --file ${host}/in.bin`);
    writeFileSync(join(host, "in.bin"), "changed since");
    try {
      armTripwire("vol.create");
      expect(session.execute("vol create e --size 1M").bug).toBe(true);
    } finally {
      armTripwire(undefined);
    }
    expect(ok(session, `vol read d 0 ${AWKWARD.length} --hex`).join("")).toContain("0a7b 2273 6571");
  });
});
