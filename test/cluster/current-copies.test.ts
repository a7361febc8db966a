// Only current copies count: a copy that missed writes while its node was away never serves a
// read, feeds a write or a rebuild, or passes a scrub until it is resynced; the MDM signs tokens
// only for IO it would let through.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DistributedStorageManager, type Alert, type ConsistencyLevel, type SavedCluster } from "../../modules/cluster/index.js";
import { Clock } from "../../src/clock.js";
import { CLUSTER_CHUNK_SIZE, DOWN_AFTER_MS, REBUILD_AFTER_MS, REPLICA_LAG_MS } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import { newSession, ok, TEST_KEY } from "../helpers.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function cluster(options: { nodes?: number; consistency?: ConsistencyLevel; size?: number } = {}) {
  const clock = new Clock();
  const mdm = new DistributedStorageManager(clock, new Rng(3), TEST_KEY, { raised: (_: Alert) => {}, resolved: (_: Alert) => {} });
  mdm.topology.addDomain("pd1");
  mdm.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency: options.consistency ?? "strong", shards: 4 });
  for (let i = 1; i <= (options.nodes ?? 2); i++) mdm.addNode(`sds${i}`, "pd1/sp1", GiB, "ssd", "");
  mdm.addClient("h");
  mdm.createVolume("dv", "pd1/sp1", options.size ?? 8 * MiB);
  mdm.map("dv", "h", false, false);
  const active = () => mdm.health.alerts.filter((a) => a.resolvedMs < 0).map((a) => `${a.severity} ${a.category} ${a.message}`);
  const states = () => mdm.shardRows().filter((s) => s.chunks > 0).flatMap((s) => s.replicas.map((r) => `${r.node} ${r.state}`));
  return { clock, mdm, active, states };
}

/** The replicas of chunk 0 of dv: [the one that stays current, the one that falls behind]. */
function chunk0Replicas(mdm: DistributedStorageManager): [string, string] {
  const t = mdm.topology;
  const [a, b] = t.replicasOf(t.shardFor(t.pools.find("pd1/sp1"), "dv", 0));
  return [t.nodes.nameOf(a!), t.nodes.nameOf(b!)];
}

/** Write AAAA; the second copy misses BBBB while down; it returns and the current copy goes away at once. */
function handover(mdm: DistributedStorageManager): [string, string] {
  const [current, behind] = chunk0Replicas(mdm);
  mdm.write("dv", 0, text("AAAA"), { client: "h" });
  mdm.failNode(behind, "crash");
  mdm.write("dv", 0, text("BBBB"), { client: "h" });
  mdm.recoverNode(behind);
  mdm.failNode(current, "crash");
  return [current, behind];
}

