// Issue 12, storage: local volumes at real sizes (16 TiB thin volumes, 64 TiB tiers) whose bytes
// live in the chunk store, not in state.json; thick volumes reserve in the accounting only; a
// chunk that fails its checksum makes the read fail with EIO and the volume Degraded.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type SavedStorage } from "../../modules/storage/index.js";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { ChunkHost } from "../../src/chunks/chunk-host.js";
import { CHUNK_SIZE, VOLUME_SIZE_MAX } from "../../src/limits.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { validateSnapshot } from "../../src/persistence/validate-snapshot.js";
import { Session } from "../../shell/session.js";
import { newSession, ok, tempDir, TEST_KEY } from "../helpers.js";
import { fillTier, manager, str, text } from "./fixtures.js";

const TiB = 1024 ** 4;

/** A second manager over the same host, restored from the first's saved form and chunk space (as a restarted kernel is). */
function reopened(first: ReturnType<typeof manager>, host = first.space.host) {
  first.space.sync();
  const saved = JSON.parse(JSON.stringify(first.storage.toJSON())) as SavedStorage;
  const chunks = JSON.parse(JSON.stringify(first.space.toJSON()));
  first.space.committed();
  const second = manager(host);
  second.space.restore(chunks);
  second.clock.advanceTo(first.clock.now());
  second.storage.restore(saved);
  return second;
}

describe("16 TiB thin volumes", () => {
  it("are created, written at the last byte, listed, snapshotted, replicated, shrunk and deleted at the cost of what is written", () => {
    const { storage, space, clock } = manager();
    storage.create({ name: "huge", type: "block", tier: "ssd", sizeBytes: VOLUME_SIZE_MAX, thin: true });
    storage.create({ name: "twin", type: "block", tier: "hdd", sizeBytes: VOLUME_SIZE_MAX, thin: true });
    storage.write("huge", VOLUME_SIZE_MAX - 1, text("Z"));
    storage.write("huge", 0, text("first"));
    expect(str(storage.read("huge", VOLUME_SIZE_MAX - 1, 1).data)).toBe("Z");
    expect(storage.show("huge")).toMatchObject({ sizeBytes: 16 * TiB, allocatedBytes: 2 * CHUNK_SIZE });
    expect(storage.allocatedRanges("huge")).toEqual([[0, CHUNK_SIZE], [VOLUME_SIZE_MAX - CHUNK_SIZE, VOLUME_SIZE_MAX]]);
    expect(storage.list().map((v) => v.allocatedBytes)).toEqual([2 * CHUNK_SIZE, 0]);
    storage.snapshotCreate("huge", "s1");
    storage.write("huge", VOLUME_SIZE_MAX - 1, text("z"));
    expect(str(storage.snapshotRead("huge", "s1", VOLUME_SIZE_MAX - 1, 1))).toBe("Z");
    expect(storage.snapshotList("huge")[0]).toMatchObject({ sizeBytes: 16 * TiB, usedBytes: CHUNK_SIZE });
    storage.replicateStart("huge", "twin", 1024 ** 3);
    expect(storage.replicationStatus()[0]).toMatchObject({ state: "syncing", lagBytes: 2 * CHUNK_SIZE }); // the written chunks, not 16 TiB
    clock.advance(1000);
    expect(storage.replicationStatus()[0]).toMatchObject({ state: "in-sync", bytesCopied: 2 * CHUNK_SIZE });
    expect(str(storage.read("twin", VOLUME_SIZE_MAX - 1, 1).data)).toBe("z");
    storage.replicateStop("huge", "twin", true);
    expect(space.chunkCount()).toBe(5); // huge's two and the snapshot's own last chunk on ssd, twin's two on hdd
    expect(() => storage.resize("huge", 8 * TiB, false)).toThrow(/would cut written data at byte 17592186044415/);
    storage.resize("huge", 8 * TiB, true);
    expect(storage.show("huge").allocatedBytes).toBe(CHUNK_SIZE);
    storage.delete("huge", true);
    storage.delete("twin", false);
    expect(space.chunkCount()).toBe(0);
  });
});

