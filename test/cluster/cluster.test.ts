import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DistributedStorageManager, place, type ConsistencyLevel, type SavedCluster } from "../../modules/cluster/index.js";
import { Clock } from "../../src/clock.js";
import { CLUSTER_CHUNK_SIZE, REPLICA_LAG_MS, STORAGE_NODE_MAX, TOKEN_TTL_MS } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import { TEST_KEY } from "../helpers.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function cluster(options: { copies?: number; nodes?: number; consistency?: ConsistencyLevel; shards?: number } = {}) {
  const clock = new Clock();
  const mdm = new DistributedStorageManager(clock, new Rng(11), TEST_KEY);
  mdm.topology.addDomain("pd1");
  mdm.addPool("pd1/sp1", { copies: options.copies ?? 2, minCopies: 1, consistency: options.consistency ?? "strong", shards: options.shards ?? 16 });
  for (let i = 1; i <= (options.nodes ?? 3); i++) mdm.addNode(`sds${i}`, "pd1/sp1", GiB, "ssd", "");
  for (const client of ["c1", "c2"]) mdm.topology.clients.allocate(client);
  return { clock, mdm };
}

function volume(mdm: DistributedStorageManager, name = "dv", size = 8 * MiB, clients: string[] = ["c1"]) {
  mdm.createVolume(name, "pd1/sp1", size);
  clients.forEach((client, i) => mdm.map(name, client, false, i > 0));
}

describe("topology", () => {
  it("refuses a 17th node, an unknown pool, a duplicate node, and more copies than nodes", () => {
    const { mdm } = cluster({ nodes: STORAGE_NODE_MAX });
    expect(() => mdm.addNode("sds17", "pd1/sp1", GiB, "ssd", "")).toThrow("storage node table full: 16 of 16 in use (STORAGE_NODE_MAX)");
    const small = cluster({ copies: 3, nodes: 2 });
    expect(() => small.mdm.addNode("sds1", "pd1/sp1", GiB, "ssd", "")).toThrow(/already exists/);
    expect(() => small.mdm.addNode("x", "pd1/nope", GiB, "ssd", "")).toThrow(/no storage pool named 'pd1\/nope'/);
    expect(() => small.mdm.createVolume("dv", "pd1/sp1", MiB)).toThrow("pool 'pd1/sp1' keeps 3 copies but has 2 nodes");
    expect(() => small.mdm.map("nothing", "c1", false, false)).toThrow(/no distributed volume named 'nothing'/);
  });

  it("hands out at most 256 shards", () => {
    const { mdm } = cluster({ shards: 200 });
    expect(() => mdm.addPool("pd1/sp2", { copies: 2, minCopies: 1, consistency: "strong", shards: 57 })).toThrow("pool needs 57 shards; 56 of 256 are free (SHARD_COUNT_MAX)");
    mdm.addPool("pd1/sp2", { copies: 2, minCopies: 1, consistency: "strong", shards: 56 });
  });
});

describe("placement", () => {
  const nodes = Array.from({ length: 16 }, (_, i) => ({ slot: i, name: `n${i}`, weight: GiB, faultSet: "" }));

  it("never puts two copies on one node or in one fault set", () => {
    const racked = nodes.map((n) => ({ ...n, faultSet: `rack${n.slot % 4}` }));
    for (let shard = 0; shard < 256; shard++) {
      const chosen = place(`p#${shard}`, racked, 3);
      expect(new Set(chosen).size).toBe(3);
      expect(new Set(chosen.map((slot) => racked[slot]!.faultSet)).size).toBe(3);
    }
  });

  it("moves only replicas the new node wins when a 17th node joins, close to the 1/17 minimum", () => {
    const grown = [...nodes, { slot: 16, name: "n16", weight: GiB, faultSet: "" }];
    let moved = 0;
    for (let shard = 0; shard < 256; shard++) {
      const before = place(`p#${shard}`, nodes, 3);
      const after = place(`p#${shard}`, grown, 3);
      const gained = after.filter((n) => !before.includes(n));
      expect(gained.every((n) => n === 16)).toBe(true);
      moved += gained.length;
    }
    expect(moved / (256 * 3)).toBeLessThan((1 / 17) * 1.6);
  });

  it("weights nodes by capacity", () => {
    const weighted = nodes.slice(0, 4).map((n, i) => ({ ...n, weight: i === 0 ? 3 * GiB : GiB }));
    const held = [0, 0, 0, 0];
    for (let shard = 0; shard < 2000; shard++) held[place(`p#${shard}`, weighted, 1)[0]!]!++;
    expect(held[0]! / ((held[1]! + held[2]! + held[3]!) / 3)).toBeGreaterThan(2.3);
  });
});

