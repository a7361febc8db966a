// kubectl-style tables drawn by cli-table3: no box characters, columns three spaces apart, no
// trailing blanks. cli-table3 is required at the first table, never by a start that draws none
// (a piped `echo` or `vol write` stays as fast as without it). It pays its option handling for
// every cell (about 5 µs each) and looks for missing cells across all the rows before each one
// (quadratic in rows), so a long table is drawn in blocks of rows, every block with the column
// widths measured once for the whole table: the cost stays linear (audit query --limit 0).
//
// On a terminal of known width a table that would wrap is narrowed instead: columns give way in
// the order the table names (MESSAGE first in audit), then the others widest first, each down to
// its header's width at least; cli-table3 cuts the cells with "…", colour codes kept whole.

import { createRequire } from "node:module";
import type CliTable from "cli-table3";

const COLUMN_GAP = "   ";
/** Rows a cli-table3 Table draws at once: its missing-cell search is quadratic in them. */
const TABLE_BLOCK_ROWS = 32;
/** A column cut to fit a terminal keeps at least this many characters (and its header). */
const COLUMN_WIDTH_LEAST = 4;

const BORDERLESS: CliTable.TableConstructorOptions["chars"] = {
  top: "", "top-mid": "", "top-left": "", "top-right": "",
  bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "",
  left: "", "left-mid": "", mid: "", "mid-mid": "",
  right: "", "right-mid": "", middle: COLUMN_GAP,
};
const TABLE_STYLE: CliTable.TableConstructorOptions["style"] = { head: [], border: [], "padding-left": 0, "padding-right": 0, compact: true };

/** How a table narrows for a terminal: the columns (by header) that give way first, in order. */
export interface TableFit {
  readonly giveWay: readonly string[];
}

type Cell = string | number;

interface CliTable3 {
  readonly Table: typeof CliTable;
  /** The width cli-table3 pads and cuts by: string-width of the text without colour codes. */
  readonly strlen: (text: string) => number;
}

let cliTable3: CliTable3 | undefined;

function loadCliTable3(): CliTable3 {
  if (cliTable3 !== undefined) return cliTable3;
  const require = createRequire(import.meta.url);
  cliTable3 = { Table: require("cli-table3") as typeof CliTable, strlen: (require("cli-table3/src/utils") as { strlen: CliTable3["strlen"] }).strlen };
  return cliTable3;
}

/**
 * `head` and `rows` as lines: left-aligned columns three spaces apart. With `columns` (a
 * terminal's width) a table wider than it is narrowed by `fit`; without it nothing is cut.
 */
export function drawTable(head: readonly string[], rows: readonly (readonly Cell[])[], columns?: number, fit?: TableFit): string[] {
  const { Table, strlen } = loadCliTable3();
  const cells = [head, ...rows].map((row) => row.map(String));
  const natural = head.map((_, column) => Math.max(1, ...cells.map((row) => strlen(row[column] ?? ""))));
  const widths = columns === undefined ? natural : fitWidths(natural, head.map(strlen), columns, giveWayOrder(head, natural, fit));
  const lines: string[] = [];
  for (let start = 0; start < cells.length; start += TABLE_BLOCK_ROWS) {
    const table = new Table({ chars: BORDERLESS, style: TABLE_STYLE, colWidths: [...widths] }); // cli-table3 writes into colWidths
    table.push(...cells.slice(start, start + TABLE_BLOCK_ROWS));
    for (const line of table.toString().split("\n")) lines.push(line.trimEnd());
  }
  return lines;
}

/** Column indexes in the order they give way: the named ones first, then the others widest first. */
function giveWayOrder(head: readonly string[], widths: readonly number[], fit: TableFit | undefined): number[] {
  const named = (fit?.giveWay ?? []).map((title) => head.indexOf(title)).filter((column) => column >= 0);
  const others = head.map((_, column) => column).filter((column) => !named.includes(column));
  return [...named, ...others.sort((a, b) => widths[b]! - widths[a]! || b - a)];
}

/** `widths` narrowed, column by column in `order`, until the row fits `columns`; a column keeps its header's width. */
export function fitWidths(widths: readonly number[], headWidths: readonly number[], columns: number, order: readonly number[]): number[] {
  const fitted = [...widths];
  let excess = fitted.reduce((sum, width) => sum + width, COLUMN_GAP.length * (fitted.length - 1)) - columns;
  for (const column of order) {
    if (excess <= 0) break;
    const least = Math.min(fitted[column]!, Math.max(headWidths[column]!, COLUMN_WIDTH_LEAST));
    const cut = Math.min(excess, fitted[column]! - least);
    fitted[column]! -= cut;
    excess -= cut;
  }
  return fitted;
}