describe("64 TiB tiers", () => {
  it("count capacity logically: thick volumes reserve it without allocating, and the 64 TiB + 1 chunk fails at create", () => {
    const { storage, space } = manager();
    expect(storage.tiers()).toEqual([
      { tier: "ssd", capacityBytes: 64 * TiB, usedBytes: 0, reservedBytes: 0 },
      { tier: "hdd", capacityBytes: 64 * TiB, usedBytes: 0, reservedBytes: 0 },
    ]);
    expect(fillTier(storage, "ssd", 1)).toEqual(["hog", "hog1", "hog2", "hog3"]);
    expect(storage.tiers()[0]).toMatchObject({ usedBytes: 0, reservedBytes: 64 * TiB - CHUNK_SIZE });
    expect(space.chunkCount()).toBe(0); // reservations allocate nothing
    storage.create({ name: "last", type: "block", tier: "ssd", sizeBytes: CHUNK_SIZE, thin: false }); // exactly the chunk left
    expect(() => storage.create({ name: "over", type: "block", tier: "ssd", sizeBytes: 1, thin: false })).toThrow(
      expect.objectContaining({ code: "ENOSPC", message: "ssd pool cannot reserve 1 chunks for over: 0 of 1073741824 unreserved" }),
    );
    expect(storage.names()).not.toContain("over");
    storage.create({ name: "thin", type: "block", tier: "ssd", sizeBytes: TiB, thin: true });
    expect(() => storage.write("thin", 0, text("no room"))).toThrow(expect.objectContaining({ code: "ENOSPC" }));
    storage.create({ name: "elsewhere", type: "block", tier: "hdd", sizeBytes: 16 * TiB, thin: false }); // the other tier has its own 64 TiB
    storage.delete("last", false);
    storage.write("thin", 0, text("room again"));
    expect(storage.tiers()[0]).toMatchObject({ usedBytes: CHUNK_SIZE, reservedBytes: 64 * TiB - CHUNK_SIZE });
  });
});

describe("bytes in the chunk store", () => {
  it("survive a save and restore in files, with no base64 in the saved form; pool ids are kept", () => {
    const host = ChunkHost.inFolder(tempDir("kshell-chunks-"));
    const first = manager(host);
    first.storage.create({ name: "db", type: "block", tier: "ssd", sizeBytes: 16 * TiB, thin: true });
    first.storage.write("db", 5 * TiB, new Uint8Array(3 * CHUNK_SIZE).fill(0x61));
    first.storage.write("db", 5 * TiB + 10, text("partial"));
    first.storage.snapshotCreate("db", "s1");
    first.storage.write("db", 5 * TiB + 10, text("PARTIAL"));
    const saved = first.storage.toJSON();
    expect(saved.pools.ssd.chunks).toEqual([[1, 1], [2, 2, 2], [4, 1]]); // runs: ids 2 and 3 are shared with the snapshot
    expect(saved.volumes[0]!.chunks).toEqual([[5 * 16 * 1024 ** 2, 4], [5 * 16 * 1024 ** 2 + 1, 2, 2]]); // the first chunk moved when rewritten after the snapshot
    expect(JSON.stringify(saved)).not.toMatch(/[A-Za-z0-9+/]{64}/);
    const second = reopened(first, ChunkHost.inFolder(host.folder!)); // a new process: nothing cached
    expect(str(second.storage.read("db", 5 * TiB + 10, 7).data)).toBe("PARTIAL");
    expect(str(second.storage.snapshotRead("db", "s1", 5 * TiB + 8, 11))).toBe("aapartialaa");
    expect(second.storage.read("db", 5 * TiB + CHUNK_SIZE, 2 * CHUNK_SIZE).data.every((b) => b === 0x61)).toBe(true);
    second.storage.write("db", 0, text("after")); // takes the lowest free id, as the first would have
    expect(second.storage.toJSON().pools.ssd.chunks.at(-1)).toEqual([4, 1, 2]); // id 5: the lowest free
  });

  it("keep a committed chunk's slot until the next commit, then remove the files no chunk names", () => {
    const folder = tempDir("kshell-chunks-");
    const { storage, space } = manager(ChunkHost.inFolder(folder));
    const files = () => readdirSync(join(folder, "local", "ssd")).sort();
    storage.create({ name: "a", type: "block", tier: "ssd", sizeBytes: TiB, thin: true });
    storage.create({ name: "b", type: "block", tier: "ssd", sizeBytes: TiB, thin: true });
    storage.write("a", 0, new Uint8Array(2 * CHUNK_SIZE).fill(1));
    storage.write("b", 0, text("b"));
    space.sync();
    space.committed();
    expect(files()).toEqual(["0.chunk", "1.chunk", "2.chunk"]);
    storage.write("a", 0, text("new")); // a committed slot is never changed: the chunk moves to a fresh slot
    storage.delete("b", false); // its slot is retired, not reused, until the commit
    expect(files()).toEqual(["0.chunk", "1.chunk", "2.chunk", "3.chunk"]);
    space.sync();
    space.committed();
    expect(files()).toEqual(["1.chunk", "3.chunk"]);
    expect(str(storage.read("a", 0, 4).data)).toBe("new\x01");
  });

  it("loads a state file from before the chunk store: base64 pool chunks go into the store", () => {
    const session = newSession();
    ok(session, "vol create old --size 1M; vol write old 100 --data legacy");
    const snapshot = JSON.parse(JSON.stringify(session.kernel.toSnapshot()));
    const bytes = new Uint8Array(CHUNK_SIZE);
    bytes.set(text("legacy"), 100);
    delete snapshot.chunks; // files before the chunk store had none
    snapshot.storage.pools.ssd.chunks = [[1, 1, Buffer.from(bytes).toString("base64")]];
    const checked = validateSnapshot(snapshot, SUBSYSTEMS);
    expect("problem" in checked ? checked.problem : undefined).toBeUndefined();
    const dir = tempDir();
    const store = StateStore.open(dir);
    store.compact(snapshot);
    const restored = new Session({ seed: 1, sealKey: TEST_KEY, store: StateStore.open(dir) });
    expect(ok(restored, "vol read old 100 6")).toEqual(["legacy"]);
    ok(restored, "save");
    const state = readFileSync(join(dir, "state.json"), "utf8");
    expect(state).not.toContain(Buffer.from(bytes).toString("base64").slice(0, 40));
    expect(readdirSync(join(dir, "chunks", "local", "ssd"))).toEqual(["0.chunk"]);
  });
});

