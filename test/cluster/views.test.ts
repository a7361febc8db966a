// Cluster views that agree with the data path: at the moment a read fails with EIO, health,
// alerts, status, the shard list, shard show, locate and rebuild status all say why, for every
// consistency level, without waiting for the clock to move.

import { describe, expect, it } from "vitest";
import { liveSnapshot } from "../../shell/display/live.js";
import type { Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";

const squash = (lines: readonly string[]) => lines.map((line) => line.replace(/\s+/g, " ").trim());

/** pd1/sp1 (2 copies, default shards) on sds1 and sds2, client h, volume dv mapped to it. */
function twoNodes(consistency: string): Session {
  const session = newSession();
  ok(session, "cluster pd create pd1");
  ok(session, `cluster pool create pd1/sp1 --copies 2 --consistency ${consistency}`);
  for (const node of ["sds1", "sds2"]) ok(session, `cluster sds add ${node} --pool pd1/sp1 --capacity 1G`);
  ok(session, "cluster sdc add h");
  ok(session, "vol create dv --type distributed --pool pd1/sp1 --size 8M");
  ok(session, "cluster map dv h");
  return session;
}

/** sds2 misses BBBB while down, returns, and sds1 (the only current copy) crashes at once. */
function handover(session: Session): void {
  for (const line of ["vol write dv 0 --data AAAA --sdc h", "cluster sds fail sds2", "vol write dv 0 --data BBBB --sdc h", "cluster sds recover sds2", "cluster sds fail sds1"]) ok(session, line);
}

describe("views right after the only current copy goes away", () => {
  for (const consistency of ["strong", "eventual", "causal"]) {
    it(`${consistency}: every view reports the unavailable data the read fails on`, () => {
      const session = twoNodes(consistency);
      handover(session);
      const read = session.execute("vol read dv 0 4 --sdc h");
      expect(read.ok ? "" : read.error).toContain("chunk 0 of dv is unavailable: its current version is only on sds1 (crashed)");
      expect(ok(session, "cluster health")).toEqual(["ERROR (3 checks failing)"]);
      expect(ok(session, "cluster health --detail")).toContainEqual(expect.stringMatching(/^ERROR +DATA_UNAVAILABLE +1 shard of pd1\/sp1 holds data whose current copies are all out of reach$/));
      expect(squash(ok(session, "cluster alerts"))).toContainEqual(expect.stringMatching(/^\d+ CRITICAL data pd1\/sp1 .* pool pd1\/sp1: data with no reachable current copy$/));
      expect(ok(session, "cluster status")).toContainEqual(expect.stringMatching(/^shards: +32 shards, 1 with data, 32 below full copies \(1 with data\); replicas: 31 Degraded, 32 Failed, 1 Recovering$/));
      expect(squash(ok(session, "cluster shard list --used"))).toEqual(["SHARD POOL REPLICAS STATES VERSION CHUNKS BYTES", "12 pd1/sp1 sds1,sds2 Failed,Recovering 2 1 1.0M", expect.stringMatching(/^32 shards, 1 with data/)]);
      expect(squash(ok(session, "cluster shard show 12"))).toEqual(["shard 12 of pd1/sp1: version 2, 1 chunk", "REPLICA NODE STATE VERSION", "primary sds1 Failed 2", expect.stringMatching(/^copy 1 sds2 Recovering [01]$/)]);
      expect(ok(session, "cluster rebuild status")[0]).toBe("waiting for sds1: it holds the only current copy of 1 chunk (cluster sds recover sds1)");
      expect(squash(ok(session, "cluster locate dv"))[1]).toBe("0 0M 12 sds1,sds2 (current copy only on sds1: ACTIVE/crashed)");
    });
  }

  it("a crash the MDM has not noticed yet is said plainly, then STALE once heartbeats time out", () => {
    const session = twoNodes("strong");
    ok(session, "cluster sds fail sds1");
    const nodeCheck = () => ok(session, "cluster health --detail").find((line) => line.includes("NODE_NOT_ACTIVE"))!.replace(/\s+/g, " ");
    expect(nodeCheck()).toBe("WARNING NODE_NOT_ACTIVE sds1 is crashed; the MDM sees it ACTIVE until it misses heartbeats for 30 s (then STALE)");
    ok(session, "sleep 30s");
    expect(nodeCheck()).toBe("WARNING NODE_NOT_ACTIVE sds1 is STALE (crashed)");
  });

  it("after the forward rebuild, the shard list and locate still name the node with the only current copy, and rebuild status says it waits for it", () => {
    const session = twoNodes("strong");
    handover(session);
    ok(session, "cluster sds add sds3 --pool pd1/sp1 --capacity 1G");
    ok(session, "sleep 4m"); // sds1 DOWN and out of placement
    const shard = squash(ok(session, "cluster shard list --used"))[1]!;
    expect(shard).toMatch(/^12 pd1\/sp1 (sds3,sds2|sds2,sds3),sds1 Recovering,Recovering,Failed 2 1 1.0M$/);
    expect(squash(ok(session, "cluster locate dv"))[1]).toMatch(/^0 0M 12 (sds3,sds2|sds2,sds3) \(current copy only on sds1: DOWN\/crashed\)$/);
    expect(ok(session, "cluster rebuild status")).toEqual(["waiting for sds1: it holds the only current copy of 1 chunk (cluster sds recover sds1)"]);
    expect(ok(session, "cluster status")).toContainEqual("rebuild:  waiting for sds1: it holds the only current copy of 1 chunk (cluster sds recover sds1)");
    ok(session, "cluster sds recover sds1");
    ok(session, "sleep 20s");
    expect(ok(session, "vol read dv 0 4 --sdc h")).toEqual(["BBBB"]);
    expect(ok(session, "cluster rebuild status")).toEqual(["no rebuild: every copy is in place"]);
  });
});

describe("alert counts", () => {
  it("watch cluster and cluster status count the active alerts the pane lists, in the same words", () => {
    const session = twoNodes("eventual");
    handover(session); // 2 INFO (nodes joined), the data WARNING and CRITICAL
    const watched = liveSnapshot(session.kernel.view, "cluster", session.display, {});
    const pane = watched.sections.find((section) => section.title === "active alerts")!.lines;
    expect(pane).toHaveLength(4);
    expect(watched.sections.find((section) => section.title === "cluster overview")!.lines[0]).toBe("ERROR   4 active alerts, 2 INFO");
    expect(ok(session, "cluster status")[0]).toBe("health:   ERROR (4 active alerts, 2 INFO: cluster alerts)");
    expect(watched.header).toMatch(/, 0 audit alerts$/); // the audit trail's own count, named as such
    expect(ok(session, "cluster status").slice(1, 4)).toEqual(["mdm:      1 protection domain, 1 pool", "sds:      1 up of 2", "sdc:      1 client, 1 mapping"]);
  });
});


describe("capacity and health", () => {
  it("a nearly full pool degrades health, with its worst capacity alert as one WARNING check", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1");
    ok(session, "cluster pool create pd1/sp1 --copies 2");
    for (const node of ["sds1", "sds2"]) ok(session, `cluster sds add ${node} --pool pd1/sp1 --capacity 4M`);
    ok(session, "cluster sdc add h");
    ok(session, "vol create dv --type distributed --pool pd1/sp1 --size 8M");
    ok(session, "cluster map dv h");
    ok(session, "vol write dv 0 --pattern 0x61 --len 4M --sdc h");
    expect(squash(ok(session, "cluster alerts --severity warning"))).toEqual([expect.stringContaining("SEVERITY"), expect.stringContaining("CRITICAL capacity pd1/sp1"), expect.stringContaining("WARNING capacity pd1/sp1")]);
    expect(squash(ok(session, "cluster health --detail"))).toEqual(["DEGRADED (1 check failing)", "SEVERITY CHECK DETAIL", "WARNING CAPACITY pool pd1/sp1 is over 90% full (CRITICAL alert)"]);
  });
});

