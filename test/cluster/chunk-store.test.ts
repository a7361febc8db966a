// The cluster's bytes in the chunk store: each storage node's chunks on its own device
// (sds/<node>), volumes and nodes at real sizes without walking what is only provisioned, ids and
// bytes through a kernel snapshot (and old snapshots with base64 chunks), a copy failing its
// checksum never returned (reads fail over; scrub repairs it from a good copy).

import * as fs from "node:fs";
import * as path from "node:path";
import * as v from "valibot";
import { afterEach, describe, expect, it } from "vitest";
import { DistributedStorageManager, type Alert, type SavedCluster } from "../../modules/cluster/index.js";
import { SAVED_CLUSTER_SCHEMA } from "../../modules/cluster/saved-schema.js";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";
import { Clock } from "../../src/clock.js";
import { ROOT, type Operation } from "../../src/gate.js";
import { Kernel, type KernelSnapshot } from "../../src/kernel.js";
import { CLUSTER_CHUNK_KEY_MAX, CLUSTER_CHUNK_SIZE, CLUSTER_STORED_CHUNK_MAX, NODE_CAPACITY_MAX, VOLUME_SIZE_MAX } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import { newSession, ok, tempDir, TEST_KEY } from "../helpers.js";

const MiB = 1024 ** 2;
const TiB = 1024 ** 4;
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const made = tempDir("kshell-cluster-chunks-");
  folders.push(made);
  return made;
}

/** Two nodes of `capacity`, a two-copy pool, client h, volume dv of `size` mapped to it; bytes in `chunks`. */
function cluster(options: { capacity?: number; size?: number; chunks?: ChunkSpace } = {}) {
  const alerts: Alert[] = [];
  const chunks = options.chunks ?? new ChunkSpace(ChunkHost.inMemory());
  const clock = new Clock();
  const mdm = new DistributedStorageManager(clock, new Rng(3), TEST_KEY, { raised: (a) => alerts.push(a), resolved: () => {} }, undefined, chunks);
  mdm.topology.addDomain("pd1");
  mdm.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency: "strong", shards: 8 });
  for (const name of ["sds1", "sds2"]) mdm.addNode(name, "pd1/sp1", options.capacity ?? NODE_CAPACITY_MAX, "ssd", "");
  mdm.addClient("h");
  mdm.createVolume("dv", "pd1/sp1", options.size ?? VOLUME_SIZE_MAX);
  mdm.map("dv", "h", false, false);
  return { mdm, alerts, chunks, clock };
}

const chunkOf = (byte: number) => new Uint8Array(CLUSTER_CHUNK_SIZE).fill(byte);
const chunkFiles = (root: string, node: string) => fs.readdirSync(path.join(root, "sds", node)).filter((f) => f.endsWith(".chunk"));