describe("the data path", () => {
  it("writes every copy, reads zeros where unwritten, and read-modify-writes across chunks", () => {
    const { mdm } = cluster();
    volume(mdm);
    mdm.write("dv", CLUSTER_CHUNK_SIZE - 2, text("span"), {});
    expect(str(mdm.read("dv", CLUSTER_CHUNK_SIZE - 2, 4, {}))).toBe("span");
    mdm.write("dv", CLUSTER_CHUNK_SIZE, text("X"), {});
    expect(str(mdm.read("dv", CLUSTER_CHUNK_SIZE - 2, 4, {}))).toBe("spXn");
    expect(mdm.read("dv", 3 * MiB, 16, {}).every((b) => b === 0)).toBe(true);
    for (const { nodes } of mdm.chunkLocations("dv")) expect(nodes).toHaveLength(2);
  });

  it("refuses IO from an unmapped client and writes through a read-only mapping", () => {
    const { mdm } = cluster();
    mdm.createVolume("dv", "pd1/sp1", MiB);
    expect(() => mdm.write("dv", 0, text("x"), {})).toThrow(/not mapped to any client/);
    mdm.map("dv", "c1", true, false);
    expect(() => mdm.map("dv", "c2", false, false)).toThrow(expect.objectContaining({ code: "EBUSY", hint: "add --allow-multi-map to map it to a second client" }));
    expect(() => mdm.write("dv", 0, text("x"), {})).toThrow("client c1 maps 'dv' read-only");
    expect(() => mdm.read("dv", 0, 1, { client: "c2" })).toThrow("client c2 has no mapping of volume 'dv'");
    mdm.unmap("dv", "c1");
    expect(() => mdm.read("dv", 0, 1, {})).toThrow(/not mapped/);
  });

  it("eventual reads can see old bytes from a lagging copy until the copies catch up", () => {
    const { mdm, clock } = cluster({ consistency: "eventual" });
    volume(mdm, "dv", MiB);
    mdm.write("dv", 0, text("old"), {});
    clock.advance(REPLICA_LAG_MS);
    mdm.write("dv", 0, text("new"), {});
    const reads = Array.from({ length: 40 }, () => str(mdm.read("dv", 0, 3, {})));
    expect(reads).toContain("old");
    expect(reads).toContain("new");
    clock.advance(REPLICA_LAG_MS);
    expect(new Set(Array.from({ length: 20 }, () => str(mdm.read("dv", 0, 3, {}))))).toEqual(new Set(["new"]));
    expect(mdm.shardRows().flatMap((s) => s.replicas.map((r) => r.state))).not.toContain("Syncing");
  });

  it("causal reads never go back: a client reads its own writes even from lagging copies", () => {
    const { mdm } = cluster({ consistency: "causal" });
    volume(mdm, "dv", MiB, ["c1", "c2"]);
    mdm.write("dv", 0, text("old"), { client: "c1" });
    mdm.write("dv", 0, text("new"), { client: "c1" });
    for (let i = 0; i < 30; i++) expect(str(mdm.read("dv", 0, 3, { client: "c1" }))).toBe("new");
  });

  it("strong reads always see the last acknowledged write", () => {
    const { mdm } = cluster({ consistency: "strong" });
    volume(mdm, "dv", MiB, ["c1", "c2"]);
    for (let i = 0; i < 20; i++) {
      mdm.write("dv", 0, text(`v${i}`), { client: "c1" });
      expect(str(mdm.read("dv", 0, 2, { client: "c2" }))).toBe(`v${i}`.slice(0, 2));
    }
  });

  it("keeps data readable when a node joins (data follows placement) and when one leaves (it drains)", () => {
    const { mdm, clock } = cluster({ nodes: 2, shards: 32 });
    volume(mdm, "dv", 16 * MiB);
    for (let i = 0; i < 16; i++) mdm.write("dv", i * MiB, text(`chunk ${i}`), {});
    mdm.addNode("sds9", "pd1/sp1", GiB, "ssd", "");
    expect(mdm.nodeUsage(mdm.topology.nodes.find("sds9"))).toBe(0); // data follows in the background
    for (let i = 0; i < 16; i++) expect(str(mdm.read("dv", i * MiB, `chunk ${i}`.length, {}))).toBe(`chunk ${i}`);
    clock.advance(5000);
    expect(mdm.nodeUsage(mdm.topology.nodes.find("sds9"))).toBeGreaterThan(0);
    expect(mdm.rebuildStatus().pendingBytes).toBe(0);
    for (let i = 0; i < 16; i++) expect(str(mdm.read("dv", i * MiB, `chunk ${i}`.length, {}))).toBe(`chunk ${i}`);
    mdm.removeNode("sds1");
    for (let i = 0; i < 16; i++) expect(str(mdm.read("dv", i * MiB, `chunk ${i}`.length, {}))).toBe(`chunk ${i}`);
    expect(() => mdm.removeNode("sds2")).toThrow(/holds data and only 1 other node/);
  });
});

