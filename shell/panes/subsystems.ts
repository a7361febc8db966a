// The `top` pane of every subsystem's counters, as `status` shows them: every subsystem a line,
// whatever the terminal's size leaves the other panes (issue 17); when even that does not fit,
// its brief packs them, name and count, a few a line, so each subsystem is still on screen.

import type { SubsystemStatus } from "../../src/subsystem.js";
import { pane, TABLE_HEAD } from "./pane.js";

const BRIEF_JOIN = " · ";

export default pane({
  group: "subsystems",
  title: "subsystems",
  order: 0,
  watchable: false,
  mirrors: ["status"],
  data: (view) => view.status(),
  sections: (view, d) => {
    const status = view.status();
    const lines = d.table(["SUBSYSTEM", "USED", "CAPACITY", "HEALTH", "DETAIL"], status.map((s) => [s.subsystem, s.used, s.capacity, s.health, s.detail]));
    return [{ title: "subsystems", lines, head: TABLE_HEAD, whole: true, brief: packed(status.map(briefOf), d.columns?.() ?? Infinity) }];
  },
});

function briefOf(s: SubsystemStatus): string {
  return `${s.subsystem} ${s.used}/${s.capacity} ${s.health}`;
}

/** `items` joined a few a line, each line within `width` (an item wider than that alone on its line). */
function packed(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + BRIEF_JOIN.length + item.length <= width) lines[lines.length - 1] = `${last}${BRIEF_JOIN}${item}`;
    else lines.push(item);
  }
  return lines;
}
