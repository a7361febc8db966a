// kubectl-style tables: no box characters, left-aligned columns three spaces apart, no trailing
// blanks. On a terminal of known width a table that would wrap is fitted instead, in three steps:
// 1. columns are cut with "…" (cli-table3's own truncate, colour codes kept whole) in the order
//    the table names, then the others widest first, then the ones it names last, each down to its
//    header's width or the narrowest the table allows it (a CIDR or a time cut says nothing);
// 2. still too wide: columns are left out, least important first (the table's order, then from
//    the right), and a last line names them, so a kubectl user knows a wider terminal shows them:
//    "(REPLICAS, SNAPS left out at 60 columns)";
// 3. the name column (the first unless the table names another) is cut last, as kubectl and
//    docker keep names whole; narrower still, rows wrap.
// Pipes and scripts (no width) are never cut. (The audit table keeps its messages readable by its
// own order: display/audit.ts.)
//
// The rows are laid out here, not by a cli-table3 Table: its Table pays option merging and two
// width measures for every cell and looks for missing cells across all the rows before each one
// (quadratic in rows). Through the binary, interleaved with the layout here (a loaded machine),
// it drew `vol list` of 16 volumes ~20x slower, `audit query --limit 50` ~60x slower, and 5,600
// audit rows in ~3 s more. cli-table3 is required at the first cut, so pipes and scripts (no
// width, nothing cut) never load it.

import { createRequire } from "node:module";
import { stripVTControlCharacters } from "node:util";

export const COLUMN_GAP = "   ";
/** A column cut to fit a terminal keeps at least this many characters (and its header's). */
const COLUMN_WIDTH_LEAST = 4;
const ELLIPSIS = "…";

/** How a table fits a terminal, its columns named by header (see the top of this file). */
export interface TableFit {
  /** Cut first, in this order. */
  readonly giveWay?: readonly string[];
  /** Cut last (before the name column). */
  readonly giveWayLast?: readonly string[];
  /** Left out in this order once every column is at its narrowest; the others follow from the right. */
  readonly leaveOut?: readonly string[];
  /** Cut no narrower than this many characters (WHOLE: never cut), else left out. */
  readonly narrowest?: Readonly<Record<string, number>>;
  /** The column cut last, once every other one that may go is left out: the first unless named. */
  readonly name?: string;
}

/** A `narrowest` for a column a cut would leave unreadable (an address, a time, an id): left out whole instead. */
export const WHOLE = Number.POSITIVE_INFINITY;

type Cell = string | number;
type Truncate = (text: string, width: number, ellipsis: string) => string;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

let cliTableTruncate: Truncate | undefined;

/** `text` cut to `width` with "…": cli-table3's truncate (loaded at the first cut), or what it gives for plain ASCII, ~50x cheaper. */
export function truncate(text: string, width: number): string {
  if (PRINTABLE_ASCII.test(text)) return text.slice(0, width - ELLIPSIS.length) + ELLIPSIS;
  cliTableTruncate ??= (createRequire(import.meta.url)("cli-table3/src/utils") as { truncate: Truncate }).truncate;
  return cliTableTruncate(text, width, ELLIPSIS);
}

/** `text` without its colour codes: what shows. */
function plain(text: string): string {
  return text.includes("\x1b") ? stripVTControlCharacters(text) : text;
}

function visibleWidth(text: string): number {
  return plain(text).length;
}

/**
 * `head` and `rows` as lines. With `columns` (a terminal's width) a table wider than it is
 * fitted by `fit`; without it (a pipe, a script) nothing is cut.
 */
export function drawTable(head: readonly string[], rows: readonly (readonly Cell[])[], columns?: number, fit?: TableFit): string[] {
  const cells = textCells(head, rows);
  const natural = naturalWidths(head.length, cells);
  if (columns === undefined || tableWidth(natural) <= columns) return layOut(cells, natural);
  const titles = head.map(plain);
  const name = Math.max(0, titles.indexOf(fit?.name ?? titles[0]!));
  const least = leastWidths(titles, natural, fit);
  const leaveOrder = leaveOutOrder(titles, name, fit);
  const kept = keptColumns(least.map((width, column) => (column === name ? natural[column]! : width)), columns, leaveOrder);
  const order = [...giveWayOrder(titles, natural, fit).filter((column) => column !== name), name].filter((column) => kept.includes(column));
  const widths = fitWidths(natural, least, columns, order, kept);
  const shown = cells.map((row) => kept.map((column) => cutCell(row[column] ?? "", widths[column]!)));
  const lines = layOut(shown, kept.map((column) => widths[column]!));
  const left = leaveOrder.filter((column) => !kept.includes(column));
  return left.length === 0 ? lines : [...lines, leftOutLine(left.map((column) => titles[column]!), columns)];
}

function cutCell(cell: string, width: number): string {
  return visibleWidth(cell) > width ? truncate(cell, width) : cell;
}

/**
 * "(REPLICAS, SNAPS left out at 60 columns)": what a wider terminal would show, itself kept within
 * `columns`: without "at 60 columns" when that is too long, then the names that fit and "+2 more".
 */