describe("sizes like the real systems", () => {
  it("a 16 TiB volume on 64 TiB nodes costs nothing until written, and its last chunk reads back", () => {
    const { mdm } = cluster();
    expect(VOLUME_SIZE_MAX).toBe(16 * TiB);
    expect(mdm.allocatedRanges("dv")).toEqual([]);
    expect(mdm.dataState("dv")).toBe("whole");
    expect(mdm.firstWrittenByte("dv", 0)).toBe(-1);
    expect(mdm.rebuildStatus().pendingBytes).toBe(0);
    mdm.snapshotCreate("dv", "empty"); // shares nothing: nothing is held
    expect(mdm.snapshotList("dv")[0]).toMatchObject({ sizeBytes: 16 * TiB, usedBytes: 0 });
    const last = VOLUME_SIZE_MAX - CLUSTER_CHUNK_SIZE;
    mdm.write("dv", last, chunkOf(9), {});
    expect(mdm.read("dv", VOLUME_SIZE_MAX - 4, 4, {})).toEqual(new Uint8Array([9, 9, 9, 9]));
    expect(mdm.allocatedRanges("dv")).toEqual([[last, VOLUME_SIZE_MAX]]);
    expect(mdm.firstWrittenByte("dv", 0)).toBe(last);
    expect(mdm.chunkLocations("dv").map((c) => c.index)).toEqual([last / CLUSTER_CHUNK_SIZE]);
    expect(mdm.shardSummary().withData).toBe(1);
    mdm.snapshotRestore("dv", "empty");
    expect(mdm.read("dv", VOLUME_SIZE_MAX - 4, 4, {})).toEqual(new Uint8Array(4));
    expect(mdm.nodeUsage(0) + mdm.nodeUsage(1)).toBe(0);
  });

  it("refuses a volume past 16 TiB and a node past 64 TiB with the limit named", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1");
    ok(session, "cluster pool create pd1/sp1 --copies 2");
    expect(session.execute("cluster sds add big --pool pd1/sp1 --capacity 65T").error).toBe("error: node capacity 65T is out of range (1M..64T) [EINVAL]");
    ok(session, "cluster sds add sds1 --pool pd1/sp1 --capacity 64T");
    ok(session, "cluster sds add sds2 --pool pd1/sp1 --capacity 100G");
    ok(session, "vol create dv --type distributed --pool pd1/sp1 --size 16T");
    expect(session.execute("vol create dw --type distributed --pool pd1/sp1 --size 17T").error).toMatch(/EINVAL|too large|16T/);
  });

  it("a node takes chunks up to its capacity; one more fails with ENOSPC and changes nothing", () => {
    const { mdm } = cluster({ capacity: 8 * MiB, size: 16 * MiB });
    for (let i = 0; i < 8; i++) mdm.write("dv", i * MiB, chunkOf(i + 1), {});
    expect(() => mdm.write("dv", 8 * MiB, chunkOf(9), {})).toThrow(/storage node sds\d cannot take 1 more chunks: 8 of 8 in use/);
    expect(mdm.read("dv", 8 * MiB, 1, {})).toEqual(new Uint8Array(1));
    for (let i = 0; i < 8; i++) expect(mdm.read("dv", i * MiB + 5, 1, {})).toEqual(new Uint8Array([i + 1]));
  });

  it("cluster sds show counts a node's chunks and says where their files are", () => {
    const session = newSession();
    for (const line of ["cluster pd create pd1", "cluster pool create pd1/sp1 --copies 2", "cluster sds add sds1 --pool pd1/sp1 --capacity 100G", "cluster sds add sds2 --pool pd1/sp1 --capacity 100G", "cluster sdc add h1", "vol create dv --type distributed --pool pd1/sp1 --size 10G", "cluster map dv h1"]) ok(session, line);
    ok(session, "vol write dv 0 --pattern 0x61 --len 3M");
    ok(session, "vol write dv 9G --data x");
    expect(ok(session, "cluster sds show sds1")).toEqual(["storage node sds1: ACTIVE", "pool:        pd1/sp1 (ssd)", "capacity:    100G, 4.0M used", expect.stringMatching(/^replicas: +\d+$/), "chunks:      4", "chunk files: 4 in memory"]);
    expect(session.execute("cluster sds show nope").error).toMatch(/ENOENT/);
  });

  it("a thick volume past the chunk copies the nodes can index fails at once", () => {
    const { mdm } = cluster({ size: MiB });
    const size = (CLUSTER_CHUNK_KEY_MAX / 2 + 1) * CLUSTER_CHUNK_SIZE;
    expect(() => mdm.createVolume("thick", "pd1/sp1", size, true)).toThrow(/CLUSTER_CHUNK_KEY_MAX/);
    expect(mdm.volumeNames()).toEqual(["dv"]);
  });
});

