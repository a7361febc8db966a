// A box's window over its lines (display/live-window.ts): whatever the lines, the room, the header
// and the scroll offset, the box never shows more lines than it has room for, and every row is
// either shown or counted by a marker ("↑ 3 more", "+3 more", "↓ 3 more", or the title's count).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { filterSection, windowOf } from "../../shell/display/live-window.js";

const MARKER = /^(?:↑ |↓ |\+)(\d+) more$/;

describe("windowOf", () => {
  it("fits the room and shows or counts every row, at any offset (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 30 }), fc.option(fc.integer({ min: -5, max: 80 }), { nil: undefined }), fc.integer({ min: 0, max: 2 }), fc.boolean(), (count, room, offset, head, follow) => {
        const lines = [...Array.from({ length: head }, (_, i) => `head${i}`), ...Array.from({ length: count }, (_, i) => `row${i}`)];
        const window = windowOf(lines, room, offset, head, follow);
        expect(window.lines.length).toBeLessThanOrEqual(room);
        const rowsShown = window.lines.filter((line) => line.startsWith("row")).length;
        const marked = window.lines.reduce((sum, line) => sum + Number(MARKER.exec(line)?.[1] ?? 0), 0);
        const headShown = window.lines.filter((line) => line.startsWith("head")).length;
        expect(rowsShown + marked + (window.more ?? 0)).toBe(count + (head - headShown > 1 ? head - headShown - 1 : 0)); // a summary a tiny box had no room for is counted
        const { offset: at, maxOffset } = window.scroll;
        expect(at).toBeGreaterThanOrEqual(0);
        expect(at).toBeLessThanOrEqual(maxOffset);
      }),
    );
  });

  it("moves the window a row at a time, marking what is above and below", () => {
    const lines = ["HEAD", ...Array.from({ length: 20 }, (_, i) => `row${i}`)];
    expect(windowOf(lines, 6, 0, 1).lines).toEqual(["HEAD", "row0", "row1", "row2", "row3", "+16 more"]);
    expect(windowOf(lines, 6, 1, 1).lines).toEqual(["HEAD", "↑ 1 more", "row1", "row2", "row3", "↓ 16 more"]);
    expect(windowOf(lines, 6, 99, 1).lines).toEqual(["HEAD", "↑ 16 more", "row16", "row17", "row18", "row19"]); // clamped to the end
    expect(windowOf(lines, 6, undefined, 1, true).lines).toEqual(["HEAD", "↑ 16 more", "row16", "row17", "row18", "row19"]); // a tail starts at its end
    expect(windowOf(lines, 2, 3, 1)).toMatchObject({ lines: ["row3", "row4"], more: 18, above: 3 }); // a tiny box: rows, not the header; the title counts
    expect(windowOf(lines, 20, 0, 1).lines).toEqual(lines.slice(1)); // one line short of whole: every row, not the column names
    expect(windowOf(["summary", "HEAD", "row0", "row1"], 3, 0, 2).lines).toEqual(["summary", "row0", "row1"]); // a summary above them stays
  });
});

describe("filterSection", () => {
  it("keeps the header and the rows containing the text, colours and case ignored, and counts them", () => {
    const section = { title: "volumes", head: 1, lines: ["NAME STATE", "db \x1b[32mAvailable\x1b[39m", "logs Available", "dbcopy Deleting"] };
    expect(filterSection(section, "DB")).toMatchObject({ lines: ["NAME STATE", "db \x1b[32mAvailable\x1b[39m", "dbcopy Deleting"], filter: { text: "DB", shown: 2, of: 3 } });
    expect(filterSection(section, "n avail")).toMatchObject({ lines: ["NAME STATE"], filter: { shown: 0, of: 3 } });
    expect(filterSection({ title: "tiers", lines: ["ssd", "hdd"] }, "nvme").lines).toEqual(["(no line matches 'nvme')"]);
    expect(filterSection(section, "  ")).toBe(section);
    expect(filterSection({ ...section, whole: true, brief: ["db 1/32 ok · logs 2/32 ok"] }, "db").brief).toBeUndefined(); // a brief holds every row: a filtered box shows its own
  });

  it("leaves a section its pane filtered itself (the containers pane matches images too)", () => {
    const section = { title: "containers", head: 2, lines: ["2 containers", "NAME", "web"], filter: { text: "nginx", shown: 1, of: 2 } };
    expect(filterSection(section, "nginx")).toBe(section);
  });
});