describe("a copy that missed writes while its node was down", () => {
  it("serves no read and takes no write while the only current copy is away; the current copy wins when it returns", () => {
    const { clock, mdm, active, states } = cluster();
    const [current, behind] = handover(mdm);
    const unavailable = expect.objectContaining({ code: "EIO", message: `chunk 0 of dv is unavailable: its current version is only on ${current} (crashed); other copies are behind`, hint: `cluster sds recover ${current}` });
    expect(() => mdm.read("dv", 0, 4, { client: "h" })).toThrow(unavailable);
    expect(() => mdm.write("dv", 2, text("CC"), { client: "h" })).toThrow(unavailable);
    expect(active()).toContain("CRITICAL data pool pd1/sp1: data with no reachable current copy");
    expect(states()).toEqual(expect.arrayContaining([`${current} Failed`, `${behind} Recovering`]));
    expect(mdm.dataState("dv")).toBe("unreadable");
    expect(mdm.healthReport()).toMatchObject({ status: "ERROR", checks: expect.arrayContaining([{ severity: "ERROR", check: "DATA_UNAVAILABLE", detail: "1 shard of pd1/sp1 holds data whose current copies are all out of reach" }]) });
    expect(mdm.scrub()).toEqual({ chunks: 0, unreachable: 1, mismatches: [], repaired: [], unrepairable: [] }); // never "every copy identical" on the stale copy alone
    mdm.recoverNode(current);
    clock.advance(2000);
    expect(str(mdm.read("dv", 0, 4, { client: "h" }))).toBe("BBBB");
    expect(mdm.healthReport().checks.map((c) => c.check)).not.toContain("DATA_UNAVAILABLE");
    expect(mdm.scrub()).toEqual({ chunks: 1, unreachable: 0, mismatches: [], repaired: [], unrepairable: [] });
    mdm.write("dv", 2, text("CC"), { client: "h" });
    mdm.failNode(current, "crash");
    expect(str(mdm.read("dv", 0, 4, { client: "h" }))).toBe("BBCC"); // resynced: now current
    expect(active()).not.toContain("CRITICAL data pool pd1/sp1: data with no reachable current copy");
  });

  it("shows as Recovering until the backward rebuild has copied the current version onto it", () => {
    const { clock, mdm, states } = cluster();
    const [current, behind] = chunk0Replicas(mdm);
    mdm.write("dv", 0, text("AAAA"), { client: "h" });
    mdm.failNode(behind, "crash");
    mdm.write("dv", 0, text("BBBB"), { client: "h" });
    mdm.recoverNode(behind);
    expect(states()).toEqual([`${current} Healthy`, `${behind} Recovering`]);
    expect(mdm.dataState("dv")).toBe("degraded");
    clock.advance(1000);
    expect(states()).toEqual([`${current} Healthy`, `${behind} Healthy`]);
    expect(mdm.dataState("dv")).toBe("whole");
    mdm.failNode(current, "crash");
    expect(str(mdm.read("dv", 0, 4, { client: "h" }))).toBe("BBBB");
  });

  it("is never the source of a forward rebuild while the current copy stays away", () => {
    const { clock, mdm } = cluster({ nodes: 3 });
    const [current] = handover(mdm);
    clock.advance(DOWN_AFTER_MS + REBUILD_AFTER_MS + 10_000);
    expect(mdm.chunkLocations("dv")[0]!.nodes).not.toContain(current); // placement moved on ...
    expect(() => mdm.read("dv", 0, 4, { client: "h" })).toThrow(expect.objectContaining({ code: "EIO" })); // ... but AAAA was not copied forward
    expect(mdm.rebuildStatus().pendingBytes).toBe(0);
    mdm.recoverNode(current);
    clock.advance(5000);
    for (const node of mdm.chunkLocations("dv")[0]!.nodes) {
      const others = mdm.topology.nodesOf(0).filter((n) => mdm.topology.nodes.nameOf(n) !== node);
      others.forEach((n) => mdm.failNode(mdm.topology.nodes.nameOf(n), "crash"));
      expect(str(mdm.read("dv", 0, 4, { client: "h" })), `copy on ${node}`).toBe("BBBB");
      others.forEach((n) => mdm.recoverNode(mdm.topology.nodes.nameOf(n)));
    }
    expect(mdm.scrub().mismatches).toEqual([]);
  });

  it("does not serve eventual reads either: a lagging copy is one whose updates are in flight, not one that missed them", () => {
    const { clock, mdm } = cluster({ consistency: "eventual" });
    handover(mdm);
    clock.advance(REPLICA_LAG_MS);
    for (let i = 0; i < 10; i++) expect(() => mdm.read("dv", 0, 4, { client: "h" })).toThrow(expect.objectContaining({ code: "EIO" }));
  });

  it("drops a deferred update to a node that crashed before it landed, and resyncs that copy whole", () => {
    const { clock, mdm } = cluster({ consistency: "eventual" });
    const [primary, secondary] = chunk0Replicas(mdm);
    mdm.write("dv", 0, text("one"), { client: "h" });
    clock.advance(REPLICA_LAG_MS);
    mdm.write("dv", 0, text("two"), { client: "h" }); // deferred to the secondary
    mdm.failNode(secondary, "crash");
    clock.advance(REPLICA_LAG_MS); // the update is lost with the node
    mdm.recoverNode(secondary);
    mdm.write("dv", 3, text(" three"), { client: "h" }); // must not land on top of "one"
    clock.advance(REPLICA_LAG_MS + 1000);
    mdm.failNode(primary, "crash");
    expect(str(mdm.read("dv", 0, 9, { client: "h" }))).toBe("two three");
  });
});

describe("dataState", () => {
  it("is whole at full current copies, degraded below, unreadable when a written chunk has no reachable current copy", () => {
    const { clock, mdm } = cluster({ nodes: 3 });
    expect(mdm.dataState("dv")).toBe("whole");
    mdm.write("dv", 0, text("x"), { client: "h" });
    mdm.write("dv", 3 * MiB, text("y"), { client: "h" });
    expect(mdm.dataState("dv")).toBe("whole");
    const [current, behind] = chunk0Replicas(mdm);
    mdm.failNode(behind, "partition");
    expect(mdm.dataState("dv")).toBe("degraded");
    mdm.write("dv", 0, text("z"), { client: "h" });
    mdm.recoverNode(behind);
    mdm.failNode(current, "partition");
    expect(mdm.dataState("dv")).toBe("unreadable"); // a copy is reachable, but it is behind
    mdm.recoverNode(current);
    clock.advance(2000);
    expect(mdm.dataState("dv")).toBe("whole");
  });
});