describe("bytes on the nodes' chunk devices", () => {
  it("keeps one chunk file per chunk a node holds, and none in the saved form", () => {
    const root = folder();
    const { mdm } = cluster({ chunks: new ChunkSpace(ChunkHost.inFolder(root)) });
    for (let i = 0; i < 3; i++) mdm.write("dv", i * MiB, chunkOf(i + 1), {});
    mdm.write("dv", 3 * MiB + 10, new Uint8Array([42]), {}); // a partial chunk: zeros around it
    expect(chunkFiles(root, "sds1")).toHaveLength(4);
    expect(chunkFiles(root, "sds2")).toHaveLength(4);
    const saved = mdm.toJSON().chunks;
    expect(saved.keys.map(([node, key]) => `${node} ${key}`)).toEqual(["0 dv#0", "0 dv#1", "0 dv#2", "0 dv#3", "1 dv#0", "1 dv#1", "1 dv#2", "1 dv#3"]);
    expect(new Set(saved.chunks.map(([, id]) => id)).size).toBe(8); // one stored chunk id each, no bytes beside it
    expect(mdm.toJSON().chunks.chunks.every((row) => row.length === 3)).toBe(true);
    expect(mdm.read("dv", 3 * MiB + 9, 3, {})).toEqual(new Uint8Array([0, 42, 0]));
  });

  it("writes only what a first small write into a chunk holds: a sparse file of the chunk's size, zeros around the bytes", () => {
    const root = folder();
    const { mdm } = cluster({ chunks: new ChunkSpace(ChunkHost.inFolder(root)) });
    const data = new Uint8Array(64 * 1024).fill(0xcd);
    mdm.write("dv", 5 * MiB + 4096, data, {});
    for (const node of ["sds1", "sds2"]) {
      const [file] = chunkFiles(root, node);
      const stats = fs.statSync(path.join(root, "sds", node, file!));
      expect(stats.size).toBe(MiB);
      expect(stats.blocks * 512).toBeLessThan(MiB / 4); // 64 KiB written and a hole, not the whole MiB (ext4, tmpfs and xfs keep holes)
    }
    expect(mdm.read("dv", 5 * MiB + 4095, 64 * 1024 + 2, {})).toEqual(Uint8Array.from({ length: 64 * 1024 + 2 }, (_, i) => (i === 0 || i === 64 * 1024 + 1 ? 0 : 0xcd)));
    expect(mdm.read("dv", 5 * MiB, 4096, {})).toEqual(new Uint8Array(4096));
  });

  it("a snapshot shares the stored chunk until the volume writes it", () => {
    const root = folder();
    const { mdm } = cluster({ chunks: new ChunkSpace(ChunkHost.inFolder(root)) });
    mdm.write("dv", 0, chunkOf(1), {});
    mdm.snapshotCreate("dv", "s1");
    expect(chunkFiles(root, "sds1")).toHaveLength(1);
    mdm.write("dv", 7, new Uint8Array([2]), {});
    expect(chunkFiles(root, "sds1")).toHaveLength(2);
    expect(mdm.snapshotRead("dv", "s1", 6, 2, {})).toEqual(new Uint8Array([1, 1]));
    expect(mdm.read("dv", 6, 2, {})).toEqual(new Uint8Array([1, 2]));
  });

  it("bytes and chunk ids survive a kernel snapshot over the same folder", () => {
    const root = folder();
    const kernel = new Kernel({ seed: 1, sealKey: TEST_KEY, subsystems: SUBSYSTEMS, chunkHost: ChunkHost.inFolder(root) });
    const op: Operation = { action: "cluster.test", object: "cluster", type: "storage", mutates: true, access: "write" };
    kernel.syscall(ROOT, op, (k) => {
      k.cluster.topology.addDomain("pd1");
      k.cluster.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency: "strong", shards: 8 });
      k.cluster.addNode("sds1", "pd1/sp1", 100 * 1024 ** 3, "ssd", "");
      k.cluster.addNode("sds2", "pd1/sp1", 100 * 1024 ** 3, "ssd", "");
      k.cluster.addClient("h");
      k.cluster.createVolume("dv", "pd1/sp1", 10 * 1024 ** 3);
      k.cluster.map("dv", "h", false, false);
      k.cluster.write("dv", 5 * MiB, chunkOf(7), {});
      k.cluster.write("dv", 9 * 1024 ** 3 + 3, new Uint8Array([1, 2, 3]), {});
    });
    kernel.chunks.sync();
    const text = JSON.stringify(kernel.toSnapshot());
    kernel.chunks.committed();
    expect(text).not.toMatch(/[A-Za-z0-9+/]{200}/); // no base64 bytes anywhere
    const snapshot = JSON.parse(text) as KernelSnapshot;
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS, chunkHost: ChunkHost.inFolder(root) });
    expect(JSON.stringify(restored.toSnapshot())).toBe(text);
    const read = (offset: number, length: number) => restored.syscall(ROOT, { ...op, mutates: false, access: "read" }, (k) => k.cluster.read("dv", offset, length, {}));
    expect(Buffer.from(read(5 * MiB, CLUSTER_CHUNK_SIZE)).equals(chunkOf(7))).toBe(true); // not toEqual: a deep compare of 1 MiB takes seconds
    expect(read(9 * 1024 ** 3 + 2, 5)).toEqual(new Uint8Array([0, 1, 2, 3, 0]));
  });

  it("an old snapshot with base64 chunks loads: its bytes go to the devices", () => {
    const first = cluster({ size: 8 * MiB });
    first.mdm.write("dv", MiB + 1, new Uint8Array([5, 6]), {});
    first.mdm.snapshotCreate("dv", "s1");
    const saved = first.mdm.toJSON();
    const bytes = new Uint8Array(CLUSTER_CHUNK_SIZE);
    bytes.set([5, 6], 1);
    const numbers = new Map(saved.chunks.chunks.map(([node, id], n) => [`${node}:${id}`, n])); // old files numbered chunks per file
    const old = {
      ...saved,
      chunks: {
        keys: saved.chunks.keys.map(([node, key, id]) => [node, key, numbers.get(`${node}:${id}`)!]),
        chunks: saved.chunks.chunks.map(([node, id, version]) => [node, numbers.get(`${node}:${id}`)!, version, Buffer.from(bytes).toString("base64")]),
      },
    };
    const parsed = v.parse(SAVED_CLUSTER_SCHEMA, JSON.parse(JSON.stringify(old))) as SavedCluster;
    const second = cluster({ size: 8 * MiB }).mdm; // a fresh manager of its own devices
    const restored = new DistributedStorageManager(new Clock(), new Rng(4), TEST_KEY, undefined, undefined, second.chunks);
    restored.restore(parsed);
    expect(restored.read("dv", MiB, 4, { client: "h" })).toEqual(new Uint8Array([0, 5, 6, 0]));
    expect(restored.snapshotRead("dv", "s1", MiB + 1, 1, { client: "h" })).toEqual(new Uint8Array([5]));
    expect(restored.toJSON().chunks.chunks.every((row) => row.length === 3)).toBe(true);
  });

  it("a removed node's device is emptied; a node added again under its name starts empty", () => {
    const { mdm, chunks, clock } = cluster({ size: 8 * MiB });
    mdm.addNode("sds3", "pd1/sp1", NODE_CAPACITY_MAX, "ssd", "");
    for (let i = 0; i < 8; i++) mdm.write("dv", i * MiB, chunkOf(i + 1), {});
    const device = chunks.device("sds/sds3", CLUSTER_CHUNK_SIZE, CLUSTER_STORED_CHUNK_MAX - 1);
    expect(device.count()).toBeGreaterThan(0);
    mdm.removeNode("sds3");
    clock.advance(30_000); // the drain copies its chunks elsewhere, then it leaves
    expect(mdm.topology.nodes.has("sds3")).toBe(false);
    expect(device.count()).toBe(0);
    mdm.addNode("sds3", "pd1/sp1", NODE_CAPACITY_MAX, "ssd", "");
    expect(device.count()).toBe(0);
    for (let i = 0; i < 8; i++) expect(mdm.read("dv", i * MiB, 2, {})).toEqual(new Uint8Array([i + 1, i + 1]));
  });
});

