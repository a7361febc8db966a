// Numbers as people read them in command output: one of a thing is singular, a size that echoes
// what the user typed comes back in the same units, durations use the one formatter.

import { beforeEach, describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";

describe("numbers for people", () => {
  let session: Session;
  beforeEach(() => {
    session = newSession();
  });

  it.each([
    ["vol create v --size 1G", "created volume v: 1G block on ssd (thin)"],
    ["vol create v --size 1536M --tier hdd", "created volume v: 1536M block on hdd (thin)"],
    ["vol create v --size 4097", "created volume v: 4097 bytes block on ssd (thin)"],
  ])("%s echoes the size as typed", (line, expected) => {
    expect(ok(session, line)).toEqual([expected]);
  });

  it("echoes a resize and a volume's bandwidth limit in the units typed", () => {
    ok(session, "vol create v --size 1G");
    expect(ok(session, "vol resize v 3G")).toEqual(["v: 3G"]);
    expect(ok(session, "vol qos v --iops 100 --bw 16M")[0]).toContain("16M/s");
  });

  it("says 1 byte, 1 tick, 1 active alert, 1 frame", () => {
    ok(session, "vol create v --size 1M");
    expect(ok(session, "vol write v 0 --data x")[0]).toMatch(/^wrote 1 byte to v at 0 in/);
    ok(session, "tick");
    expect(ok(session, "clock")[0]).toMatch(/\(1 tick of 100 ms,/);
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add s1 --pool pd1/sp1 --capacity 1G");
    expect(ok(session, "cluster status")[0]).toMatch(/\(1 active alert, all INFO: cluster alerts\)/);
    ok(session, "net create lan --type bridged --cidr 10.0.0.0/24; sleep 2s; net if add lan a; net if add lan b; sleep 2s; net capture start lan");
    ok(session, "net send a 10.0.0.255 --count 1");
    const stopped = ok(session, "net capture stop")[0]!;
    expect(stopped).toMatch(/: 1 frame matched, 1 held$/);
  });

  it("prints durations with the shared formatter, never a unit glued to a fraction", () => {
    expect(ok(session, "sleep 1.5s")).toEqual(["clock T+00:00:01.5 (+1.5 s)"]);
    expect(ok(session, "sleep 61s")).toEqual(["clock T+00:01:02.5 (+1m 01s)"]);
    expect(ok(session, "sleep 2h")).toEqual(["clock T+02:01:02.5 (+2h)"]);
  });
});
