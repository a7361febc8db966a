// `vol snap list` with no volume lists every volume's snapshots, a VOLUME column first (like
// `virsh snapshot-list` run for each domain); with a volume it is as it was.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

describe("vol snap list across volumes", () => {
  it("lists every volume's snapshots with a VOLUME column, and one tree per volume with --tree", () => {
    const session = newSession();
    expect(ok(session, "vol snap list")).toEqual(["(no snapshots)"]);
    ok(session, "vol create a --size 1M; vol create b --size 1M; vol create c --size 1M; vol snap create a s1; vol snap create b t1; vol snap create a s2");
    const table = ok(session, "vol snap list");
    expect(table[0]).toMatch(/^VOLUME\s+NAME\s+PARENT\s+CREATED\s+SIZE\s+USED\s+CURRENT$/);
    expect(table.slice(1).map((line) => line.split(/\s+/).slice(0, 3).join(" "))).toEqual(["a s1 -", "a s2 s1", "b t1 -"]);
    expect(ok(session, "vol snap list --tree")).toEqual(["a", "└── s1 (0 used)", "    └── s2 (0 used)  <- a", "b", "└── t1 (0 used)  <- b"]);
    expect(ok(session, "vol snap list a")[0]).toMatch(/^NAME\s+PARENT/); // one volume's: as before
    expect(ok(session, "vol snap list c")).toEqual(["(no snapshots of c)"]);
  });
});