function leftOutLine(titles: readonly string[], columns: number): string {
  const full = `(${titles.join(", ")} left out at ${columns} columns)`;
  if (full.length <= columns) return full;
  for (let named = titles.length; named > 0; named--) {
    const more = titles.length - named;
    const line = `(${titles.slice(0, named).join(", ")}${more === 0 ? "" : ` +${more} more`} left out)`;
    if (line.length <= columns) return line;
  }
  return `(${titles.length} columns left out)`;
}

// Every list command draws a table: the three below are loops, not chains of map and spread,
// so a small table costs a few strings a row (bench/throughput.mjs, issue 17).

/** The header and the rows, every cell as text. */
function textCells(head: readonly string[], rows: readonly (readonly Cell[])[]): string[][] {
  const cells: string[][] = new Array<string[]>(rows.length + 1);
  cells[0] = head.slice();
  for (let row = 0; row < rows.length; row++) cells[row + 1] = rows[row]!.map(String);
  return cells;
}

/** Each of `columnCount` columns' widest cell, as it shows. */
function naturalWidths(columnCount: number, cells: readonly (readonly string[])[]): number[] {
  const widths = new Array<number>(columnCount).fill(0);
  for (const row of cells) {
    for (let column = 0; column < columnCount; column++) widths[column] = Math.max(widths[column]!, visibleWidth(row[column] ?? ""));
  }
  return widths;
}

function layOut(cells: readonly (readonly string[])[], widths: readonly number[]): string[] {
  const lines = new Array<string>(cells.length);
  for (let at = 0; at < cells.length; at++) {
    const row = cells[at]!;
    let line = "";
    for (let column = 0; column < row.length - 1; column++) line += row[column]! + paddingAfter(widths[column]! - visibleWidth(row[column]!));
    lines[at] = (row.length === 0 ? line : line + row[row.length - 1]!).trimEnd();
  }
  return lines;
}

const PADDINGS_KEPT = 64; // the paddings of cells up to this much narrower than their column, made once
const PADDINGS = Array.from({ length: PADDINGS_KEPT + 1 }, (_, spaces) => " ".repeat(spaces) + COLUMN_GAP);

/** `spaces` blanks, then the gap to the next column. */
function paddingAfter(spaces: number): string {
  return spaces >= 0 && spaces <= PADDINGS_KEPT ? PADDINGS[spaces]! : " ".repeat(spaces) + COLUMN_GAP; // below 0: RangeError, as before
}

function tableWidth(widths: readonly number[]): number {
  return widths.reduce((sum, width) => sum + width, COLUMN_GAP.length * (widths.length - 1));
}

/** Each column's narrowest: its header's width (COLUMN_WIDTH_LEAST at least) or the table's `narrowest`, never more than it needs. */
function leastWidths(titles: readonly string[], natural: readonly number[], fit: TableFit | undefined): number[] {
  return titles.map((title, column) => Math.min(natural[column]!, Math.max(title.length, COLUMN_WIDTH_LEAST, fit?.narrowest?.[title] ?? 0)));
}

/** The columns kept: those of `order` left out, one at a time, until the rest fit `columns` at their `least` widths. */
function keptColumns(least: readonly number[], columns: number, order: readonly number[]): number[] {
  let kept = least.map((_, column) => column);
  for (const column of order) {
    if (tableWidth(kept.map((at) => least[at]!)) <= columns) break;
    kept = kept.filter((at) => at !== column);
  }
  return kept;
}

/** The indexes of the columns headed `titles`. */
function columnsOf(shown: readonly string[], titles: readonly string[] = []): number[] {
  return titles.map((title) => shown.indexOf(title)).filter((column) => column >= 0);
}

/** Column indexes in the order they are left out: `leaveOut`'s, then the others from the right; never the name column. */
function leaveOutOrder(titles: readonly string[], name: number, fit: TableFit | undefined): number[] {
  const named = columnsOf(titles, fit?.leaveOut);
  const others = titles.map((_, column) => column).reverse().filter((column) => !named.includes(column));
  return [...named, ...others].filter((column) => column !== name);
}

/** Column indexes in the order they give way: `giveWay`'s, then the others widest first, then `giveWayLast`'s. */
function giveWayOrder(titles: readonly string[], widths: readonly number[], fit: TableFit | undefined): number[] {
  const first = columnsOf(titles, fit?.giveWay);
  const last = columnsOf(titles, fit?.giveWayLast);
  const others = titles.map((_, column) => column).filter((column) => !first.includes(column) && !last.includes(column));
  return [...first, ...others.sort((a, b) => widths[b]! - widths[a]! || b - a), ...last];
}

/**
 * `widths` narrowed, column by column in `order`, each down to its `least`, until the columns
 * `kept` (all unless given) fit `columns`; the others keep their widths.
 */
export function fitWidths(widths: readonly number[], least: readonly number[], columns: number, order: readonly number[], kept: readonly number[] = widths.map((_, column) => column)): readonly number[] {
  let excess = tableWidth(kept.map((column) => widths[column]!)) - columns;
  if (excess <= 0) return widths;
  const fitted = [...widths];
  for (const column of order) {
    if (excess <= 0) break;
    const cut = Math.min(excess, fitted[column]! - Math.min(fitted[column]!, least[column]!));
    fitted[column]! -= cut;
    excess -= cut;
  }
  return fitted;
}
