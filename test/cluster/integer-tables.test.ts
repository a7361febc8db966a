// The cluster's integer-addressed tables (issue 11): chunk addresses and their text form, the token
// cache by (volume, operation, client) slot, and saved forms that round-trip through them.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkAddress, ChunkNames, indexOf, NO_SNAPSHOT, snapshotOf, volumeOf } from "../../modules/cluster/chunk-address.js";
import { DistributedStorageManager } from "../../modules/cluster/index.js";
import { Clock } from "../../src/clock.js";
import { CLIENT_COUNT_MAX, CLUSTER_CHUNK_SIZE, CLUSTER_VOLUME_CHUNKS_MAX, MAPPING_MAX, SNAPSHOT_COUNT_MAX, VOLUME_COUNT_MAX } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import { TEST_KEY } from "../helpers.js";

const names = new ChunkNames({
  volumeName: (volume) => ["db", "logs"][volume]!,
  snapshotKey: (snapshot) => ["db@s1"][snapshot]!,
  findVolume: (name) => ["db", "logs"].indexOf(name),
  findSnapshot: (key) => ["db@s1"].indexOf(key),
});

describe("chunk addresses", () => {
  it("pack volume slot, snapshot slot and index, and unpack them", () => {
    const address = chunkAddress(VOLUME_COUNT_MAX - 1, SNAPSHOT_COUNT_MAX - 1, CLUSTER_VOLUME_CHUNKS_MAX - 1);
    expect([volumeOf(address), snapshotOf(address), indexOf(address)]).toEqual([VOLUME_COUNT_MAX - 1, SNAPSHOT_COUNT_MAX - 1, CLUSTER_VOLUME_CHUNKS_MAX - 1]);
    expect(snapshotOf(chunkAddress(0, NO_SNAPSHOT, 0))).toBe(NO_SNAPSHOT);
  });

  it("refuse parts out of range (an index past the largest volume, a volume slot past the table)", () => {
    expect(() => chunkAddress(0, NO_SNAPSHOT, CLUSTER_VOLUME_CHUNKS_MAX)).toThrow(/in range/);
    expect(() => chunkAddress(VOLUME_COUNT_MAX, NO_SNAPSHOT, 0)).toThrow(/in range/);
    expect(() => chunkAddress(0, SNAPSHOT_COUNT_MAX, 0)).toThrow(/in range/);
  });

  it("have the text form state.json and messages always used, and parse back; gone owners parse to undefined", () => {
    expect(names.text(chunkAddress(0, NO_SNAPSHOT, 3))).toBe("db#3");
    expect(names.text(chunkAddress(0, 0, 12))).toBe("db@s1#12");
    expect(names.describe(chunkAddress(0, 0, 12))).toBe("chunk 12 of db@s1");
    expect(names.parse("logs#7")).toBe(chunkAddress(1, NO_SNAPSHOT, 7));
    expect(names.parse("db@s1#12")).toBe(chunkAddress(0, 0, 12));
    expect([names.parse("gone#1"), names.parse("db@gone#1"), names.parse("db#x"), names.parse(`db#${CLUSTER_VOLUME_CHUNKS_MAX}`)]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("sort by text, as reports list chunks (db#10 before db#2)", () => {
    expect(names.sort([2, 10, 1].map((i) => chunkAddress(0, NO_SNAPSHOT, i))).map((a) => names.text(a))).toEqual(["db#1", "db#10", "db#2"]);
  });

  it("sort exactly as their texts sort, whatever the names (prefixes, snapshots, digits)", () => {
    const volumes = ["db", "db2", "d", "db-1", "Db", "db.x"];
    const snapshots = ["db@s1", "db@s", "d@a", "db2@s1"];
    const mixed = new ChunkNames({ volumeName: (v) => volumes[v]!, snapshotKey: (s) => snapshots[s]!, findVolume: (n) => volumes.indexOf(n), findSnapshot: (k) => snapshots.indexOf(k) });
    const volumeOfSnapshot = (s: number) => volumes.indexOf(snapshots[s]!.split("@")[0]!);
    const address = fc.tuple(fc.integer({ min: -1, max: snapshots.length - 1 }), fc.integer({ min: 0, max: volumes.length - 1 }), fc.integer({ min: 0, max: CLUSTER_VOLUME_CHUNKS_MAX - 1 }));
    fc.assert(
      fc.property(fc.uniqueArray(address.map(([s, v, i]) => chunkAddress(s < 0 ? v : volumeOfSnapshot(s), s, i)), { maxLength: 40 }), (addresses) => {
        const byText = [...addresses].map((a) => mixed.text(a)).sort();
        expect(mixed.sort([...addresses]).map((a) => mixed.text(a))).toEqual(byText);
      }),
    );
  });
});

function cluster() {
  const clock = new Clock();
  const mdm = new DistributedStorageManager(clock, new Rng(5), TEST_KEY);
  mdm.topology.addDomain("pd1");
  mdm.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency: "causal", shards: 16 });
  for (const name of ["sds1", "sds2", "sds3"]) mdm.addNode(name, "pd1/sp1", 1024 ** 3, "ssd", "");
  for (const client of ["c1", "c2"]) mdm.topology.clients.allocate(client);
  for (const volume of ["a", "b"]) {
    mdm.createVolume(volume, "pd1/sp1", 4 * CLUSTER_CHUNK_SIZE);
    mdm.map(volume, "c1", false, true);
    mdm.map(volume, "c2", false, true);
  }
  return { clock, mdm };
}

describe("the cluster's tables through a save and a restore", () => {
  it("keep cached tokens per volume, operation and client, in the order first cached, and drop a deleted volume's", () => {
    const { clock, mdm } = cluster();
    mdm.setTokenCache(true);
    mdm.write("b", 0, new Uint8Array([1]), { client: "c2" });
    mdm.write("a", 0, new Uint8Array([2]), { client: "c1" });
    mdm.read("a", 0, 1, { client: "c1" });
    const saved = mdm.toJSON();
    expect(saved.tokens.cached.map(([key]) => key)).toEqual(["b|write|c2", "a|write|c1", "a|read|c1"]);
    const copy = new DistributedStorageManager(clock, new Rng(6), TEST_KEY);
    copy.restore(saved);
    expect(copy.toJSON().tokens).toEqual(saved.tokens);
    copy.deleteVolume("a"); // with its secondary copies' updates still queued (a causal pool)
    const after = copy.toJSON();
    expect(after.tokens.cached.map(([key]) => key)).toEqual(["b|write|c2"]);
    expect(after.pending.map((p) => p.key)).toEqual(["b#0"]);
    clock.advance(1000); // the queued updates land: none on the deleted volume's chunks
    expect(copy.toJSON().chunks.keys.map(([, key]) => key).sort()).toEqual(["b#0", "b#0"]);
  });

  it("save committed versions, causal `seen` and chunk keys by their text, and restore them to the same JSON", () => {
    const { clock, mdm } = cluster();
    mdm.write("a", CLUSTER_CHUNK_SIZE, new Uint8Array([7]), { client: "c1" });
    mdm.snapshotCreate("a", "s1");
    mdm.write("a", CLUSTER_CHUNK_SIZE, new Uint8Array([8]), { client: "c2" });
    mdm.read("b", 0, 1, { client: "c2" });
    const saved = mdm.toJSON();
    expect(saved.committed?.map(([key]) => key)).toEqual(["a#1", "a@s1#1"]);
    expect(saved.seen[0]).toEqual([["a#1", 1]]);
    expect(saved.seen[1]?.map(([key]) => key)).toEqual(["a#1"]);
    expect(new Set(saved.chunks.keys.map(([, key]) => key))).toEqual(new Set(["a#1", "a@s1#1"]));
    const copy = new DistributedStorageManager(clock, new Rng(6), TEST_KEY, undefined, undefined, mdm.chunks); // the same chunk devices, as a kernel restored over its state directory; another seed: the kernel restores its rng apart, and nonces must not repeat
    copy.restore(saved);
    expect(JSON.stringify(copy.toJSON())).toBe(JSON.stringify(saved));
    expect(copy.snapshotRead("a", "s1", CLUSTER_CHUNK_SIZE, 1, { client: "c1" })).toEqual(new Uint8Array([7]));
  });

  it("holds MAPPING_MAX mappings, refuses one more with ENOSPC naming the limit, and reuses a freed slot", () => {
    const { mdm } = cluster(); // a and b are mapped to c1 and c2: 4 mappings
    for (let c = 3; c <= CLIENT_COUNT_MAX; c++) mdm.topology.clients.allocate(`c${c}`);
    for (let c = 3; c <= CLIENT_COUNT_MAX; c++) mdm.map("a", `c${c}`, false, true);
    for (let c = 3; mdm.toJSON().mappings.length < MAPPING_MAX; c++) mdm.map("b", `c${c}`, true, true);
    mdm.createVolume("z", "pd1/sp1", CLUSTER_CHUNK_SIZE);
    expect(() => mdm.map("z", "c1", false, true)).toThrow(`mapping table full: ${MAPPING_MAX} mappings (MAPPING_MAX)`);
    mdm.unmap("a", "c1");
    mdm.map("z", "c1", true, true);
    expect(mdm.toJSON().mappings[0]).toEqual([0, 2, 0, 1]); // the freed slot 0, now z (volume slot 2) to c1, read-only
  });
});