describe("IO tokens are signed only for IO the data path would let through", () => {
  function mapped() {
    const { mdm } = cluster();
    mdm.addClient("ro");
    mdm.addClient("stranger");
    mdm.map("dv", "ro", true, true);
    return mdm;
  }
  const request = { volume: "dv", op: "write" as const, offset: 0, length: 4096, client: "h" };

  it("refuses a range past the end, an unmapped or unknown client, an unknown volume and a write on a read-only mapping", () => {
    const mdm = mapped();
    expect(() => mdm.issueToken({ ...request, offset: 99 * GiB })).toThrow(expect.objectContaining({ code: "EINVAL", message: "write of 4K at 99G is beyond the end of dv (8M)" }));
    expect(() => mdm.issueToken({ ...request, offset: 8 * MiB - 1024 })).toThrow(/beyond the end of dv/);
    expect(() => mdm.issueToken({ ...request, client: "stranger" })).toThrow(expect.objectContaining({ code: "EACCES", message: "client stranger has no mapping of volume 'dv'" }));
    expect(() => mdm.issueToken({ ...request, client: "nobody" })).toThrow(expect.objectContaining({ code: "ENOENT" }));
    expect(() => mdm.issueToken({ ...request, volume: "nothing" })).toThrow(expect.objectContaining({ code: "ENOENT", message: "no distributed volume named 'nothing'" }));
    expect(() => mdm.issueToken({ ...request, client: "ro" })).toThrow(expect.objectContaining({ code: "EACCES", message: "client ro maps 'dv' read-only" }));
    expect(mdm.issueToken({ ...request, op: "read", client: "ro" }).client).toBe("ro");
    expect(mdm.issueToken({ ...request, offset: 8 * MiB - 4096 }).offset).toBe(8 * MiB - 4096);
  });

  it("audits a refusal as a failed cluster.token.issue with the reason", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2 --shards 4; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G");
    ok(session, "cluster sdc add host1; cluster sdc add host2; vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv host1");
    const outcome = session.execute("cluster token issue dv write 99G 4K --sdc host1");
    expect(outcome.error).toMatch(/write of 4K at 99G is beyond the end of dv \(8M\) \[EINVAL\]/);
    expect(session.execute("cluster token issue dv write 0 4K --sdc host2").error).toMatch(/client host2 has no mapping of volume 'dv' \[EACCES\]/);
    const entries = session.kernel.view.audit.tail(4).filter((e) => e.action === "cluster.token.issue" && e.result !== "allowed");
    expect(entries.map((e) => [e.result, e.message])).toEqual([
      ["EINVAL", expect.stringContaining("write of 4K at 99G is beyond the end of dv (8M)")],
      ["EACCES", expect.stringContaining("client host2 has no mapping of volume 'dv'")],
    ]);
  });
});

