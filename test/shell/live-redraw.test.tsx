// The live view redraws only when what it shows changes (issue 13: top at 10 Hz on a large state
// cost a third of a core because Ink drew every sample). It samples ten times a second; a sample
// equal to the frame shown commits nothing, a change shows at the next sample, and a section that
// did not change keeps its object so its memoised pane is not rendered again.

import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LiveView } from "../../shell/components/LiveView.js";
import { nextLiveFrame, type LiveSnapshot } from "../../shell/display/live.js";
import { newSession, ok } from "../helpers.js";
import { frameWhere } from "./frames.js";

afterEach(cleanup);

const snapshot = (header: string, ...sections: [string, string[]][]): LiveSnapshot => ({
  group: "all",
  nowMs: 0,
  header,
  sections: sections.map(([title, lines]) => ({ title, lines })),
});

describe("nextLiveFrame", () => {
  it("returns the frame shown when nothing in it changed", () => {
    const first = nextLiveFrame(undefined, snapshot("h", ["a", ["1", "2"]], ["b", ["3"]]), 40);
    expect(nextLiveFrame(first, snapshot("h", ["a", ["1", "2"]], ["b", ["3"]]), 40)).toBe(first);
  });

  it("keeps each unchanged section's object and replaces the changed ones", () => {
    const first = nextLiveFrame(undefined, snapshot("h", ["a", ["1", "2"]], ["b", ["3"]]), 40);
    const second = nextLiveFrame(first, snapshot("h", ["a", ["1", "2"]], ["b", ["4"]]), 40);
    expect(second).not.toBe(first);
    expect(second.sections[0]).toBe(first.sections[0]);
    expect(second.sections[1]).toMatchObject({ title: "b", lines: ["4"] });
    const third = nextLiveFrame(second, snapshot("h2", ["a", ["1", "2"]], ["b", ["4"]]), 40);
    expect(third.header).toBe("h2");
    expect(third.sections).toEqual(second.sections);
    expect(third.sections[1]).toBe(second.sections[1]);
  });

  it("sees a section that appears, goes, or is renamed, and trims to the terminal", () => {
    const first = nextLiveFrame(undefined, snapshot("h", ["a", ["1"]]), 40);
    const grown = nextLiveFrame(first, snapshot("h", ["a", ["1"]], ["b", ["2"]]), 40);
    expect(grown.sections.map((s) => s.title)).toEqual(["a", "b"]);
    expect(nextLiveFrame(grown, snapshot("h", ["a", ["1"]]), 40).sections.map((s) => s.title)).toEqual(["a"]);
    expect(nextLiveFrame(first, snapshot("h", ["c", ["1"]]), 40).sections[0]!.title).toBe("c");
    const tall = Array.from({ length: 50 }, (_, i) => String(i));
    const trimmed = nextLiveFrame(undefined, snapshot("h", ["a", tall], ["b", ["x"]]), 12); // 12 rows: 4 of chrome, 2 of borders a box, b whole first
    expect(trimmed.sections.map((s) => [s.title, s.lines])).toEqual([["a", ["0", "1", "+48 more"]], ["b", ["x"]]]);
    const hiddenChange = [...tall.slice(0, 40), "changed", ...tall.slice(41)];
    expect(nextLiveFrame(trimmed, snapshot("h", ["a", hiddenChange], ["b", ["x"]]), 12)).toBe(trimmed); // what changed is not shown
  });
});

describe("the live view", () => {
  it("draws nothing while nothing shown changes, and a change at the next sample", async () => {
    let wallMs = 0;
    const session = newSession({ interactive: true, wallClockMs: () => wallMs });
    ok(session, "vol create v1 --size 1M");
    const view = session.execute("top").view!;
    const { frames, lastFrame } = render(<LiveView session={session} view={view} onLeave={() => {}} />);
    await frameWhere(lastFrame, (f) => f.includes("kshell top  T+00:00:00 ") && f.includes("v1"));
    await new Promise((resolve) => setTimeout(resolve, 350)); // three samples or more
    const drawn = frames.length;
    wallMs += 400; // the simulated clock moves, but not to the next second the header shows
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(frames.length).toBe(drawn);
    const recorded = () => Number(/audit \d+\/8192, (\d+) recorded/.exec(lastFrame() ?? "")?.[1]);
    const before = recorded();
    ok(session, "vol create v2 --size 1M"); // the header's audit count moves (v2 itself may be cut in a 24-row terminal)
    await frameWhere(lastFrame, () => recorded() > before);
    wallMs += 1000;
    await frameWhere(lastFrame, (f) => f.includes("kshell top  T+00:00:01 "));
  });

  it("samples an idle kernel once a second, and again at once after a command or a timer", async () => {
    let wallMs = 0;
    const session = newSession({ interactive: true, wallClockMs: () => wallMs });
    ok(session, "vol create v1 --size 1M");
    ok(session, "image pull alpine");
    const view = session.execute("top").view!;
    const status = vi.spyOn(session.kernel.view, "status"); // the subsystems pane asks it once a sample
    const { lastFrame } = render(<LiveView session={session} view={view} onLeave={() => {}} />);
    await frameWhere(lastFrame, (f) => f.includes("v1"));
    await new Promise((resolve) => setTimeout(resolve, 350));
    const sampled = status.mock.calls.length;
    wallMs += 400; // time moves within the second shown; nothing ran
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(status.mock.calls.length).toBe(sampled);
    ok(session, "vol create v2 --size 1M");
    await frameWhere(lastFrame, () => status.mock.calls.length > sampled);
    const afterCommand = status.mock.calls.length;
    ok(session, "ctr run alpine --name c1"); // Starting, then Running on a timer CONTAINER_START_MS later
    await frameWhere(lastFrame, () => status.mock.calls.length > afterCommand);
    wallMs += 100;
    await frameWhere(lastFrame, () => status.mock.calls.length > afterCommand + 1);
    const afterTimer = status.mock.calls.length;
    wallMs += 500; // the second shown turns
    await frameWhere(lastFrame, (f) => f.includes("kshell top  T+00:00:01 "));
    expect(status.mock.calls.length).toBeGreaterThan(afterTimer);
  });
});