describe("provisioning", () => {
  it("takes every chunk of a thick volume on every copy at create, all or nothing", () => {
    const { mdm } = cluster({ nodes: 2 });
    mdm.createVolume("thick", "pd1/sp1", 8 * MiB, true);
    expect(mdm.nodeUsage(mdm.topology.nodes.find("sds1"))).toBe(8 * MiB);
    expect(mdm.allocatedRanges("thick")).toEqual([[0, 8 * MiB]]);
    const small = cluster({ nodes: 2 });
    small.mdm.addNode("tiny", "pd1/sp1", 4 * MiB, "ssd", "");
    small.mdm.removeNode("sds1");
    expect(() => small.mdm.createVolume("big", "pd1/sp1", 8 * MiB, true)).toThrow(/cannot take \d+ more chunks/);
    expect(small.mdm.volumeNames()).toEqual([]);
  });
});

describe("snapshots of distributed volumes", () => {
  it("share chunks copy-on-write on every copy, restore, and free them on delete", () => {
    const { mdm } = cluster();
    volume(mdm, "dv", 2 * MiB);
    mdm.write("dv", 0, text("hello"), {});
    const used = () => mdm.topology.nodes.slots().reduce((n, node) => n + mdm.nodeUsage(node), 0);
    expect(used()).toBe(2 * MiB); // one chunk, two copies
    mdm.snapshotCreate("dv", "s1");
    expect(used()).toBe(2 * MiB); // shared, nothing copied
    mdm.write("dv", 0, text("HELLO"), {});
    expect(used()).toBe(4 * MiB); // the write copied the shared chunk on both copies
    expect(str(mdm.snapshotRead("dv", "s1", 0, 5, {}))).toBe("hello");
    expect(mdm.snapshotList("dv")[0]).toMatchObject({ name: "s1", usedBytes: MiB, current: true }); // one chunk it alone keeps, counted once (its two copies are the nodes' use)
    mdm.snapshotRestore("dv", "s1");
    expect(str(mdm.read("dv", 0, 5, {}))).toBe("hello");
    expect(used()).toBe(2 * MiB);
    mdm.snapshotCreate("dv", "s2");
    expect(mdm.snapshotList("dv").map((s) => [s.name, s.parent])).toEqual([["s1", undefined], ["s2", "s1"]]);
    mdm.snapshotDelete("dv", "s1");
    expect(mdm.snapshotList("dv").map((s) => [s.name, s.parent])).toEqual([["s2", undefined]]);
    expect(str(mdm.snapshotRead("dv", "s2", 0, 5, {}))).toBe("hello");
    mdm.deleteVolume("dv");
    expect(used()).toBe(0);
  });
});