describe("the model: random writes, reads, failures, recoveries and sleeps on a small strong pool", () => {
  const NODES = ["sds1", "sds2", "sds3"];
  const node = fc.constantFrom(...NODES);
  const op = fc.oneof(
    fc.record({ kind: fc.constant("write" as const), chunk: fc.integer({ min: 0, max: 2 }), delta: fc.integer({ min: -4, max: 8 }), length: fc.integer({ min: 1, max: 8 }), byte: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant("read" as const), chunk: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ kind: fc.constantFrom("fail" as const, "recover" as const), node, partition: fc.boolean() }),
    fc.record({ kind: fc.constant("handover" as const), behind: node, current: node }), // fail, write, recover, fail the other: the hard case
    fc.record({ kind: fc.constant("sleep" as const), ms: fc.constantFrom(500, 1000, 5000, 60_000, 200_000) }),
  );

  it("every read returns exactly the acknowledged bytes or fails with EIO, never older bytes", () => {
    const size = 4 * MiB;
    fc.assert(
      fc.property(fc.constantFrom(2, 3), fc.array(op, { maxLength: 40 }), (nodes, ops) => {
        const { clock, mdm } = cluster({ nodes, size });
        const model = new Uint8Array(size);
        const down = new Set<string>();
        const window = (chunk: number) => [Math.max(0, chunk * CLUSTER_CHUNK_SIZE - 8), chunk * CLUSTER_CHUNK_SIZE + 16] as const;
        const check = (chunk: number) => {
          const [start, end] = window(chunk);
          let bytes: Uint8Array;
          try {
            bytes = mdm.read("dv", start, end - start, { client: "h" });
          } catch (error) {
            expect((error as { code?: string }).code).toBe("EIO");
            return;
          }
          expect(Buffer.from(bytes).equals(model.subarray(start, end)), `chunk ${chunk} window`).toBe(true);
        };
        const write = (offset: number, length: number, byte: number) => {
          try {
            mdm.write("dv", offset, new Uint8Array(length).fill(byte), { client: "h" });
            model.fill(byte, offset, offset + length);
          } catch (error) {
            expect((error as { code?: string }).code).toBe("EIO"); // refused whole: the model keeps its bytes
          }
        };
        const fail = (name: string, partition: boolean) => {
          if (down.has(name) || !mdm.topology.nodes.has(name)) return;
          mdm.failNode(name, partition ? "partition" : "crash");
          down.add(name);
        };
        const recover = (name: string) => {
          if (!down.delete(name)) return;
          mdm.recoverNode(name);
        };
        for (const o of ops) {
          if (o.kind === "write") write(Math.max(0, o.chunk * CLUSTER_CHUNK_SIZE + o.delta), o.length, o.byte);
          else if (o.kind === "read") check(o.chunk);
          else if (o.kind === "fail") fail(o.node, o.partition);
          else if (o.kind === "recover") recover(o.node);
          else if (o.kind === "handover" && o.behind !== o.current && !down.has(o.behind)) {
            fail(o.behind, false);
            write(0, 4, down.size + 1);
            recover(o.behind);
            fail(o.current, false);
          } else if (o.kind === "sleep") clock.advance(o.ms);
        }
        for (const node of down) mdm.recoverNode(node);
        clock.advance(60_000);
        for (const chunk of [0, 1, 2]) {
          const [start, end] = window(chunk);
          expect(Buffer.from(mdm.read("dv", start, end - start, { client: "h" })).equals(model.subarray(start, end)), `chunk ${chunk} after healing`).toBe(true);
        }
        expect(mdm.scrub().mismatches).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe("what else reads a chunk", () => {
  it("finds the first written byte in the current copy, not in a copy that is behind", () => {
    const { mdm } = cluster();
    const [first] = mdm.topology.replicasOf(mdm.topology.shardFor(mdm.topology.pools.find("pd1/sp1"), "dv", 0)).map((n) => mdm.topology.nodes.nameOf(n));
    mdm.failNode(first!, "crash");
    mdm.write("dv", 100, text("data"), { client: "h" });
    mdm.recoverNode(first!); // back, but behind until the rebuild's next step
    expect(mdm.firstWrittenByte("dv", 0)).toBe(100);
  });

  it("keeps a snapshot taken while the current copy is away unreadable until it returns, then reads the current bytes", () => {
    const { clock, mdm } = cluster();
    const [current] = handover(mdm);
    mdm.snapshotCreate("dv", "s1");
    expect(() => mdm.snapshotRead("dv", "s1", 0, 4, { client: "h" })).toThrow(expect.objectContaining({ code: "EIO" }));
    mdm.recoverNode(current);
    clock.advance(2000);
    mdm.failNode(current, "crash"); // the other copy was resynced, snapshot included
    expect(str(mdm.snapshotRead("dv", "s1", 0, 4, { client: "h" }))).toBe("BBBB");
  });

  it("survives a save and restore: the restored MDM still knows which copy is current", () => {
    const { mdm, clock } = cluster();
    const [current] = handover(mdm);
    const saved = JSON.parse(JSON.stringify(mdm.toJSON())) as SavedCluster;
    const restored = new DistributedStorageManager(clock, new Rng(99), TEST_KEY, undefined, undefined, mdm.chunks); // the same chunk devices; another generator: nonces must not repeat the first run's
    restored.restore(saved);
    expect(() => restored.read("dv", 0, 4, { client: "h" })).toThrow(expect.objectContaining({ code: "EIO" }));
    restored.recoverNode(current);
    expect(str(restored.read("dv", 0, 4, { client: "h" }))).toBe("BBBB");
  });
});