describe("help cluster", () => {
  it("is plain text that says what is true: 32 shards by default, capacity degrades, no internal phrases", () => {
    const page = ok(newSession(), "help cluster").join(" ").replace(/\s+/g, " "); // help is wrapped to the width: read it as running text
    expect(page).not.toContain("**");
    expect(page).not.toContain("seed 003");
    expect(page).toContain("shards (32 by default");
    expect(page).toContain("a capacity alert of either severity");
  });
});

describe("pools that cannot place every copy apart", () => {
  it("refuse distributed volumes when two nodes share a fault set, as with one node, and health says why", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1");
    ok(session, "cluster pool create pd1/sp1 --copies 2");
    for (const node of ["a", "b"]) ok(session, `cluster sds add ${node} --pool pd1/sp1 --capacity 1G --fault-set r1`);
    const create = session.execute("vol create dv --type distributed --pool pd1/sp1 --size 8M");
    expect(create.ok ? "" : create.error).toContain("pool 'pd1/sp1' keeps 2 copies but has 2 nodes, in 1 fault set [EINVAL]");
    expect(squash(ok(session, "cluster health --detail"))).toContainEqual("WARNING POOL_UNDERSIZED pool 'pd1/sp1' keeps 2 copies but has 2 nodes, in 1 fault set: shards get fewer copies, new distributed volumes are refused");
    ok(session, "cluster sds add c --pool pd1/sp1 --capacity 1G --fault-set r2");
    ok(session, "vol create dv --type distributed --pool pd1/sp1 --size 8M");
    expect(squash(ok(session, "cluster health --detail")).join("\n")).not.toContain("POOL_UNDERSIZED");
  });
});
