// The audit tail pane: the newest entries, as `audit tail` shows them, its columns fitted to the
// box (display/audit.ts); a box too narrow says how wide the terminal must be rather than showing
// half a table; a cut box shows the newest, as tail -f does. Alone on a terminal (`watch audit`
// interactive) it holds the newest AUDIT_PANE_ENTRIES entries, so PgUp, Home and the arrows have
// a trail to scroll back through; in `top`, and in a script's one frame, it shows a short tail.

import { fittedEntries } from "../display/audit.js";
import { PANE_SIDE_COLUMNS, pane, TABLE_HEAD, type PaneOptions } from "./pane.js";

/** Entries `watch audit` holds to scroll back through (the rest: `audit query`). */
export const AUDIT_PANE_ENTRIES = 200;

export default pane({
  group: "audit",
  title: "audit tail",
  order: 30,
  watchable: true,
  mirrors: ["audit", "tail"],
  data: (view, options) => ({ stats: view.audit.stats(), tail: view.audit.tail(options.tailLines) }),
  sections: (view, d, options) => {
    const fitted = fittedEntries(view.audit.tail(scrolls(options) ? AUDIT_PANE_ENTRIES : options.tailLines), d);
    return [{ title: "audit tail", lines: typeof fitted === "number" ? [`audit: needs ${fitted + PANE_SIDE_COLUMNS} columns`] : fitted, head: TABLE_HEAD, follow: true }];
  },
});

/** Drawn alone in a box that scrolls (a terminal's width is known: not a script's frame). */
function scrolls(options: PaneOptions): boolean {
  return options.alone && (options.columns ?? 0) > 0;
}