describe("checksums", () => {
  function corruptOne(root: string, node: string): void {
    const [file] = chunkFiles(root, node);
    fs.writeFileSync(path.join(root, "sds", node, file!), Buffer.alloc(CLUSTER_CHUNK_SIZE, 0xee));
  }

  it("a read fails over past a copy failing its checksum, alerts naming node, volume and offset, and scrub repairs it", () => {
    const root = folder();
    const chunks = new ChunkSpace(ChunkHost.inFolder(root));
    const { mdm, alerts } = cluster({ size: 8 * MiB, chunks });
    mdm.write("dv", 2 * MiB, chunkOf(3), {});
    chunks.sync(); // checksums are taken as chunks are synced (stored-device.ts)
    corruptOne(root, "sds1");
    expect(mdm.read("dv", 2 * MiB + 100, 2, {})).toEqual(new Uint8Array([3, 3]));
    expect(alerts.map((a) => a.message)).toContainEqual("copy of dv at byte 2097252 on sds1 fails its checksum (chunk 2 of dv, file sds/sds1/0.chunk: its bytes do not match their checksum): reads go to another copy; cluster scrub repairs it");
    const report = mdm.scrub();
    expect(report.repaired).toEqual([{ key: "dv#2", node: "sds1", from: "sds2", file: "sds/sds1/0.chunk" }]);
    expect(report.mismatches).toEqual([]);
    expect(mdm.health.alerts.filter((a) => a.resolvedMs < 0 && a.message.includes("checksum"))).toEqual([]); // the repair resolved its alert
    expect(mdm.scrub().repaired).toEqual([]);
    mdm.failNode("sds2", "crash"); // only the repaired copy is left
    expect(mdm.read("dv", 2 * MiB, 2, {})).toEqual(new Uint8Array([3, 3]));
  });

  it("with no good copy the read fails with EIO naming the volume and byte offset, and scrub says so", () => {
    const root = folder();
    const chunks = new ChunkSpace(ChunkHost.inFolder(root));
    const { mdm } = cluster({ size: 8 * MiB, chunks });
    mdm.write("dv", MiB, chunkOf(4), {});
    chunks.sync();
    corruptOne(root, "sds1");
    corruptOne(root, "sds2");
    expect(() => mdm.read("dv", MiB + 8, 4, {})).toThrow(expect.objectContaining({ code: "EIO", message: expect.stringMatching(/^read of dv at byte offset 1048584: no copy reads back good \(sds1, sds2 failed their checksums\)/) }));
    expect(mdm.scrub().unrepairable).toEqual([{ key: "dv#1", nodes: ["sds1", "sds2"] }]);
  });

  it("small writes into a chunk keep its checksum true: a scrub reading every byte back finds nothing wrong", () => {
    const root = folder();
    const { mdm } = cluster({ size: 8 * MiB, chunks: new ChunkSpace(ChunkHost.inFolder(root)) });
    mdm.write("dv", 0, chunkOf(1), {});
    const model = chunkOf(1);
    const rng = new Rng(9);
    for (let i = 0; i < 40; i++) {
      const at = rng.nextBelow(CLUSTER_CHUNK_SIZE - 600);
      const data = new Uint8Array(1 + rng.nextBelow(500)).fill(i + 2);
      mdm.write("dv", at, data, {});
      model.set(data, at);
    }
    expect(mdm.scrub()).toMatchObject({ chunks: 1, mismatches: [], repaired: [], unrepairable: [] });
    expect(Buffer.from(mdm.read("dv", 0, CLUSTER_CHUNK_SIZE, {})).equals(model)).toBe(true);
  });

  it("scrub still finds good copies whose bytes differ", () => {
    const { mdm } = cluster({ size: 8 * MiB });
    mdm.write("dv", 0, chunkOf(1), {});
    mdm.corrupt("sds2", "dv", 3);
    expect(mdm.scrub()).toMatchObject({ chunks: 1, mismatches: [{ key: "dv#0", nodes: ["sds1", "sds2"] }], repaired: [] });
  });
});
