// A forward rebuild of a volume with a snapshot: a chunk the snapshot shares with its volume is
// one chunk, copied once; once the failed node is back in placement, the copies the rebuild made
// outside it are dropped and their chunks freed, so chunk counts and used bytes are copies x data.

import { describe, expect, it } from "vitest";
import { DistributedStorageManager } from "../../modules/cluster/index.js";
import { Clock } from "../../src/clock.js";
import { DOWN_AFTER_MS, HEARTBEAT_MS, REBUILD_AFTER_MS } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import { TEST_KEY } from "../helpers.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const CHUNKS = 8;
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function cluster(snapshot: boolean) {
  const clock = new Clock();
  const mdm = new DistributedStorageManager(clock, new Rng(5), TEST_KEY);
  mdm.topology.addDomain("pd1");
  mdm.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency: "strong", shards: 8 });
  for (let i = 1; i <= 3; i++) mdm.addNode(`sds${i}`, "pd1/sp1", GiB, "ssd", "");
  mdm.topology.clients.allocate("c1");
  mdm.createVolume("dv", "pd1/sp1", CHUNKS * MiB);
  mdm.map("dv", "c1", false, false);
  for (let i = 0; i < CHUNKS; i++) mdm.write("dv", i * MiB, new TextEncoder().encode(`chunk ${i}`), {});
  if (snapshot) mdm.snapshotCreate("dv", "s1");
  const nodes = ["sds1", "sds2", "sds3"].map((name) => mdm.topology.nodes.find(name));
  const chunks = () => nodes.map((n) => mdm.nodeChunks(n).chunks);
  const files = () => nodes.map((n) => mdm.nodeChunks(n).files);
  const replicas = () => nodes.map((n) => mdm.chunkLocations("dv").filter((c) => c.nodes.includes(mdm.topology.nodes.nameOf(n))).length);
  const failed = mdm.chunkLocations("dv")[0]!.nodes[0]!;
  return { clock, mdm, nodes, chunks, files, replicas, failed };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe.each([true, false])("a forward rebuild (snapshot: %s)", (snapshot) => {
  it("copies each lost chunk once, and frees the copies outside placement once the node is back", () => {
    const { clock, mdm, nodes, chunks, files, replicas, failed } = cluster(snapshot);
    const failedAt = nodes.indexOf(mdm.topology.nodes.find(failed));
    const before = chunks();
    expect(sum(before)).toBe(2 * CHUNKS);
    mdm.failNode(failed, "crash");
    clock.advance(DOWN_AFTER_MS + REBUILD_AFTER_MS + 60_000);
    expect(mdm.rebuildStatus().pendingBytes).toBe(0);
    const rebuilt = chunks();
    expect(rebuilt[failedAt]).toBe(before[failedAt]); // its disk keeps what it had
    expect(sum(rebuilt) - rebuilt[failedAt]!).toBe(2 * CHUNKS); // each lost chunk copied once
    expect(files()).toEqual(rebuilt);
    mdm.recoverNode(failed);
    clock.advance(60_000);
    expect(mdm.rebuildStatus().pendingBytes).toBe(0);
    expect(chunks()).toEqual(replicas()); // no copy outside placement
    expect(sum(chunks())).toBe(2 * CHUNKS);
    expect(files()).toEqual(chunks());
    expect(sum(nodes.map((n) => mdm.nodeUsage(n)))).toBe(2 * CHUNKS * MiB);
    expect(mdm.counterDrift()).toEqual([]);
    for (let i = 0; i < CHUNKS; i++) {
      expect(str(mdm.read("dv", i * MiB, 7, {}))).toBe(`chunk ${i}`);
      if (snapshot) expect(str(mdm.snapshotRead("dv", "s1", i * MiB, 7, {}))).toBe(`chunk ${i}`);
    }
  });
});

describe("a node back after a forward rebuild, before its heartbeats", () => {
  it("has Recovering replicas, keeps the rebuilt copies until the MDM sees it ACTIVE, and the rebuild report says it waits", () => {
    const { clock, mdm, nodes, chunks, failed } = cluster(true);
    mdm.failNode(failed, "crash");
    clock.advance(DOWN_AFTER_MS + REBUILD_AFTER_MS + 60_000);
    const rebuilt = chunks();
    mdm.recoverNode(failed);
    expect(mdm.health.states[mdm.topology.nodes.find(failed)]).not.toBe(0); // the MDM has not heard from it yet
    const summary = mdm.shardSummary();
    expect(summary.replicas["Recovering"]).toBeGreaterThan(0);
    expect(summary.below).toBeGreaterThan(0);
    expect(mdm.rebuildStatus().returning).toEqual([failed]);
    expect(chunks()).toEqual(rebuilt); // full copies elsewhere until then
    expect(mdm.counterDrift()).toEqual([]);
    clock.advance(HEARTBEAT_MS);
    expect(mdm.shardSummary().replicas).toEqual({ Healthy: 2 * 8 });
    expect(mdm.rebuildStatus().returning).toEqual([]);
    expect(sum(chunks())).toBe(2 * CHUNKS);
    expect(mdm.counterDrift()).toEqual([]);
    expect(nodes).toHaveLength(3);
  });
});

describe.each([true, false])("a node joining a pool whose volume has a snapshot (snapshot: %s)", (snapshot) => {
  it("announces the chunks it will copy, each shared chunk once, and the job moves exactly that", () => {
    const { clock, mdm } = cluster(snapshot);
    mdm.write("dv", MiB, new TextEncoder().encode("X"), {}); // chunk 1 diverges from the snapshot's
    const announced = mdm.addNode("sds4", "pd1/sp1", GiB, "ssd", "");
    expect(announced).toBeGreaterThan(0);
    expect(mdm.rebuildStatus().pendingBytes).toBe(announced * MiB);
    expect(mdm.counterDrift()).toEqual([]);
    const sds4 = mdm.topology.nodes.find("sds4");
    clock.advance(60_000);
    expect(mdm.jobs().finished).toEqual([expect.objectContaining({ kind: "rebalance", bytes: announced * MiB })]);
    expect(mdm.nodeChunks(sds4).chunks).toBe(announced); // what moved is what it holds
    expect(mdm.counterDrift()).toEqual([]);
  });
});
