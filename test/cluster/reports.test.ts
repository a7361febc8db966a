// Cluster reports that must not lie: alerts that clear when their cause goes, and status, health,
// shard list, rebuild status and the dashboard telling one story at each moment.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";
import type { Session } from "../../shell/session.js";

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

const activeAlerts = (session: Session) => ok(session, "cluster alerts").slice(1).map((line) => line.replace(/\s+/g, " "));
const shardsLine = (session: Session) => ok(session, "cluster status").find((line) => line.startsWith("shards:"))!.replace(/^shards:\s+/, "");

describe("capacity alerts", () => {
  it("clear when a delete, a shrink or a snapshot delete frees the space", () => {
    const session = clusterSession({ nodes: 2, capacity: "4M" });
    ok(session, "vol write dv 0 --pattern 0x61 --len 4M");
    expect(activeAlerts(session)).toEqual([expect.stringContaining("CRITICAL capacity pd1/sp1"), expect.stringContaining("WARNING capacity pd1/sp1")]);
    ok(session, "vol resize dv 3M --force"); // 3 of 4 chunks a node: 75%, under both thresholds
    expect(ok(session, "cluster alerts")).toEqual(["(no alerts)"]);
    ok(session, "vol write dv 0 --pattern 0x62 --len 1M");
    ok(session, "vol snap create dv s1");
    ok(session, "vol write dv 0 --pattern 0x63 --len 1M"); // the snapshot keeps the old chunk: 4 of 4
    expect(activeAlerts(session)).toHaveLength(2);
    ok(session, "vol snap delete dv s1");
    expect(ok(session, "cluster alerts")).toEqual(["(no alerts)"]);
    ok(session, "vol write dv 0 --pattern 0x61 --len 3M");
    ok(session, "vol resize dv 4M");
    ok(session, "vol write dv 3M --pattern 0x61 --len 1M");
    expect(ok(session, "cluster health")).toEqual(["ERROR (2 checks failing)"]);
    ok(session, "cluster unmap dv host1");
    ok(session, "vol delete dv");
    expect(ok(session, "cluster alerts")).toEqual(["(no alerts)"]);
    expect(ok(session, "cluster health")).toEqual(["HEALTHY"]);
  });

  it("clear when a node adds capacity", () => {
    const session = clusterSession({ nodes: 2, capacity: "4M" });
    ok(session, "vol write dv 0 --pattern 0x61 --len 4M");
    ok(session, "cluster sds add sds3 --pool pd1/sp1 --capacity 4M");
    ok(session, "sleep 10s"); // data follows the new placement
    expect(ok(session, "cluster alerts")).toEqual(["(no alerts)"]);
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
    expect(ok(session, "cluster health --detail")).toEqual(expect.arrayContaining(["DEGRADED (1 check failing)", expect.stringMatching(/SHARDS_DEGRADED +8 of 8 shards of pd1\/sp1 are below 3 copies \(0 hold data\)/)]));
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
    expect(ok(session, "cluster rebuild status")).toEqual(["7 shards degraded on sds1 (STALE/crashed), 3 with data (3.0M); forward rebuild starts at T+00:03:00.0 unless sds1 returns"]);
    ok(session, "sleep 1m");
    expect(ok(session, "cluster rebuild status")).toEqual(["7 shards degraded on sds1 (DOWN/crashed), 3 with data (3.0M); forward rebuild starts at T+00:03:00.0 unless sds1 returns"]);
    ok(session, "sleep 85s"); // T+00:03:00: sds1 leaves placement, copying starts a second later
    expect(ok(session, "cluster rebuild status")).toEqual([expect.stringMatching(/^rebuilding since T\+00:03:00.0: 0 done, 3.0M to go/)]);
    ok(session, "sleep 5s");
    expect(ok(session, "cluster rebuild status")).toEqual(["no rebuild: every copy is in place"]);
    expect(shardsLine(session)).toBe("8 shards, 3 with data, all at full copies; replicas: 16 Healthy");
  });
});
