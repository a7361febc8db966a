// Cluster reports that must not lie: alerts that clear when their cause goes, and status, health,
// shard list, rebuild status and the dashboard telling one story at each moment.

import { describe, expect, it } from "vitest";
import { DistributedStorageManager, type ConsistencyLevel } from "../../modules/cluster/index.js";
import { Clock } from "../../src/clock.js";
import { DOWN_AFTER_MS, REBUILD_AFTER_MS } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import type { Session } from "../../shell/session.js";
import { newSession, ok, TEST_KEY } from "../helpers.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** A session with pd1/sp1 (`copies` copies, 8 shards) on `nodes` nodes of `capacity`, a client and volume dv mapped to it. */
function clusterSession(options: { copies?: number; nodes?: number; capacity?: string; size?: string } = {}): Session {
  const session = newSession();
  ok(session, "cluster pd create pd1");
  ok(session, `cluster pool create pd1/sp1 --copies ${options.copies ?? 2} --shards 8`);
  for (let i = 1; i <= (options.nodes ?? 3); i++) ok(session, `cluster sds add sds${i} --pool pd1/sp1 --capacity ${options.capacity ?? "1G"}`);
  ok(session, "cluster sdc add host1");
  ok(session, `vol create dv --type distributed --pool pd1/sp1 --size ${options.size ?? "8M"}`);
  ok(session, "cluster map dv host1");
  return session;
}

const activeAlerts = (session: Session, filter = "") => ok(session, `cluster alerts ${filter}`).slice(1).map((line) => line.replace(/\s+/g, " "));
const shardsLine = (session: Session) => ok(session, "cluster status").find((line) => line.startsWith("shards:"))!.replace(/^shards:\s+/, "");

describe("capacity alerts", () => {
  it("clear when a delete, a shrink or a snapshot delete frees the space", () => {
    const session = clusterSession({ nodes: 2, capacity: "4M" });
    ok(session, "vol write dv 0 --pattern 0x61 --len 4M");
    expect(activeAlerts(session, "--severity warning")).toEqual([expect.stringContaining("CRITICAL capacity pd1/sp1"), expect.stringContaining("WARNING capacity pd1/sp1")]);
    ok(session, "vol resize dv 3M --force"); // 3 of 4 chunks a node: 75%, under both thresholds
    expect(ok(session, "cluster alerts --severity warning")).toEqual(["(no alerts)"]);
    ok(session, "vol write dv 0 --pattern 0x62 --len 1M");
    ok(session, "vol snap create dv s1");
    ok(session, "vol write dv 0 --pattern 0x63 --len 1M"); // the snapshot keeps the old chunk: 4 of 4
    expect(activeAlerts(session, "--severity warning")).toHaveLength(2);
    ok(session, "vol snap delete dv s1");
    expect(ok(session, "cluster alerts --severity warning")).toEqual(["(no alerts)"]);
    ok(session, "vol write dv 0 --pattern 0x61 --len 3M");
    ok(session, "vol resize dv 4M");
    ok(session, "vol write dv 3M --pattern 0x61 --len 1M");
    expect(ok(session, "cluster health")).toEqual(["DEGRADED (1 check failing)"]); // capacity alone degrades: writes go on until a node is full
    ok(session, "cluster unmap dv host1");
    ok(session, "vol delete dv");
    expect(ok(session, "cluster alerts --severity warning")).toEqual(["(no alerts)"]);
    expect(ok(session, "cluster health")).toEqual(["HEALTHY"]);
  });

  it("clear when a node adds capacity", () => {
    const session = clusterSession({ nodes: 2, capacity: "4M" });
    ok(session, "vol write dv 0 --pattern 0x61 --len 4M");
    ok(session, "cluster sds add sds3 --pool pd1/sp1 --capacity 4M");
    ok(session, "sleep 10s"); // data follows the new placement
    expect(ok(session, "cluster alerts --severity warning")).toEqual(["(no alerts)"]);
  });
});

