// `status` counts every volume's snapshots, local and distributed (a distributed volume's snapshots
// live in the cluster), as `vol list` does in its SNAPS column.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

const storageRow = (lines: string[]) => lines.find((l) => l.startsWith("storage "))!;

describe("status snapshots", () => {
  it("counts a distributed volume's snapshots along with local ones", () => {
    const session = newSession();
    for (const line of [
      "cluster pd create pd1",
      "cluster pool create pd1/sp1 --copies 2",
      "cluster sds add sds1 --pool pd1/sp1 --capacity 10G",
      "cluster sds add sds2 --pool pd1/sp1 --capacity 10G",
      "vol create dv --type distributed --pool pd1/sp1 --size 1G",
      "vol snap create dv s1",
    ]) ok(session, line);
    expect(storageRow(ok(session, "status"))).toContain("1 snapshot;");
    ok(session, "vol create lv --size 1M");
    ok(session, "vol snap create lv s1");
    ok(session, "vol snap create dv s2");
    expect(storageRow(ok(session, "status"))).toContain("3 snapshots;");
  });
});
