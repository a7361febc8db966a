// The cluster's and replication's state machines, declared as data: legal moves go through, an
// illegal one is refused by the one transition() helper, naming the state and what is legal.

import { describe, expect, it } from "vitest";
import { REPLICA_MACHINE, ReplicaState } from "../../modules/cluster/topology.js";
import { transition } from "../../src/state-machine.js";
import { newSession, ok } from "../helpers.js";

describe("replica states", () => {
  it("go Syncing on a deferred update and Healthy once it lands, nothing else", () => {
    expect(transition(REPLICA_MACHINE, "s", ReplicaState.Healthy, "defer")).toBe(ReplicaState.Syncing);
    expect(transition(REPLICA_MACHINE, "s", ReplicaState.Syncing, "catchUp")).toBe(ReplicaState.Healthy);
    expect(() => transition(REPLICA_MACHINE, "shard 3 copy 1", ReplicaState.Archived, "defer")).toThrow(expect.objectContaining({ code: "EBUSY", message: "cannot defer replica 'shard 3 copy 1': it is Archived", hint: "nothing is legal from Archived" }));
  });
});

describe("storage node states and conditions through a session", () => {
  it("keep the messages people see for a repeated fail or recover", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G");
    ok(session, "cluster sds fail a");
    expect(session.execute("cluster sds fail a").error).toBe("error: storage node a is already crashed [EBUSY] — cluster sds recover a");
    ok(session, "cluster sds recover a");
    expect(session.execute("cluster sds recover a").error).toBe("error: storage node a is running [EINVAL]");
  });

  it("go STALE, then DOWN, then ACTIVE again as heartbeats stop and resume", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G");
    const stateOf = () => session.kernel.view.cluster.dashboard().domains[0]!.pools[0]!.nodes[0]!.state;
    ok(session, "cluster sds fail a; sleep 40s");
    expect(stateOf()).toBe("STALE/crashed");
    ok(session, "sleep 30s");
    expect(stateOf()).toBe("DOWN/crashed");
    ok(session, "cluster sds recover a; sleep 10s");
    expect(stateOf()).toBe("ACTIVE");
  });
});

describe("storage node membership", () => {
  it("drains a node that holds data, refuses a second removal with its message, and lets it leave once empty", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sds add c --pool pd1/sp1 --capacity 1G");
    ok(session, "cluster sdc add h; vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv h; vol write dv 0 --data hello");
    const holder = ok(session, "cluster locate dv").join("\n").match(/\b([abc])\b/)![1]!;
    ok(session, `cluster sds remove ${holder}`);
    expect(session.execute(`cluster sds remove ${holder}`).error).toBe(`error: node '${holder}' is already draining [EBUSY] — see cluster jobs`);
    ok(session, "sleep 10s");
    expect(ok(session, "cluster sds list").join("\n")).not.toMatch(new RegExp(`^${holder}\\b`, "m"));
    expect(ok(session, "vol read dv 0 5")).toEqual(["hello"]);
  });
});

describe("replication sessions", () => {
  it("move syncing -> in-sync -> lagging -> paused -> in-sync, and a second start of a running one keeps its message", () => {
    const session = newSession();
    ok(session, "vol create a --size 1M; vol create b --size 1M");
    const state = () => session.kernel.view.storage.replication()[0]?.state;
    ok(session, "vol replicate start a b --bw 64M");
    expect(state()).toBe("syncing");
    ok(session, "sleep 1s");
    expect(state()).toBe("in-sync");
    ok(session, "vol write a 0 --data x");
    expect(state()).toBe("lagging");
    ok(session, "vol replicate stop a b");
    expect(state()).toBe("paused");
    ok(session, "vol replicate start a b --bw 64M; sleep 1s");
    expect(state()).toBe("in-sync");
    expect(session.execute("vol replicate start a b --bw 64M").error).toBe("error: a already replicates to b [EBUSY]");
  });
});
