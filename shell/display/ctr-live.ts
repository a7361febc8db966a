// The containers pane's rows, as ctop and k9s show them: one line per container with its state in
// colour, CPU and memory bars against the limits, READY, HEALTH, RESTARTS and AGE; filtered by a
// text and sorted by a column. Pure: the manager's kept rows in, lines out. The pane (shell/panes/
// ctr.ts) lays them out; a terminal narrower than WIDE_COLUMNS gets shorter bars, percentages and
// no HEALTH column, so NAME..AGE still fit 80 columns; IMAGE comes last, when there is room.

import { CONTAINER_HOST_MEMORY_BYTES } from "../../src/limits.js";
import { countOf, formatAge, formatSize } from "../../src/units.js";
import type { ContainerRow, ContainerStateName } from "../../modules/containers/index.js";
import type { Display } from "../command.js";

/** Columns `s` cycles through in the live view, the first being the default. */
export const CTR_SORT_KEYS = ["name", "state", "cpu", "mem", "restarts", "age"] as const;
export type CtrSortKey = (typeof CTR_SORT_KEYS)[number];

/** A terminal at least this wide (the pane's inner width is 4 less) gets the wide layout; IMAGE needs more. */
const WIDE_COLUMNS = 100;
const IMAGE_COLUMNS = 140;
const BAR_WIDTH_WIDE = 8;
const BAR_WIDTH_NARROW = 5;
const FILLED = "█";
const EMPTY = "░";

/** Trouble first when sorting by state: what needs a look comes to the top. */
const STATE_RANK: Readonly<Record<ContainerStateName, number>> = { Failed: 0, Restarting: 1, Stopping: 2, Starting: 3, Paused: 4, Running: 5, Created: 6, Stopped: 7, Terminated: 8 };

/** Each key's natural order (the figure the eye looks for first): -1 biggest first. */
const KEY_DIRECTION: Readonly<Record<CtrSortKey, 1 | -1>> = { name: 1, state: 1, cpu: -1, mem: -1, restarts: -1, age: -1 };

export interface CtrOrder {
  readonly key: CtrSortKey;
  /** Against the key's natural order (the live view's `r`). */
  readonly reversed: boolean;
}

export const CTR_DEFAULT_ORDER: CtrOrder = { key: "name", reversed: false };

/** Rows whose name, image or state contains `filter` (case-insensitive), as k9s's `/` does. */
export function filterRows(rows: readonly ContainerRow[], filter: string): ContainerRow[] {
  const wanted = filter.trim().toLowerCase();
  if (wanted === "") return [...rows];
  return rows.filter((r) => r.name.toLowerCase().includes(wanted) || r.image.toLowerCase().includes(wanted) || r.state.toLowerCase().includes(wanted));
}

let natural: Intl.Collator | undefined; // one fixed locale: the same order on every machine; made on first use (~6 ms, a piped start's tenth)

/** Names in natural order, as people number them: c1, c2, …, c10, c100; names the collator calls equal (c1, c01) by code unit. */
export function compareNames(a: string, b: string): number {
  natural ??= new Intl.Collator("en", { numeric: true });
  return natural.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Sorted by the order's key; ties by name, so equal rows never swap between frames. */
export function sortRows(rows: readonly ContainerRow[], order: CtrOrder, nowMs: number): ContainerRow[] {
  const figure = sortFigure(order.key, nowMs);
  const direction = KEY_DIRECTION[order.key] * (order.reversed ? -1 : 1);
  return [...rows].sort((a, b) => {
    const fa = figure(a);
    const fb = figure(b);
    const byKey = typeof fa === "string" ? compareNames(fa, fb as string) : fa - (fb as number);
    return byKey !== 0 ? byKey * direction : compareNames(a.name, b.name);
  });
}

function sortFigure(key: CtrSortKey, nowMs: number): (r: ContainerRow) => number | string {
  switch (key) {
    case "name": return (r) => r.name;
    case "state": return (r) => STATE_RANK[r.state];
    case "cpu": return (r) => r.cpuMillicores;
    case "mem": return (r) => r.memoryBytes;
    case "restarts": return (r) => r.restarts;
    case "age": return (r) => nowMs - r.createdMs;
  }
}

/** "12 containers: 8 running, 2 restarting, 1 failed" and, when filtered, how many are shown. */
export function ctrSummary(rows: readonly ContainerRow[], shown: number, filter: string, order: CtrOrder): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.state.toLowerCase(), (counts.get(r.state.toLowerCase()) ?? 0) + 1);
  const states = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([state, n]) => `${n} ${state}`);
  const arrow = KEY_DIRECTION[order.key] * (order.reversed ? -1 : 1) === 1 ? "↑" : "↓";
  const filtered = filter.trim() === "" ? "" : `; filter '${filter.trim()}': ${shown} shown`;
  return `${countOf(rows.length, "container")}${states.length > 0 ? `: ${states.join(", ")}` : ""}; sort ${order.key}${arrow}${filtered}`;
}

