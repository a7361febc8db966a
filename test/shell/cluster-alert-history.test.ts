// The cluster dashboard's alert history shows the newest ALERT_HISTORY_MAX events; the older ones
// are counted and named where to find (`cluster alerts --all`), never dropped silently.

import { describe, expect, it } from "vitest";
import { ALERT_HISTORY_MAX } from "../../src/limits.js";
import { liveSnapshot } from "../../shell/display/live.js";
import { newSession, ok } from "../helpers.js";

function historyAfter(failures: number): readonly string[] {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2");
  for (const name of ["sds1", "sds2", "sds3"]) ok(session, `cluster sds add ${name} --pool pd1/sp1 --capacity 1G`);
  for (let n = 0; n < failures; n++) ok(session, `cluster sds fail sds${(n % 3) + 1}; sleep 1m; cluster sds recover sds${(n % 3) + 1}; sleep 1m`);
  return liveSnapshot(session.kernelView(), "cluster", session.display, {}, 6).sections.find((s) => s.title === "alert history")!.lines;
}

describe("the dashboard's alert history", () => {
  it("counts the events older than those shown and says where they are", () => {
    const lines = historyAfter(4); // 3 joins, then a STALE and a DOWN raised and cleared a failure: 19 events
    expect(lines).toHaveLength(ALERT_HISTORY_MAX + 1);
    expect(lines.at(-1)).toBe(`+${19 - ALERT_HISTORY_MAX} older: cluster alerts --all`);
  });

  it("adds no marker when every event is shown", () => {
    const lines = historyAfter(1); // 3 joins, 2 raised and cleared: 7 events
    expect(lines).toHaveLength(7);
    expect(lines.join("\n")).not.toContain("older");
  });
});
