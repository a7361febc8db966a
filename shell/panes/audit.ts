// The audit tail pane: the newest entries, as `audit tail` shows them, its columns fitted to the
// box (display/audit.ts); a box too narrow says how wide the terminal must be rather than showing
// half a table; a cut box shows the newest, as tail -f does.

import { fittedEntries } from "../display/audit.js";
import { PANE_SIDE_COLUMNS, pane, TABLE_HEAD } from "./pane.js";

export default pane({
  group: "audit",
  title: "audit tail",
  order: 30,
  watchable: true,
  mirrors: ["audit", "tail"],
  data: (view, options) => ({ stats: view.audit.stats(), tail: view.audit.tail(options.tailLines) }),
  sections: (view, d, options) => {
    const fitted = fittedEntries(view.audit.tail(options.tailLines), d);
    return [{ title: "audit tail", lines: typeof fitted === "number" ? [`audit: needs ${fitted + PANE_SIDE_COLUMNS} columns`] : fitted, head: TABLE_HEAD, follow: true }];
  },
});