/** The table's lines for `rows`, laid out for a terminal `columns` wide (0: unbounded). */
export function ctrTable(rows: readonly ContainerRow[], nowMs: number, columns: number, d: Display): string[] {
  const wide = columns === 0 || columns >= WIDE_COLUMNS;
  const width = wide ? BAR_WIDTH_WIDE : BAR_WIDTH_NARROW;
  const shown = CTR_COLUMNS.filter((column) => (column.head === "IMAGE" ? columns === 0 || columns >= IMAGE_COLUMNS : wide || !column.wideOnly));
  return d.table(
    shown.map((column) => column.head),
    rows.map((r) => shown.map((column) => column.cell(r, { nowMs, width, wide, d }))),
  );
}

interface CellContext {
  readonly nowMs: number;
  readonly width: number; // of a bar
  readonly wide: boolean;
  readonly d: Display;
}

/** The columns in the order shown; a narrow terminal drops the wide-only ones. */
const CTR_COLUMNS: readonly { readonly head: string; readonly wideOnly: boolean; readonly cell: (r: ContainerRow, x: CellContext) => string }[] = [
  { head: "NAME", wideOnly: false, cell: (r) => r.name },
  { head: "STATE", wideOnly: false, cell: (r, x) => stateCell(r, x.wide, x.d) },
  { head: "READY", wideOnly: false, cell: (r) => (r.ready ? "1/1" : "0/1") },
  { head: "HEALTH", wideOnly: true, cell: (r, x) => healthCell(r, x.d) },
  { head: "RESTARTS", wideOnly: false, cell: (r) => String(r.restarts) },
  { head: "CPU", wideOnly: false, cell: (r, x) => cpuCell(r, x.width, x.wide) },
  { head: "MEM", wideOnly: false, cell: (r, x) => memoryCell(r, x.width, x.wide) },
  { head: "AGE", wideOnly: false, cell: (r, x) => formatAge(x.nowMs - r.createdMs) },
  { head: "IMAGE", wideOnly: true, cell: (r) => r.image }, // only wider still (IMAGE_COLUMNS), or in a script's frame
];

/** The state in ctop's colours; wide, a failed run's reason beside it (OOMKilled, Error). */
function stateCell(r: ContainerRow, wide: boolean, d: Display): string {
  const failed = r.reason !== null && r.reason !== "Completed" && (r.state === "Failed" || r.state === "Restarting");
  const text = wide && failed ? `${r.state} (${r.reason})` : r.state;
  switch (r.state) {
    case "Running": return d.chalk.green(text);
    case "Failed": return d.chalk.red(text);
    case "Restarting":
    case "Starting":
    case "Stopping":
    case "Paused": return d.chalk.yellow(text);
    default: return d.chalk.gray(text);
  }
}

function healthCell(r: ContainerRow, d: Display): string {
  return r.health === "healthy" ? d.chalk.green(r.health) : r.health === "unhealthy" ? d.chalk.red(r.health) : r.health === "starting" ? d.chalk.yellow(r.health) : "-";
}

/** CPU used against the limit in millicores (narrow: a percentage); without a limit, the use alone beside a blank bar. */
function cpuCell(r: ContainerRow, width: number, wide: boolean): string {
  if (r.cpuLimitMillicores === 0) return `${" ".repeat(width)} ${r.cpuMillicores}m`;
  const fraction = r.cpuMillicores / r.cpuLimitMillicores;
  return `${meter(fraction, width)} ${wide ? `${r.cpuMillicores}m/${r.cpuLimitMillicores}m` : `${Math.round(fraction * 100)}%`}`;
}

/** Memory against the limit, or against the host's memory (where a container without one is OOM-killed), as docker stats does. */
function memoryCell(r: ContainerRow, width: number, wide: boolean): string {
  const limit = r.memoryLimitBytes || CONTAINER_HOST_MEMORY_BYTES;
  const fraction = r.memoryBytes / limit;
  return `${meter(fraction, width)} ${wide ? `${formatSize(r.memoryBytes)}/${r.memoryLimitBytes === 0 ? "host" : formatSize(limit)}` : `${Math.round(fraction * 100)}%`}`;
}

/** A bar of `width` blocks, filled to `fraction` (at least one block once anything is used). */
export function meter(fraction: number, width: number): string {
  const filled = fraction <= 0 ? 0 : Math.max(1, Math.min(width, Math.round(fraction * width)));
  return FILLED.repeat(filled) + EMPTY.repeat(width - filled);
}

