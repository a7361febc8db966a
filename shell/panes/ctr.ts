// The containers pane, as ctop and k9s show containers: a summary line, then one row per container
// (state in colour, READY, HEALTH, RESTARTS, CPU and memory bars against the limits, AGE), sorted
// by the column the live view's `s` picks and filtered by its `/`. The rows are the runtime's kept
// figures for now (view.containers.rows()), never a rescan. `watch ctr` shows it alone; `top`
// places it after the volumes.

import { containerRead } from "../commands/ctr/readable.js";
import type { Kernel } from "../../src/kernel.js";
import { TOP_CONTAINER_ROWS_MAX } from "../../src/limits.js";
import type { Display } from "../command.js";
import { noneReadable, readableRows } from "../display/readable-rows.js";
import { CTR_DEFAULT_ORDER, CTR_SORT_KEYS, ctrSummary, ctrTable, filterRows, sortRows, type CtrOrder, type CtrSortKey } from "../display/ctr-live.js";
import { pane, TABLE_HEAD, type LiveSection, type PaneOptions } from "./pane.js";

/** The summary line above the table: it stays when the rows scroll. */
const SUMMARY_LINES = 1;

export default pane({
  group: "ctr",
  title: "containers",
  order: 12,
  watchable: true,
  mirrors: ["ctr", "list"],
  sortKeys: CTR_SORT_KEYS,
  data: (view, options) => ({ containers: readableContainers(view, options).rows }),
  sections: (view, d, options) => containerSections(view, d, options),
});

function containerSections(view: Kernel["view"], d: Display, options: PaneOptions): LiveSection[] {
  const { rows, unreadable } = readableContainers(view, options);
  if (rows.length === 0) return [{ title: "containers", lines: [unreadable === 0 ? "(no containers: ctr run <image> --name <name>)" : noneReadable("container", unreadable)] }];
  const order = orderOf(options.sort);
  const filter = options.filter ?? "";
  const shown = sortRows(filterRows(rows, filter), order, view.nowMs);
  const kept = options.alone ? shown : shown.slice(0, TOP_CONTAINER_ROWS_MAX);
  const more = shown.length - kept.length;
  const table = shown.length === 0 ? [`(no container matches '${filter.trim()}')`] : ctrTable(kept, view.nowMs, options.columns ?? 0, d);
  const filtered = filter.trim() === "" ? undefined : { text: filter.trim(), shown: shown.length, of: rows.length }; // filtered here (name, image or state): the view filters no further
  return [{ title: "containers", head: SUMMARY_LINES + TABLE_HEAD, filter: filtered, lines: [ctrSummary(rows, shown.length, filter, order), ...table, ...(more > 0 ? [`… ${more} more: watch ctr`] : [])] }];
}

/** The containers whose usage the viewer may read: usage is each container's own, as in ctr stats. */
function readableContainers(view: Kernel["view"], options: PaneOptions) {
  return readableRows(view.containers.rows(), (row) => options.mayRead?.(containerRead(row.name, "ctr.stats")) ?? true);
}

function orderOf(sort: PaneOptions["sort"]): CtrOrder {
  return sort !== undefined && (CTR_SORT_KEYS as readonly string[]).includes(sort.key) ? { key: sort.key as CtrSortKey, reversed: sort.reversed } : CTR_DEFAULT_ORDER;
}
