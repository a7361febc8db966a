// The audit tail pane: the newest entries, as `audit tail` shows them.

import { entryRows } from "../display/audit.js";
import { pane, TABLE_HEAD } from "./pane.js";

export default pane({
  group: "audit",
  title: "audit tail",
  order: 30,
  watchable: true,
  mirrors: ["audit", "tail"],
  data: (view, options) => ({ stats: view.audit.stats(), tail: view.audit.tail(options.tailLines) }),
  sections: (view, d, options) => [{ title: "audit tail", lines: entryRows(view.audit.tail(options.tailLines), d), head: TABLE_HEAD }],
});