describe("the saved chunk maps", () => {
  it("save a sequential write as one run and check each run against its volume and pool", () => {
    const session = newSession();
    ok(session, "vol create seq --size 16M; vol write seq 0 --pattern 0x61 --len 16M");
    const snapshot = JSON.parse(JSON.stringify(session.kernel.toSnapshot()));
    expect([snapshot.storage.volumes[0].chunks, snapshot.storage.pools.ssd.chunks]).toEqual([[[0, 1, 256]], [[1, 1, 256]]]);
    expect("problem" in validateSnapshot(snapshot, SUBSYSTEMS)).toBe(false);
    snapshot.storage.volumes[0].chunks = [[1, 1, 256]];
    expect(validateSnapshot(snapshot, SUBSYSTEMS)).toEqual({ problem: "storage.volumes[0].chunks[0]: chunk index 256 is past the end (256 chunks)" });
    snapshot.storage.volumes[0].chunks = [[0, 2, 256]];
    expect(validateSnapshot(snapshot, SUBSYSTEMS)).toEqual({ problem: "storage.volumes[0].chunks[0]: chunk 257 is not in the ssd pool" });
    snapshot.storage.pools.ssd.chunks = [[1, 1, 256], [256, 1]];
    expect(validateSnapshot(snapshot, SUBSYSTEMS)).toEqual({ problem: "storage.pools.ssd.chunks[1]: chunk 256 is stored twice" });
  });
});