describe("IO tokens", () => {
  function tokenCase() {
    const { mdm, clock } = cluster();
    volume(mdm);
    const request = { volume: "dv", op: "write" as const, offset: 0, length: 4096, client: "c1" };
    return { mdm, clock, request, token: mdm.issueToken(request), node: mdm.topology.nodes.find("sds1") };
  }

  it("are accepted once", () => {
    const { mdm, request, token, node } = tokenCase();
    mdm.verifyToken(token, request, node);
    expect(() => mdm.verifyToken(token, request, node)).toThrow(/already used \(replay\)/);
  });

  it("with the cache on, reuse one token per volume and operation until near expiry", () => {
    const { mdm, clock } = tokenCase();
    const issued = () => mdm.toJSON().tokens.cached.map(([, t]) => t.nonce);
    mdm.setTokenCache(true);
    mdm.write("dv", 0, text("a"), {});
    mdm.write("dv", 4096, text("b"), {});
    expect(issued()).toHaveLength(1);
    const first = issued()[0];
    clock.advance(TOKEN_TTL_MS - 4000); // inside the renewal margin
    mdm.write("dv", 0, text("c"), {});
    expect(issued()).toEqual([expect.not.stringMatching(first!)]);
    expect(str(mdm.read("dv", 0, 1, {}))).toBe("c");
  });

  it("refuse forged, expired and mismatched tokens", () => {
    const { mdm, clock, request, token, node } = tokenCase();
    expect(() => mdm.verifyToken({ ...token, length: 1 << 20, mac: token.mac }, { ...request, length: 1 << 20 }, node)).toThrow(/bad signature/);
    expect(() => mdm.verifyToken({ ...token, mac: "00".repeat(32) }, request, node)).toThrow(/bad signature/);
    expect(() => mdm.verifyToken(token, { ...request, offset: 8192 }, node)).toThrow(/issued for offset 0, used for 8192/);
    clock.advance(TOKEN_TTL_MS + 1);
    expect(() => mdm.verifyToken(token, request, node)).toThrow(expect.objectContaining({ code: "ETIMEDOUT" }));
  });
});

describe("persistence and the model", () => {
  it("saves and restores topology, bytes, mappings and pending updates, then carries on identically", () => {
    const first = cluster({ consistency: "eventual" });
    volume(first.mdm);
    first.mdm.write("dv", 100, text("persisted"), {});
    const saved = JSON.parse(JSON.stringify(first.mdm.toJSON())) as SavedCluster;
    const clock = new Clock();
    clock.advanceTo(first.clock.now());
    const second = new DistributedStorageManager(clock, new Rng(11), TEST_KEY);
    second.restore(saved);
    first.clock.advance(REPLICA_LAG_MS);
    clock.advance(REPLICA_LAG_MS);
    expect(JSON.stringify(second.toJSON())).toBe(JSON.stringify(first.mdm.toJSON()));
  });

  it("agrees with a plain byte array for random writes and reads through two clients (strong)", () => {
    const size = 4 * MiB;
    const op = fc.record({ write: fc.boolean(), client: fc.constantFrom("c1", "c2"), offset: fc.integer({ min: 0, max: size - 1 }), length: fc.integer({ min: 1, max: 2 * CLUSTER_CHUNK_SIZE }), byte: fc.integer({ min: 1, max: 255 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const { mdm } = cluster();
        volume(mdm, "dv", size, ["c1", "c2"]);
        const model = new Uint8Array(size);
        for (const o of ops) {
          const length = Math.min(o.length, size - o.offset);
          if (o.write) {
            mdm.write("dv", o.offset, new Uint8Array(length).fill(o.byte), { client: o.client });
            model.fill(o.byte, o.offset, o.offset + length);
          } else expect(Buffer.from(mdm.read("dv", o.offset, length, { client: o.client })).equals(model.subarray(o.offset, o.offset + length))).toBe(true);
        }
        expect(Buffer.from(mdm.read("dv", 0, size, { client: "c1" })).equals(model)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