describe("one count of shards and replicas", () => {
  it("status, shard list, health and watch agree while a node is down", () => {
    const session = clusterSession();
    ok(session, "vol write dv 0 --pattern 0x61 --len 3M");
    ok(session, "cluster sds fail sds1");
    ok(session, "sleep 1m");
    const line = shardsLine(session);
    expect(line).toBe("8 shards, 3 with data, 7 below full copies (3 with data); replicas: 2 Healthy, 7 Degraded, 7 Failed");
    expect(ok(session, "cluster shard list --used").at(-1)).toBe(line);
    expect(ok(session, "cluster shard list").at(-1)).toBe(line);
    expect(ok(session, "watch cluster")).toContain(line);
    expect(ok(session, "cluster health --detail").join("\n")).toContain("SHARDS_DEGRADED   7 of 8 shards of pd1/sp1 are below 2 copies (3 hold data)");
  });

  it("health is not HEALTHY while a 3-copy pool on 2 nodes has every shard below full copies", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1");
    ok(session, "cluster pool create pd1/sp1 --copies 3 --shards 8");
    for (const node of ["sds1", "sds2", "sds3"]) ok(session, `cluster sds add ${node} --pool pd1/sp1 --capacity 1G`);
    expect(ok(session, "cluster health")).toEqual(["HEALTHY"]);
    ok(session, "cluster sds remove sds3"); // empty: leaves at once
    expect(ok(session, "cluster health --detail")).toEqual(expect.arrayContaining(["DEGRADED (2 checks failing)", expect.stringMatching(/POOL_UNDERSIZED +pool 'pd1\/sp1' keeps 3 copies but has 2 nodes:/), expect.stringMatching(/SHARDS_DEGRADED +8 of 8 shards of pd1\/sp1 are below 3 copies \(0 hold data\)/)]));
    expect(shardsLine(session)).toBe("8 shards, 0 with data, 8 below full copies (0 with data); replicas: 16 Degraded");
    expect(ok(session, "cluster rebuild status")).toEqual(["no rebuild possible: 8 shards below full copies and no node to copy them to (add or recover nodes)"]);
  });
});

describe("cluster rebuild status", () => {
  it("names the degraded shards and when the forward rebuild starts, instead of 'every copy is in place'", () => {
    const session = clusterSession();
    ok(session, "vol write dv 0 --pattern 0x61 --len 3M");
    ok(session, "cluster sds fail sds1");
    ok(session, "sleep 35s");
    expect(ok(session, "cluster rebuild status")).toEqual(["7 shards degraded on sds1 (STALE/crashed), 3 (3.0M) with data; forward rebuild starts at T+00:03:00.0 unless sds1 returns"]);
    ok(session, "sleep 1m");
    expect(ok(session, "cluster rebuild status")).toEqual(["7 shards degraded on sds1 (DOWN/crashed), 3 (3.0M) with data; forward rebuild starts at T+00:03:00.0 unless sds1 returns"]);
    expect(ok(session, "cluster status")).toContain("rebuild:  sds1 DOWN/crashed: forward rebuild at T+00:03:00.0 unless it returns");
    expect(ok(session, "watch cluster")).toContain("rebuild: sds1 DOWN/crashed: forward rebuild at T+00:03:00.0 unless it returns");
    ok(session, "sleep 85s"); // T+00:03:00: sds1 leaves placement, copying starts a second later
    expect(ok(session, "cluster rebuild status")).toEqual([expect.stringMatching(/^rebuilding since T\+00:03:00.0: 0 done, 3.0M to go/)]);
    ok(session, "sleep 5s");
    expect(ok(session, "cluster rebuild status")).toEqual(["no rebuild: every copy is in place"]);
    expect(shardsLine(session)).toBe("8 shards, 3 with data, all at full copies; replicas: 16 Healthy");
  });
});

describe("informational alerts and performance events", () => {
  it("a node joining and a rebuild finishing raise INFO alerts, audited; the rebuild's throughput is a Performance event", () => {
    const session = clusterSession();
    ok(session, "vol write dv 0 --pattern 0x61 --len 3M");
    expect(activeAlerts(session)).toEqual([
      expect.stringMatching(/^1 INFO node sds1 .* storage node sds1 joined pd1\/sp1 \(1G\)$/),
      expect.stringMatching(/^2 INFO node sds2 /),
      expect.stringMatching(/^3 INFO node sds3 /),
    ]);
    expect(ok(session, "cluster status")[0]).toBe("health:   HEALTHY (3 active alerts, all INFO: cluster alerts)");
    ok(session, "cluster sds fail sds1");
    ok(session, "sleep 185s"); // DOWN at 1m, forward rebuild at 3m
    expect(ok(session, "cluster alerts --severity info --category rebuild").slice(1).map((l) => l.replace(/\s+/g, " "))).toEqual(["7 INFO rebuild cluster T+00:03:01.0 active rebuild finished: rebuilt 3.0M at 64M/s: 47 ms of copying, done within 1 s (steps of 1 s)"]);
    expect(ok(session, "audit query --action cluster.alert.raise").join("\n")).toContain("INFO rebuild cluster: rebuild finished");
    const performance = ok(session, "audit query --type performance --no-trunc").slice(1); // whole: no cut note under it
    expect(performance).toEqual([expect.stringMatching(/T\+00:03:01.0 +info +performance +0 +cluster.rebuild +cluster +observed +rebuilt 3.0M at 64M\/s: 47 ms of copying, done within 1 s/)]);
    expect(ok(session, "cluster health")).toEqual(["DEGRADED (1 check failing)"]); // sds1 DOWN; the notices do not count
  });
});

