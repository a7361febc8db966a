// With a state directory, a vol write --file record names the chunk slots that hold its bytes
// (src/chunks/chunk-pins.ts) instead of carrying them: one copy, pinned until the next snapshot,
// synced with the record. What must hold: replay gives back every acknowledged byte without the
// host file, however often it is interrupted; a later write over the same chunks never changes
// the slots an earlier record names; a changed or missing slot stops the start with one line
// naming the record and the file; a snapshot frees the pinned slots; older records with their
// bytes inside still replay.

import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChunkRefs } from "../../src/chunks/chunk-pins.js";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { syncAll } from "../../src/persistence/parallel-sync.js";
import { StateFileError } from "../../src/persistence/state-file-error.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { Session } from "../../shell/session.js";
import { ok, TEST_KEY, tempDir } from "../helpers.js";

const MiB = 1024 * 1024;
const CLUSTER = [
  "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2",
  "cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster sds add sds2 --pool pd1/sp1 --capacity 1G",
  "cluster sdc add c1; vol create dv --type distributed --pool pd1/sp1 --size 64M; cluster map dv c1",
  "vol create lv --size 64M",
].join("; ");

const stores = new WeakMap<Session, StateStore>();

/** A session on `dir`'s state (replaying its journal). */
function open(dir: string): Session {
  const store = StateStore.open(dir);
  const session = new Session({ seed: 5, sealKey: TEST_KEY, store });
  stores.set(session, store);
  return session;
}

/** Lets the directory go without a compaction: what kill -9 leaves. */
const crash = (session: Session) => stores.get(session)!.close();

/** The records of `dir`'s journal (the raw bytes an older record carries passed over). */
function records(dir: string): { line: string; payload?: number; chunks?: ChunkRefs }[] {
  return readFileSync(join(dir, "journal.jsonl"), "latin1").split("\n").flatMap((line) => (line.startsWith('{"seq":') ? [JSON.parse(line)] : []));
}

/** The chunk files `dir`'s journal records name. */
function namedFiles(dir: string): string[] {
  return records(dir).flatMap(({ chunks }) => (chunks === undefined ? [] : chunks.pieces.map(([device, slot]) => join(dir, "chunks", chunks.devices[device]![0], `${slot}.chunk`))));
}

/** `volume`'s bytes at `offset`, read through `session` into a host file. */
function readBack(session: Session, host: string, volume: string, offset: number, length: number): Buffer {
  const out = join(host, `out-${volume}-${offset}.bin`);
  ok(session, `vol read ${volume} ${offset} ${length} --out ${out}`);
  return readFileSync(out);
}

/** Writes `bytes` through a host file that is gone afterwards (replay must not need it). */
function writeFile(session: Session, host: string, line: (file: string) => string, bytes: Uint8Array): void {
  const file = join(host, "in.bin");
  writeFileSync(file, bytes);
  ok(session, line(file));
  rmSync(file);
}

