import { describe, expect, it } from "vitest";
import { DistributedStorageManager, runChaos, type Alert } from "../../modules/cluster/index.js";
import { Clock } from "../../src/clock.js";
import { DOWN_AFTER_MS, HEARTBEAT_MS, REBUILD_AFTER_MS, STALE_AFTER_MS } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import { newSession, ok, TEST_KEY } from "../helpers.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function cluster(minCopies = 1, nodes = 3) {
  const clock = new Clock();
  const audited: string[] = [];
  const mdm = new DistributedStorageManager(clock, new Rng(5), TEST_KEY, { raised: (a: Alert) => audited.push(`raise ${a.id}`), resolved: (a: Alert) => audited.push(`resolve ${a.id}`) });
  mdm.topology.addDomain("pd1");
  mdm.addPool("pd1/sp1", { copies: 2, minCopies, consistency: "strong", shards: 8 });
  for (let i = 1; i <= nodes; i++) mdm.addNode(`sds${i}`, "pd1/sp1", GiB, "ssd", "");
  mdm.topology.clients.allocate("c1");
  mdm.createVolume("dv", "pd1/sp1", 8 * MiB);
  mdm.map("dv", "c1", false, false);
  for (let i = 0; i < 4; i++) mdm.write("dv", i * MiB, text(`chunk ${i}`), {});
  const node = (name: string) => mdm.topology.nodes.find(name);
  const stateOf = (name: string) => ["ACTIVE", "STALE", "DOWN"][mdm.health.states[node(name)]!];
  const active = () => mdm.health.alerts.filter((a) => a.resolvedMs < 0 && a.severity !== "INFO").map((a) => `${a.severity} ${a.category} ${a.source}`);
  return { clock, mdm, audited, stateOf, active };
}

/** A node that holds a copy of chunk 0 of dv. */
function holderOfChunk0(mdm: DistributedStorageManager): string {
  return mdm.chunkLocations("dv")[0]!.nodes[0]!;
}

