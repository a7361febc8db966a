// The audit tail fitted to a pane's width, as columns give way by priority: the correlation ID,
// UID, TYPE, LEVEL, TIME, OBJECT and SEQ go first, one at a time, until MESSAGE has
// MESSAGE_WIDTH_WANTED columns (or all it needs); MESSAGE goes last: it is cut with "…" to the
// room left. When even ACTION, RESULT and a short MESSAGE do not fit, the pane says how wide the
// terminal must be ("audit: needs 52 columns") rather than showing half a table. A script's frame (no width) keeps every column.

import { stripVTControlCharacters } from "node:util";
import type { AuditEntry } from "../../modules/audit/index.js";
import type { Display } from "../command.js";
import { entryRows } from "./audit.js";

/** Dropped in this order while the table is too wide. */
const DROP_ORDER = ["ID", "UID", "TYPE", "LEVEL", "TIME", "OBJECT", "SEQ"];
const MESSAGE = "MESSAGE";
/** The narrowest MESSAGE worth showing: fewer columns say nothing. */
const MESSAGE_WIDTH_SHORTEST = 12;
/** Columns give way until MESSAGE has this many (or all it needs); past that it is cut. */
const MESSAGE_WIDTH_WANTED = 32;
/** A pane's borders and padding around its lines. */
export const PANE_SIDE_COLUMNS = 4;

/** The audit tail's lines in a pane `columns` wide (0: unbounded). */
export function auditTailLines(entries: readonly AuditEntry[], d: Display, columns: number): string[] {
  const whole = entryRows(entries, d);
  if (columns <= 0 || entries.length === 0) return whole;
  const room = columns - PANE_SIDE_COLUMNS;
  const { head, rows } = cellsOf(entries, d);
  const message = head.indexOf(MESSAGE);
  const longest = rows.reduce((widest, row) => Math.max(widest, stripVTControlCharacters(row[message]!).length), 0);
  const widthBeside = (kept: readonly number[]) => widthOf(d.table(pick(head, kept), rows.map((row) => pick(row, kept)))) + GAP_COLUMNS;
  let kept = head.map((_, at) => at).filter((at) => at !== message);
  for (const name of DROP_ORDER) {
    if (widthBeside(kept) + Math.min(longest, MESSAGE_WIDTH_WANTED) <= room) break;
    kept = kept.filter((at) => head[at] !== name);
  }
  const beside = widthBeside(kept);
  const messageWidth = room - beside;
  if (messageWidth < MESSAGE_WIDTH_SHORTEST) return [`audit: needs ${beside + MESSAGE_WIDTH_SHORTEST + PANE_SIDE_COLUMNS} columns`];
  const shown = [...kept, message];
  return d.table(pick(head, shown), rows.map((row) => pick(row.map((cell, at) => (at === message ? cutText(cell, messageWidth) : cell)), shown)));
}

/** The columns between two cells of a Display table. */
const GAP_COLUMNS = 3;

/** The table's head and cells as `entryRows` makes them: one place says how an entry looks. */
function cellsOf(entries: readonly AuditEntry[], d: Display): { head: readonly string[]; rows: readonly string[][] } {
  let head: readonly string[] = [];
  let rows: string[][] = [];
  entryRows(entries, { ...d, table: (h, r) => ((head = h), (rows = r.map((row) => row.map(String))), []) });
  return { head, rows };
}

function pick<T>(row: readonly T[], kept: readonly number[]): T[] {
  return kept.map((at) => row[at]!);
}

function widthOf(lines: readonly string[]): number {
  return lines.reduce((widest, line) => Math.max(widest, stripVTControlCharacters(line).length), 0);
}

function cutText(text: string, width: number): string {
  const plain = stripVTControlCharacters(text);
  return plain.length <= width ? text : `${plain.slice(0, width - 1)}…`;
}
