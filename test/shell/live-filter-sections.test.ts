// A filter (`/`) on a pane of many sections (the cluster dashboard, the single pane of `watch
// cluster`): sections with no matching row give way to those with one, so "(no line matches …)"
// is said once for the pane, never once a section.

import { describe, expect, it } from "vitest";
import { liveSnapshot } from "../../shell/display/live.js";
import { filterPane } from "../../shell/display/live-window.js";
import { newSession, ok } from "../helpers.js";

function dashboard(filter: string) {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2");
  for (const name of ["sds1", "sds2", "sds3"]) ok(session, `cluster sds add ${name} --pool pd1/sp1 --capacity 1G`);
  ok(session, "cluster sds fail sds2");
  return liveSnapshot(session.kernelView(), "cluster", session.display, {}, 6, { filters: { cluster: filter } }).sections;
}

const noMatch = (sections: readonly { lines: readonly string[] }[]) => sections.flatMap((s) => s.lines).filter((line) => line.startsWith("(no line matches")).length;

describe("a filter on the cluster dashboard", () => {
  it("shows only the sections with a matching row, and no '(no line matches)'", () => {
    const sections = dashboard("sds2");
    expect(sections.length).toBeGreaterThan(0);
    expect(noMatch(sections)).toBe(0);
    for (const section of sections) expect(section.filter?.shown ?? 1).toBeGreaterThan(0);
    expect(sections.flatMap((s) => s.lines).some((line) => line.includes("sds2"))).toBe(true);
  });

  it("says '(no line matches …)' once for the pane when nothing matches", () => {
    const sections = dashboard("nosuchnode");
    expect(sections).toHaveLength(1);
    expect(sections[0]!.lines).toEqual(["(no line matches 'nosuchnode')"]);
    expect(sections[0]!.filter).toMatchObject({ shown: 0 });
  });
});

describe("filterPane", () => {
  it("keeps every section unfiltered when the text is blank", () => {
    const sections = [{ title: "a", lines: ["x"] }, { title: "b", lines: ["y"] }];
    expect(filterPane(sections, " ")).toEqual(sections);
  });

  it("counts every section's rows in the one no-match section", () => {
    const sections = [{ title: "a", head: 1, lines: ["NAME", "x", "y"] }, { title: "b", lines: ["z"] }];
    expect(filterPane(sections, "q")).toEqual([{ title: "a", head: 0, lines: ["(no line matches 'q')"], filter: { text: "q", shown: 0, of: 3 } }]);
  });

  it("keeps the words of a section that filtered its own rows when nothing matches", () => {
    const own = { title: "containers", head: 1, lines: ["0 containers", "(no container matches 'q')"], filter: { text: "q", shown: 0, of: 2 } };
    expect(filterPane([own], "q")).toEqual([own]);
  });
});
