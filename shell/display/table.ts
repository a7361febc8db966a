// kubectl-style tables: no box characters, left-aligned columns three spaces apart, no trailing
// blanks. On a terminal of known width a table that would wrap is narrowed instead: columns give
// way in the order the table names, then the others widest first, then the ones it names last (a
// pod's IP and NODE), each down to its header's width. Cells too long for their column are cut
// with "…" by cli-table3's own truncate (colour codes kept whole). Narrower still, rows wrap.
// (The audit table leaves columns out instead, to keep its messages readable: display/audit.ts.)
//
// The rows are laid out here, not by a cli-table3 Table: its Table pays option merging and two
// width measures for every cell and looks for missing cells across all the rows before each one
// (quadratic in rows). Through the binary, interleaved with the layout here (a loaded machine),
// it drew `vol list` of 16 volumes ~20x slower, `audit query --limit 50` ~60x slower, and 5,600
// audit rows in ~3 s more. cli-table3 is required at the first cut, so pipes and scripts (no
// width, nothing cut) never load it.

import { createRequire } from "node:module";

export const COLUMN_GAP = "   ";
/** A column cut to fit a terminal keeps at least this many characters (and its header's). */
const COLUMN_WIDTH_LEAST = 4;
const ELLIPSIS = "…";
const ANSI_SEQUENCE = /\x1b\[[0-9;]*m/g;

/** How a table narrows for a terminal, columns named by header: those that give way first (in order) and last. */
export interface TableFit {
  readonly giveWay?: readonly string[];
  readonly giveWayLast?: readonly string[];
}

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
  return text.includes("\x1b") ? text.replace(ANSI_SEQUENCE, "") : text;
}

function visibleWidth(text: string): number {
  return plain(text).length;
}

/**
 * `head` and `rows` as lines. With `columns` (a terminal's width) a table wider than it is
 * narrowed by `fit`; without it (a pipe, a script) nothing is cut.
 */
export function drawTable(head: readonly string[], rows: readonly (readonly Cell[])[], columns?: number, fit?: TableFit): string[] {
  const cells = [head, ...rows].map((row) => row.map(String));
  const natural = head.map((_, column) => Math.max(...cells.map((row) => visibleWidth(row[column] ?? ""))));
  if (columns === undefined || tableWidth(natural) <= columns) return layOut(cells, natural);
  const widths = fitColumns(head, natural, columns, fit);
  return layOut(
    cells.map((row) => row.map((cell, column) => (visibleWidth(cell) > widths[column]! ? truncate(cell, widths[column]!) : cell))),
    widths,
  );
}

function layOut(cells: readonly (readonly string[])[], widths: readonly number[]): string[] {
  return cells.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell + " ".repeat(widths[column]! - visibleWidth(cell))))
      .join(COLUMN_GAP)
      .trimEnd(),
  );
}

function tableWidth(widths: readonly number[]): number {
  return widths.reduce((sum, width) => sum + width, COLUMN_GAP.length * (widths.length - 1));
}

/** The columns' widths, cut by priority (giveWayOrder) until the table fits, or each is down to its header's width. */
function fitColumns(head: readonly string[], natural: readonly number[], columns: number, fit: TableFit | undefined): readonly number[] {
  return fitWidths(natural, head.map(visibleWidth), columns, giveWayOrder(head, natural, fit));
}

/** The indexes of the columns headed `titles` (a head may be in bold). */
function columnsOf(head: readonly string[], titles: readonly string[] = []): number[] {
  const shown = head.map(plain);
  return titles.map((title) => shown.indexOf(title)).filter((column) => column >= 0);
}

/** Column indexes in the order they give way: `giveWay`'s, then the others widest first, then `giveWayLast`'s. */
function giveWayOrder(head: readonly string[], widths: readonly number[], fit: TableFit | undefined): number[] {
  const first = columnsOf(head, fit?.giveWay);
  const last = columnsOf(head, fit?.giveWayLast);
  const others = head.map((_, column) => column).filter((column) => !first.includes(column) && !last.includes(column));
  return [...first, ...others.sort((a, b) => widths[b]! - widths[a]! || b - a), ...last];
}

/** `widths` narrowed, column by column in `order`, until a row fits `columns`; a column keeps its header's width. */
export function fitWidths(widths: readonly number[], headWidths: readonly number[], columns: number, order: readonly number[]): readonly number[] {
  let excess = tableWidth(widths) - columns;
  if (excess <= 0) return widths;
  const fitted = [...widths];
  for (const column of order) {
    if (excess <= 0) break;
    const least = Math.min(fitted[column]!, Math.max(headWidths[column]!, COLUMN_WIDTH_LEAST));
    const cut = Math.min(excess, fitted[column]! - least);
    fitted[column]! -= cut;
    excess -= cut;
  }
  return fitted;
}