describe("checksums", () => {
  it("fail a read of a flipped chunk with EIO naming the volume and offset, and make the volume Degraded until it is rewritten", () => {
    const folder = tempDir("kshell-chunks-");
    const first = manager(ChunkHost.inFolder(folder));
    first.storage.create({ name: "db", type: "block", tier: "ssd", sizeBytes: TiB, thin: true });
    first.storage.write("db", 2 * CHUNK_SIZE, new Uint8Array(CHUNK_SIZE).fill(7));
    first.storage.write("db", 0, text("fine"));
    const second = reopened(first, ChunkHost.inFolder(folder));
    const file = join(folder, "local", "ssd", "0.chunk"); // the first chunk written
    const flipped = readFileSync(file);
    flipped[5] = flipped[5]! ^ 0xff;
    writeFileSync(file, flipped);
    expect(() => second.storage.read("db", 2 * CHUNK_SIZE + 4, 8)).toThrow(
      expect.objectContaining({ code: "EIO", message: expect.stringMatching(/^db: bytes at offset 131076 failed their checksum \(chunk 1 on local\/ssd: stored bytes do not match their checksum\)$/) }),
    );
    expect(() => second.storage.write("db", 2 * CHUNK_SIZE + 4, text("part"))).toThrow(
      expect.objectContaining({ code: "EIO", hint: "vol show db: the volume is Degraded until that chunk is written again whole (64K at offset 128K)" }), // a part of it cannot be merged with bytes that cannot be read
    );
    expect(second.storage.show("db")).toMatchObject({ state: "Degraded", stateDetail: expect.stringMatching(/offset 131076 failed their checksum/) });
    expect(str(second.storage.read("db", 0, 4).data)).toBe("fine"); // other chunks still read
    expect(() => second.storage.snapshotCreate("db", "s")).not.toThrow(); // a Degraded volume may be snapshotted
    expect(() => second.storage.read("db", 2 * CHUNK_SIZE, 1)).toThrow(expect.objectContaining({ code: "EIO" }));
    second.storage.write("db", 2 * CHUNK_SIZE, new Uint8Array(CHUNK_SIZE).fill(8)); // the whole chunk again
    expect(second.storage.show("db").state).toBe("Available");
    expect(second.storage.read("db", 2 * CHUNK_SIZE, 2).data).toEqual(new Uint8Array([8, 8]));
    expect(() => second.storage.snapshotRead("db", "s", 2 * CHUNK_SIZE, 1)).toThrow(/^db@s: bytes at offset 131072 failed their checksum/);
  });

  it("fail a torn chunk the same way", () => {
    const folder = tempDir("kshell-chunks-");
    const first = manager(ChunkHost.inFolder(folder));
    first.storage.create({ name: "db", type: "block", tier: "hdd", sizeBytes: TiB, thin: true });
    first.storage.write("db", 0, text("torn"));
    const second = reopened(first, ChunkHost.inFolder(folder));
    const file = join(folder, "local", "hdd", "0.chunk");
    writeFileSync(file, readFileSync(file).subarray(0, 1000));
    expect(() => second.storage.read("db", 0, 4)).toThrow(/^db: bytes at offset 0 failed their checksum \(chunk 1 on local\/hdd: stored chunk is torn \(1000 of 65536 bytes\)\)$/);
    expect(second.storage.show("db").state).toBe("Degraded");
  });
});

// Copy-on-write copies a shared chunk through one buffer the backend keeps (src/chunks/chunk-copy.ts):
// each copy must carry its own chunk's bytes, and a source failing its checksum must copy nothing.
describe("copy-on-write", () => {
  const pattern = (seed: number) => new Uint8Array(CHUNK_SIZE).map((_, i) => (i * 3 + seed) % 251);

  it("gives each shared chunk a private copy of its own bytes, one after another, and leaves the snapshot's alone", () => {
    const { storage } = manager();
    storage.create({ name: "db", type: "block", tier: "ssd", sizeBytes: TiB, thin: true });
    storage.write("db", 0, pattern(1));
    storage.write("db", CHUNK_SIZE, pattern(2));
    storage.snapshotCreate("db", "s");
    storage.write("db", 10, text("one"));
    storage.write("db", CHUNK_SIZE + 20, text("two"));
    const expected = [pattern(1), pattern(2)];
    expected[0]!.set(text("one"), 10);
    expected[1]!.set(text("two"), 20);
    expect(Buffer.from(storage.read("db", 0, CHUNK_SIZE).data).equals(expected[0]!)).toBe(true);
    expect(Buffer.from(storage.read("db", CHUNK_SIZE, CHUNK_SIZE).data).equals(expected[1]!)).toBe(true);
    expect(Buffer.from(storage.snapshotRead("db", "s", 0, CHUNK_SIZE)).equals(pattern(1))).toBe(true);
    expect(Buffer.from(storage.snapshotRead("db", "s", CHUNK_SIZE, CHUNK_SIZE)).equals(pattern(2))).toBe(true);
  });

  it("fails with EIO when the shared chunk fails its checksum, taking no chunk and changing nothing", () => {
    const folder = tempDir("kshell-chunks-");
    const first = manager(ChunkHost.inFolder(folder));
    first.storage.create({ name: "db", type: "block", tier: "ssd", sizeBytes: TiB, thin: true });
    first.storage.write("db", 0, pattern(5));
    const second = reopened(first, ChunkHost.inFolder(folder));
    second.storage.snapshotCreate("db", "s");
    const file = join(folder, "local", "ssd", "0.chunk");
    const flipped = readFileSync(file);
    flipped[9] = flipped[9]! ^ 0xff;
    writeFileSync(file, flipped);
    const used = second.storage.tiers().find((t) => t.tier === "ssd")!.usedBytes;
    expect(() => second.storage.write("db", 4, text("x"))).toThrow(expect.objectContaining({ code: "EIO", message: expect.stringMatching(/^db: bytes at offset 4 failed their checksum/) }));
    expect(second.storage.tiers().find((t) => t.tier === "ssd")!.usedBytes).toBe(used); // the copy taken for it went back
    expect(() => second.storage.snapshotRead("db", "s", 0, 1)).toThrow(expect.objectContaining({ code: "EIO" }));
  });
});