describe("heartbeats and states", () => {
  it("go STALE after 30 s without heartbeats, DOWN after 60 s, ACTIVE when they resume", () => {
    const { clock, mdm, stateOf } = cluster();
    mdm.failNode("sds1", "crash");
    clock.advance(STALE_AFTER_MS - 1);
    expect(stateOf("sds1")).toBe("ACTIVE");
    clock.advance(1);
    expect(stateOf("sds1")).toBe("STALE");
    clock.advance(DOWN_AFTER_MS - STALE_AFTER_MS);
    expect(stateOf("sds1")).toBe("DOWN");
    mdm.recoverNode("sds1");
    clock.advance(10_000);
    expect(stateOf("sds1")).toBe("ACTIVE");
    expect(stateOf("sds2")).toBe("ACTIVE");
  });

  it("raise alerts on the way down, resolve them on the way back, and report each to the audit sink", () => {
    const { clock, mdm, audited, active } = cluster();
    mdm.failNode("sds2", "partition");
    clock.advance(DOWN_AFTER_MS);
    expect(active()).toEqual(expect.arrayContaining(["WARNING data pd1/sp1", "ERROR node sds2"]));
    expect(active()).not.toContain("WARNING node sds2"); // STALE's warning gave way to DOWN's error
    mdm.recoverNode("sds2");
    clock.advance(20_000);
    expect(active()).toEqual([]);
    const notices = mdm.health.alerts.filter((a) => a.severity === "INFO"); // nodes joining: they stay until acknowledged
    expect(mdm.health.alerts.filter((a) => a.severity !== "INFO").every((a) => a.resolvedBy === "auto")).toBe(true);
    expect(audited.filter((e) => e.startsWith("raise")).length).toBe(audited.filter((e) => e.startsWith("resolve")).length + notices.length);
  });

  it("lets an operator resolve an alert by hand, once", () => {
    const { clock, mdm } = cluster();
    mdm.failNode("sds1", "crash");
    clock.advance(STALE_AFTER_MS);
    const id = mdm.health.alerts.find((a) => a.category === "node")!.id;
    mdm.health.resolve(id, "root", clock.now());
    expect(() => mdm.health.resolve(id, "root", clock.now())).toThrow(/already resolved \(root\)/);
    expect(() => mdm.health.resolve(999, "root", clock.now())).toThrow(/no alert #999/);
  });
});

describe("client heartbeats", () => {
  it("mark a disconnected client STALE then DOWN with alerts, refuse its IO, and recover", () => {
    const { clock, mdm, active } = cluster();
    const c1 = mdm.topology.clients.find("c1");
    mdm.setClientConnected("c1", false);
    expect(() => mdm.read("dv", 0, 1, {})).toThrow(/client c1 is disconnected/);
    clock.advance(DOWN_AFTER_MS);
    expect(mdm.health.clients.states[c1]).toBe(2);
    expect(active()).toContain("ERROR client c1");
    mdm.setClientConnected("c1", true);
    clock.advance(10_000);
    expect(mdm.health.clients.states[c1]).toBe(0);
    expect(active()).toEqual([]);
    expect(str(mdm.read("dv", 0, 7, {}))).toBe("chunk 0");
  });
});

describe("IO during failures", () => {
  it("keeps reads working from the surviving copy", () => {
    const { mdm } = cluster();
    mdm.failNode(holderOfChunk0(mdm), "crash");
    expect(str(mdm.read("dv", 0, 7, {}))).toBe("chunk 0");
  });

  it("refuses writes below the pool's minimum copies, with a clear error", () => {
    const { mdm } = cluster(2);
    mdm.failNode(holderOfChunk0(mdm), "crash");
    expect(() => mdm.write("dv", 0, text("x"), {})).toThrow(expect.objectContaining({ code: "EIO", message: expect.stringContaining("needs 2 to accept writes") }));
    expect(mdm.healthReport().status).toBe("ERROR");
  });

  it("fails a read with EIO when no copy is reachable", () => {
    const { mdm } = cluster();
    for (const node of mdm.chunkLocations("dv")[0]!.nodes) mdm.failNode(node, "crash");
    expect(() => mdm.read("dv", 0, 1, {})).toThrow(expect.objectContaining({ code: "EIO" }));
  });
});

describe("rebuild", () => {
  it("resyncs only what was written meanwhile when a node returns early (backward)", () => {
    const { clock, mdm } = cluster();
    const failed = holderOfChunk0(mdm);
    mdm.failNode(failed, "crash");
    mdm.write("dv", 0, text("CHUNK 0"), {});
    clock.advance(DOWN_AFTER_MS + 10_000);
    expect(mdm.rebuildStatus().pendingBytes).toBe(0); // nothing to rebuild onto while it is away
    mdm.recoverNode(failed);
    expect(mdm.rebuildStatus().pendingBytes).toBe(MiB); // only the chunk written meanwhile
    clock.advance(1000);
    expect(mdm.rebuildStatus().pendingBytes).toBe(0);
    expect(mdm.scrub().mismatches).toEqual([]);
    expect(mdm.healthReport().checks.map((c) => c.check)).toContain("SHARDS_DEGRADED"); // its replicas wait for its heartbeats
    clock.advance(HEARTBEAT_MS);
    expect(mdm.healthReport().checks.map((c) => c.check)).not.toContain("SHARDS_DEGRADED");
  });

  it("re-creates every copy elsewhere when a node stays DOWN past the rebuild interval (forward)", () => {
    const { clock, mdm } = cluster();
    const failed = holderOfChunk0(mdm);
    mdm.failNode(failed, "crash");
    clock.advance(DOWN_AFTER_MS + REBUILD_AFTER_MS + 10_000);
    for (const { nodes } of mdm.chunkLocations("dv")) {
      expect(nodes).not.toContain(failed);
      expect(nodes).toHaveLength(2);
    }
    expect(mdm.shardRows().filter((s) => s.chunks > 0).flatMap((s) => s.replicas.map((r) => r.state))).toEqual(expect.arrayContaining(["Healthy"]));
    for (let i = 0; i < 4; i++) expect(str(mdm.read("dv", i * MiB, 7, {}))).toBe(`chunk ${i}`);
  });

  it("drains a node on graceful removal and refuses to remove an unreachable one", () => {
    const { mdm, clock } = cluster(1, 4);
    mdm.failNode("sds4", "crash");
    expect(() => mdm.removeNode("sds4")).toThrow(/not reachable/);
    mdm.recoverNode("sds4");
    expect(mdm.removeNode("sds1")).toBeGreaterThan(0);
    expect(mdm.isDraining(mdm.topology.nodes.find("sds1"))).toBe(true);
    expect(mdm.rebuildStatus().pendingBytes).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) expect(str(mdm.read("dv", i * MiB, 7, {}))).toBe(`chunk ${i}`);
    clock.advance(5000);
    expect(mdm.topology.nodes.has("sds1")).toBe(false);
    for (let i = 0; i < 4; i++) expect(str(mdm.read("dv", i * MiB, 7, {}))).toBe(`chunk ${i}`);
  });
});

describe("scrub", () => {
  it("finds a corrupted copy and names its node", () => {
    const { mdm } = cluster();
    expect(mdm.scrub().mismatches).toEqual([]);
    const [first, second] = mdm.chunkLocations("dv")[0]!.nodes;
    mdm.corrupt(second!, "dv", 3);
    expect(mdm.scrub().mismatches).toEqual([{ key: "dv#0", nodes: expect.arrayContaining([first, second]) }]);
  });
});

