// A graceful removal (`cluster sds remove`) while another node of the pool is DOWN: the drain goes
// on where it can, says what it waits for where it cannot, and the node leaves once every copy it
// held is in place elsewhere (it used to stay ACTIVE/draining, empty, forever).

import { describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";

/** Four 1G nodes s1..s4 in pd1/sp1 (2 copies), 32M written to dv, then s1 crashed. */
function clusterWithOneDown(): Session {
  const session = newSession();
  ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2");
  for (const node of ["s1", "s2", "s3", "s4"]) ok(session, `cluster sds add ${node} --pool pd1/sp1 --capacity 1G`);
  ok(session, "cluster sdc add h1; vol create dv --type distributed --pool pd1/sp1 --size 64M; cluster map dv h1");
  ok(session, "vol write dv 0 --pattern 0x41 --len 32M");
  ok(session, "cluster sds fail s1");
  return session;
}

const nodeRow = (session: Session, node: string) => ok(session, "cluster sds list").find((line) => line.startsWith(`${node} `));
const poolRow = (session: Session) => ok(session, "cluster pool list")[1]!.split(/\s+/);

describe("a drain while another node is DOWN", () => {
  it("moves the data at once when the DOWN node's copies were rebuilt elsewhere, and the node leaves", () => {
    const session = clusterWithOneDown();
    ok(session, "sleep 3m"); // s1 replaced: its copies rebuilt on the others
    ok(session, "cluster sds remove s2; sleep 1m");
    expect(nodeRow(session, "s2")).toBeUndefined();
    expect(poolRow(session)[5]).toBe("3"); // NODES
    expect(session.execute("cluster sds remove s2").error).toMatch(/no storage node named 's2'/);
    ok(session, "cluster sds recover s1; sleep 1h");
    expect(ok(session, "vol read dv 0 4")).toEqual(["AAAA"]);
    expect(ok(session, "vol read dv 33554428 4")).toEqual(["AAAA"]);
  });

  it("waits, saying for whom, while its copies are the only ones besides the DOWN node's; leaves once it is back", () => {
    const session = clusterWithOneDown();
    ok(session, "sleep 70s"); // s1 DOWN, not yet replaced: its shards still want it
    ok(session, "cluster sds remove s2; sleep 10s");
    const jobs = ok(session, "cluster jobs");
    expect(jobs[0]).toBe("running: none");
    expect(jobs[1]).toMatch(/^waiting: drain of s2 waits for s1 \(DOWN\/crashed, forward rebuild at T\+00:03:00\.0 unless it returns\): s2 keeps \d+M of copies until theirs are in place, then leaves$/);
    expect(ok(session, "cluster rebuild status")[0]).toBe(jobs[1]!.slice("waiting: ".length));
    expect(nodeRow(session, "s2")).toMatch(/ACTIVE\/draining/);
    ok(session, "cluster sds recover s1; sleep 1m");
    expect(nodeRow(session, "s2")).toBeUndefined();
    expect(ok(session, "cluster jobs").slice(0, 2)).toEqual(["running: none", expect.stringMatching(/^KIND/)]);
    expect(ok(session, "cluster jobs")[2]).toMatch(/^drain /); // the copies made for it are the drain's, not a rebuild's
    expect(poolRow(session)[5]).toBe("3");
    expect(ok(session, "vol read dv 16M 4")).toEqual(["AAAA"]);
  });

  it("leaves without the DOWN node's return once its forward rebuild puts the copies elsewhere", () => {
    const session = clusterWithOneDown();
    ok(session, "sleep 70s; cluster sds remove s2; sleep 3m");
    expect(nodeRow(session, "s2")).toBeUndefined();
    expect(ok(session, "cluster jobs")).not.toContainEqual(expect.stringMatching(/^waiting/));
  });
});
