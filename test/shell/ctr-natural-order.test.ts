// watch ctr sorts names as people number them: c1, c2, …, c10, c100, not c1, c10, c100, c2.

import { fc, test as property } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { compareNames } from "../../shell/display/ctr-live.js";
import { liveSnapshot } from "../../shell/display/live.js";
import { newSession, ok } from "../helpers.js";

describe("natural order of container names", () => {
  it("orders watch ctr's rows c1, c2, c9, c10, c100, and the reverse with r", () => {
    const session = newSession();
    ok(session, "image pull busybox");
    for (const name of ["c10", "c100", "c2", "c1", "c9", "web"]) ok(session, `ctr run busybox --name ${name}`);
    const names = (reversed: boolean) =>
      liveSnapshot(session.kernelView(), "ctr", session.display, {}, 6, { sort: { key: "name", reversed } }).sections[0]!.lines.slice(2).map((line) => line.split(" ")[0]);
    expect(names(false)).toEqual(["c1", "c2", "c9", "c10", "c100", "web"]);
    expect(names(true)).toEqual(["web", "c100", "c10", "c9", "c2", "c1"]);
  });

  it("puts names the numeric collation calls equal in one fixed order", () => {
    expect(compareNames("c01", "c1")).toBeLessThan(0);
    expect(compareNames("c1", "c01")).toBeGreaterThan(0);
    expect(compareNames("node-2", "node-10")).toBeLessThan(0);
  });

  property.prop([fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })])("is a total order: antisymmetric, zero only for equal names, transitive", (a, b, c) => {
    expect(Math.sign(compareNames(a, b)) + Math.sign(compareNames(b, a))).toBe(0);
    expect(compareNames(a, b) === 0).toBe(a === b);
    if (compareNames(a, b) < 0 && compareNames(b, c) < 0) expect(compareNames(a, c)).toBeLessThan(0);
  });
});