describe("chaos", () => {
  function run(seed: number) {
    const { clock, mdm } = cluster(1, 4);
    return runChaos(mdm, clock, { durationMs: 5 * 60_000, seed, unsafe: false });
  }

  it("loses no acknowledged write within tolerance, and reports the same for the same seed", () => {
    const first = run(7);
    expect(first.lost).toBe(0);
    expect(first.staleReads).toBe(0);
    expect(first.present).toBe(first.acknowledged);
    expect(first.events).toContainEqual(expect.stringMatching(/crash (\w+), write, recover \1, crash \w+$/)); // the handover that once let a stale copy win
    expect(first.indeterminate).toBeGreaterThan(0); // EIO while the only current copy was away: failed, not lost
    expect(first.events.length).toBeGreaterThan(3);
    expect(run(7)).toEqual(first);
    expect(run(8).events).not.toEqual(first.events);
  });

  it("starts only from a healthy pool, and changes nothing when it refuses", () => {
    const { clock, mdm } = cluster(1, 4);
    mdm.failNode("sds2", "crash");
    const before = JSON.stringify(mdm.toJSON());
    expect(() => runChaos(mdm, clock, { durationMs: 60_000, seed: 1, unsafe: false })).toThrow(/sds2 in pd1\/sp1 is not running/);
    expect(JSON.stringify(mdm.toJSON())).toBe(before);
  });

  it("holds for random seeds: after healing every acknowledged write is present and every copy identical", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { clock, mdm } = cluster(1, 4);
      const report = runChaos(mdm, clock, { durationMs: 3 * 60_000, seed, unsafe: false });
      expect(report.lost, `seed ${seed}`).toBe(0);
      expect(report.staleReads, `seed ${seed}`).toBe(0);
      expect(mdm.scrub().mismatches).toEqual([]);
    }
  });
});

describe("rebalancing", () => {
  it("moves data toward a node whose weight grows, keeping every byte readable", () => {
    const { clock, mdm } = cluster(1, 3);
    const before = mdm.nodeUsage(mdm.topology.nodes.find("sds3"));
    expect(() => mdm.setNodeCapacity("sds3", 1024)).toThrow("node capacity 1K is out of range (1M..64T)");
    const busiest = ["sds1", "sds2", "sds3"].find((n) => mdm.nodeUsage(mdm.topology.nodes.find(n)) >= 2 * MiB)!;
    expect(() => mdm.setNodeCapacity(busiest, MiB)).toThrow(`node '${busiest}' holds ${mdm.nodeUsage(mdm.topology.nodes.find(busiest)) / MiB}M, more than 1M`);
    mdm.setNodeCapacity("sds3", 4 * GiB);
    clock.advance(5000);
    expect(mdm.rebuildStatus().pendingBytes).toBe(0);
    expect(mdm.nodeUsage(mdm.topology.nodes.find("sds3"))).toBeGreaterThanOrEqual(before);
    for (let i = 0; i < 4; i++) expect(str(mdm.read("dv", i * MiB, 7, {}))).toBe(`chunk ${i}`);
  });

  it("plans moves to within 10% of the mean, changes nothing on a dry run, and moves data when applied", () => {
    const clock = new Clock();
    const mdm = new DistributedStorageManager(clock, new Rng(5), TEST_KEY);
    mdm.topology.addDomain("pd1");
    mdm.addPool("pd1/sp1", { copies: 3, minCopies: 2, consistency: "strong", shards: 256 });
    for (let i = 1; i <= 16; i++) mdm.addNode(`n${i}`, "pd1/sp1", GiB, "ssd", "");
    mdm.topology.clients.allocate("c1");
    mdm.createVolume("dv", "pd1/sp1", 64 * MiB);
    mdm.map("dv", "c1", false, false);
    for (let i = 0; i < 64; i++) mdm.write("dv", i * MiB, text(`block ${i}`), {});
    const perNode = () => {
      const counts = new Map<number, number>();
      for (let shard = 0; shard < 256; shard++) for (const n of mdm.topology.replicasOf(shard)) counts.set(n, (counts.get(n) ?? 0) + 1);
      return Math.max(...counts.values()) / ((256 * 3) / 16);
    };
    const before = perNode();
    expect(before).toBeGreaterThan(1.1);
    const plan = mdm.rebalance("pd1/sp1", 1.1, true);
    expect(plan.length).toBeGreaterThan(0);
    expect(perNode()).toBe(before);
    mdm.rebalance("pd1/sp1", 1.1, false);
    expect(perNode()).toBeLessThanOrEqual(1.1);
    for (let shard = 0; shard < 256; shard++) expect(new Set(mdm.topology.replicasOf(shard)).size).toBe(3);
    clock.advance(10_000);
    expect(mdm.rebuildStatus().pendingBytes).toBe(0);
    for (let i = 0; i < 64; i++) expect(str(mdm.read("dv", i * MiB, `block ${i}`.length, {}))).toBe(`block ${i}`);
    expect(mdm.scrub().mismatches).toEqual([]);
  });
});

describe("chaos on a pool that does not promise the newest bytes", () => {
  it("counts old reads in an eventual pool as allowed, not as a failed run", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2 --consistency eventual");
    for (const name of ["sds1", "sds2", "sds3"]) ok(session, `cluster sds add ${name} --pool pd1/sp1 --capacity 1G`);
    const outcome = session.execute("cluster chaos --duration 5m --seed 9");
    expect(outcome.ok).toBe(true);
    expect(outcome.lines).toContain("old reads 4: bytes older than the last acknowledged write, allowed in eventual pools (copies catch up later)");
    expect(outcome.lines).toContain("no acknowledged write was lost");
  });
});