describe("journal records naming chunk slots", () => {
  it("replays every acknowledged byte from the slots, also after a second crash, and a later write never changes the slots an earlier record names", () => {
    const dir = tempDir();
    const host = tempDir("kshell-host-");
    const [first, second, third] = [randomBytes(3 * MiB + 17), randomBytes(2 * MiB), randomBytes(MiB)];
    let session = open(dir);
    ok(session, CLUSTER);
    writeFile(session, host, (file) => `vol write dv 1000 --file ${file}`, first);
    writeFile(session, host, (file) => `vol write dv ${MiB} --file ${file}`, second); // over most of the first, before any snapshot
    writeFile(session, host, (file) => `vol write lv 4097 --file ${file}`, third); // 64 KiB chunks, unaligned
    const expected = Buffer.from(first);
    expected.set(second, MiB - 1000);
    const refs = records(dir).filter((record) => record.line.includes("--file"));
    expect(refs.map((record) => [record.payload, record.chunks?.pieces.reduce((sum, piece) => sum + piece[3], 0)])).toEqual([
      [undefined, first.length],
      [undefined, second.length],
      [undefined, third.length],
    ]);
    const named = namedFiles(dir);
    const stamps = named.map((file) => statSync(file, { bigint: true }).mtimeNs);
    for (let round = 0; round < 2; round++) {
      crash(session);
      session = open(dir); // replays; the second time over what the first replay wrote
      expect(named.map((file) => statSync(file, { bigint: true }).mtimeNs)).toEqual(stamps); // replay wrote other slots: a crash during it loses nothing
      expect(readBack(session, host, "dv", 1000, expected.length).equals(expected)).toBe(true);
      expect(readBack(session, host, "lv", 4097, third.length).equals(third)).toBe(true);
    }
    const fourth = randomBytes(MiB);
    writeFile(session, host, (file) => `vol write dv 0 --file ${file}`, fourth); // after a replay: slots it did not take
    crash(session);
    session = open(dir);
    expect(readBack(session, host, "dv", 0, MiB).equals(fourth)).toBe(true);
    expect(readBack(session, host, "dv", MiB, 2 * MiB).equals(second)).toBe(true);
  });

  it("stops the start with one line naming the record and the file when a named slot was changed or removed", () => {
    const dir = tempDir();
    const host = tempDir("kshell-host-");
    const session = open(dir);
    ok(session, CLUSTER);
    writeFile(session, host, (file) => `vol write dv 0 --file ${file}`, randomBytes(2 * MiB));
    crash(session);
    const record = records(dir).find((one) => one.chunks !== undefined)!;
    const [device, slot] = [record.chunks!.devices[record.chunks!.pieces[1]![0]]![0], record.chunks!.pieces[1]![1]];
    const file = join(dir, "chunks", device, `${slot}.chunk`);
    const bytes = readFileSync(file);
    bytes[12345] = bytes[12345]! ^ 0x40;
    writeFileSync(file, bytes);
    const start = () => open(dir);
    expect(start).toThrow(StateFileError);
    expect(start).toThrow(`record 9 (vol write dv 0 --file ${host}/in.bin): bytes ${MiB}..${2 * MiB - 1} of its payload (${file}) do not match their checksum`);
    rmSync(file);
    expect(start).toThrow(`bytes ${MiB}..${2 * MiB - 1} of its payload (${file}) are missing`);
  });

  it("frees the pinned slots' files once a snapshot holds their chunks: each device keeps one file a chunk", () => {
    const dir = tempDir();
    const host = tempDir("kshell-host-");
    const session = open(dir);
    ok(session, CLUSTER);
    for (let round = 0; round < 3; round++) writeFile(session, host, (file) => `vol write dv 0 --file ${file}`, randomBytes(4 * MiB));
    const files = (device: string) => readdirSync(join(dir, "chunks", "sds", device)).length;
    expect(files("sds1") + files("sds2")).toBeGreaterThan(8); // the pinned slots of the first two rounds are kept until the snapshot
    ok(session, "save");
    expect([files("sds1"), files("sds2")]).toEqual([4, 4]);
    expect(records(dir)).toEqual([]);
  });

  it("still replays a record that carries its bytes (an older journal), beside records that name slots", () => {
    const dir = tempDir();
    const host = tempDir("kshell-host-");
    const old = randomBytes(MiB + 3);
    const store = StateStore.open(dir);
    store.readSnapshot(SUBSYSTEMS);
    for (const line of CLUSTER.split("; ")) store.append({ t: 0, user: "root", line });
    store.append({ t: 0, user: "root", line: `vol write dv 5 --file ${host}/gone.bin`, payload: old });
    store.close();
    let session = open(dir);
    const newer = randomBytes(MiB);
    writeFile(session, host, (file) => `vol write dv ${4 * MiB} --file ${file}`, newer);
    crash(session);
    expect(records(dir).filter((record) => record.line.startsWith("vol write")).map((record) => [record.payload !== undefined, record.chunks !== undefined])).toEqual([
      [true, false],
      [false, true],
    ]);
    session = open(dir);
    expect(readBack(session, host, "dv", 5, old.length).equals(old)).toBe(true);
    expect(readBack(session, host, "dv", 4 * MiB, MiB).equals(newer)).toBe(true);
  });
});

describe("syncAll", () => {
  it("syncs many files together, and names the first that failed with its errno", () => {
    const folder = tempDir();
    const paths = Array.from({ length: 40 }, (_, i) => join(folder, `${i}.chunk`));
    for (const path of paths) writeFileSync(path, randomBytes(4096));
    expect(() => syncAll(paths)).not.toThrow();
    const missing = join(folder, "gone.chunk");
    let thrown: NodeJS.ErrnoException | undefined;
    try {
      syncAll([...paths.slice(0, 5), missing, ...paths.slice(5)]);
    } catch (error) {
      thrown = error as NodeJS.ErrnoException;
    }
    expect([thrown?.code, thrown?.syscall, thrown?.path]).toEqual(["ENOENT", "fsync", missing]);
  });
});
