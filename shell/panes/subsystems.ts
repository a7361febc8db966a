// The `top` pane of every subsystem's counters, as `status` shows them.

import { pane, TABLE_HEAD } from "./pane.js";

export default pane({
  group: "subsystems",
  title: "subsystems",
  order: 0,
  watchable: false,
  mirrors: ["status"],
  data: (view) => view.status(),
  sections: (view, d) => [{ title: "subsystems", lines: d.table(["SUBSYSTEM", "USED", "CAPACITY", "HEALTH", "DETAIL"], view.status().map((s) => [s.subsystem, s.used, s.capacity, s.health, s.detail])), head: TABLE_HEAD }],
});