describe("archived copies", () => {
  it("a node back after its forward rebuild archives what went stale, serves what did not, and cleans on request", () => {
    const session = clusterSession();
    ok(session, "vol write dv 0 --pattern 0x61 --len 3M");
    ok(session, "cluster sds fail sds1");
    ok(session, "sleep 35s");
    ok(session, "vol write dv 2M --data 'while away'"); // sds1's copy of chunk 2 goes stale
    ok(session, "sleep 150s"); // forward rebuild done
    ok(session, "cluster sds recover sds1");
    ok(session, "sleep 5s");
    const shard2 = ok(session, "cluster shard show 2");
    expect(shard2.slice(2).map((l) => l.replace(/\s+/g, " ").trim())).toEqual(["primary sds1 Healthy 2", "copy 1 sds3 Healthy 2", "copy 2 sds1 Archived 1"]);
    expect(shardsLine(session)).toBe("8 shards, 3 with data, all at full copies; replicas: 16 Healthy, 1 Archived");
    expect(ok(session, "cluster health --detail")).toEqual(["HEALTHY (1 note)", expect.stringContaining("SEVERITY"), expect.stringMatching(/^INFO +ARCHIVED_COPIES +stale copies kept on sds1 \(1\): cluster archive clean$/)]);
    expect(ok(session, "cluster sds list").join("\n")).toMatch(/sds1 .*4.0M/); // three live chunks (one copied back) and the archived one
    expect(ok(session, "vol read dv 2M 10")).toEqual(["while away"]);
    expect(ok(session, "cluster archive clean --sds sds2")).toEqual(["no archived copies on sds2"]);
    expect(ok(session, "cluster archive clean")).toEqual(["deleted archived copies: 1.0M freed"]);
    expect(ok(session, "cluster sds list").join("\n")).toMatch(/sds1 .*3.0M/);
    expect(shardsLine(session)).toBe("8 shards, 3 with data, all at full copies; replicas: 16 Healthy");
    expect(ok(session, "cluster health")).toEqual(["HEALTHY"]);
  });
});

describe("replica states", () => {
  /** Every replica state shown in the shard rows right now. */
  const states = (mdm: DistributedStorageManager) => new Set(mdm.shardRows().flatMap((row) => row.replicas.map((r) => r.state)));

  function manager(consistency: ConsistencyLevel) {
    const clock = new Clock();
    const mdm = new DistributedStorageManager(clock, new Rng(3), TEST_KEY);
    mdm.topology.addDomain("pd1");
    mdm.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency, shards: 8 });
    for (const node of ["sds1", "sds2", "sds3"]) mdm.addNode(node, "pd1/sp1", GiB, "ssd", "");
    mdm.addClient("c1");
    mdm.createVolume("dv", "pd1/sp1", 8 * MiB);
    mdm.map("dv", "c1", false, false);
    for (let i = 0; i < 4; i++) mdm.write("dv", i * MiB, new Uint8Array([i + 1]), {});
    return { clock, mdm };
  }

  it("a node failed, and back before any rebuild, is read from the counters as the survey reads it: Failed, then Recovering, then Healthy", () => {
    const { clock, mdm } = manager("strong");
    const shardsOf = (node: string) => mdm.shardRows().filter((row) => row.chunks > 0 && row.replicas.some((r) => r.node === node));
    const stateOn = (node: string) => new Set(shardsOf(node).map((row) => row.replicas.find((r) => r.node === node)!.state));
    expect(shardsOf("sds1").length).toBeGreaterThan(0);
    mdm.failNode("sds1", "crash");
    clock.advance(DOWN_AFTER_MS + 1000); // DOWN, its forward rebuild not started
    expect(stateOn("sds1")).toEqual(new Set(["Failed"]));
    expect(mdm.rebuildStatus().blocked).toEqual([]);
    expect(mdm.counterDrift()).toEqual([]); // standing: the rows, the rebuild and the unreachable chunks read from the counters equal the survey's
    mdm.recoverNode("sds1");
    expect(stateOn("sds1")).toEqual(new Set(["Recovering"])); // back, the MDM waits for its heartbeats
    expect(mdm.counterDrift()).toEqual([]);
    clock.advance(60_000);
    expect(stateOn("sds1")).toEqual(new Set(["Healthy"]));
    expect(mdm.counterDrift()).toEqual([]);
  });

  it("all seven are reachable: Healthy, Syncing, Degraded, Failed, Recovering, Rebalancing, Archived", () => {
    const seen = new Set<string>();
    const eventual = manager("eventual");
    states(eventual.mdm).forEach((s) => seen.add(s)); // a secondary update in flight
    expect(seen).toContain("Syncing");

    const { clock, mdm } = manager("strong");
    states(mdm).forEach((s) => seen.add(s));
    mdm.failNode("sds1", "crash");
    for (let i = 0; i < 4; i++) mdm.write("dv", i * MiB, new Uint8Array([9]), {}); // sds1 misses these
    states(mdm).forEach((s) => seen.add(s)); // Failed, Degraded
    mdm.recoverNode("sds1"); // back before the rebuild interval: behind, and its chunks have one current copy
    states(mdm).forEach((s) => seen.add(s)); // Recovering
    clock.advance(10_000);
    mdm.addNode("sds4", "pd1/sp1", 4 * GiB, "ssd", ""); // placement moves; full copies exist elsewhere
    states(mdm).forEach((s) => seen.add(s)); // Rebalancing
    clock.advance(10_000);
    mdm.failNode("sds4", "crash");
    clock.advance(DOWN_AFTER_MS + REBUILD_AFTER_MS + 10_000); // forward rebuild of sds4's copies
    for (let i = 0; i < 4; i++) mdm.write("dv", i * MiB, new Uint8Array([7]), {});
    mdm.recoverNode("sds4");
    states(mdm).forEach((s) => seen.add(s)); // Archived
    expect([...seen].sort()).toEqual(["Archived", "Degraded", "Failed", "Healthy", "Rebalancing", "Recovering", "Syncing"]);
  });
});

