// The audit tail pane: the newest entries, as `audit tail` shows them, its columns fitted to the
// terminal (display/audit-live.ts); a cut box shows the newest, as tail -f does.

import { auditTailLines } from "../display/audit-live.js";
import { pane, TABLE_HEAD } from "./pane.js";

export default pane({
  group: "audit",
  title: "audit tail",
  order: 30,
  watchable: true,
  mirrors: ["audit", "tail"],
  data: (view, options) => ({ stats: view.audit.stats(), tail: view.audit.tail(options.tailLines) }),
  sections: (view, d, options) => [{ title: "audit tail", lines: auditTailLines(view.audit.tail(options.tailLines), d, options.columns ?? 0), head: TABLE_HEAD, follow: true }],
});