describe("messages name sizes with units", () => {
  it("node capacity out of range, a weight below what a node holds, a weight's audit entry", () => {
    const session = clusterSession();
    ok(session, "vol write dv 0 --pattern 0x61 --len 3M");
    expect(session.execute("cluster sds add big --pool pd1/sp1 --capacity 65T").error).toBe("error: node capacity 65T is out of range (1M..64T) [EINVAL]");
    expect(session.execute("cluster sds weight sds1 1M").error).toMatch(/^error: node 'sds1' holds 3M, more than 1M \[EBUSY\]/);
    ok(session, "cluster sds weight sds1 2G");
    expect(ok(session, "audit query --action cluster.sds.weight").at(-1)).toMatch(/2G, \d+ chunk cop(?:y|ies) to move$/);
  });
});

describe("vol snap list of a distributed volume", () => {
  const used = (session: Session) => ok(session, "vol snap list dv").slice(1).map((line) => line.split(/\s+/)[4]); // the USED column

  it("shows the bytes a snapshot alone keeps, each once however many copies (as a local snapshot's), as a copy-on-write, a sibling's delete, a restore and a rebuild change them", () => {
    const session = clusterSession();
    ok(session, "vol write dv 0 --pattern 0x61 --len 2M");
    ok(session, "vol snap create dv s1");
    ok(session, "vol snap create dv s2");
    expect(used(session)).toEqual(["0", "0"]); // every chunk shared with the volume
    ok(session, "vol write dv 0 --pattern 0x62 --len 4K"); // chunk 0 copied on write: s1 and s2 still share the old one
    expect(used(session)).toEqual(["0", "0"]);
    ok(session, "vol snap delete dv s1");
    expect(used(session)).toEqual(["1.0M"]); // s2 alone keeps chunk 0 (on both copies: raw use is the nodes' column)
    ok(session, "vol write dv 1M --pattern 0x63 --len 1M");
    expect(used(session)).toEqual(["2.0M"]);
    ok(session, "cluster sds fail sds1");
    ok(session, "sleep 10m"); // rebuilt elsewhere: the snapshot's chunks are shared on the new copies as they were
    expect(ok(session, "cluster status")).toContain("rebuild:  none");
    expect(used(session)).toEqual(["2.0M"]);
    ok(session, "vol snap restore dv s2"); // the volume shares the snapshot's chunks again
    expect(used(session)).toEqual(["0"]);
  });

  it("counts the same USED as a local volume's snapshot for the same writes, on a 3-copy pool (ALLOCATED too)", () => {
    const session = clusterSession({ copies: 3, size: "64M" });
    ok(session, "vol create lv --size 64M");
    for (const volume of ["dv", "lv"]) ok(session, `vol write ${volume} 0 --pattern 0x41 --len 8M; vol snap create ${volume} s1; vol write ${volume} 0 --pattern 0x42 --len 8M`);
    const snapUsed = (volume: string) => ok(session, `vol snap list ${volume}`)[1]!.split(/\s+/)[4];
    expect(snapUsed("dv")).toBe("8.0M");
    expect(snapUsed("dv")).toBe(snapUsed("lv"));
    expect(ok(session, "vol list").filter((line) => /^[dl]v /.test(line)).map((line) => line.split(/\s+/)[5])).toEqual(["8.0M", "8.0M"]);
  });
});
