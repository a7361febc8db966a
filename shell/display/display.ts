// Display helpers: a chalk instance whose level follows the output (no colour when stdout is not
// a TTY, under NO_COLOR, or with --no-color: chalk itself ignores NO_COLOR) and kubectl-style
// borderless tables. The tables are laid out here rather than by cli-table3: cli-table3 spends
// ~100 µs a table on per-cell option merging and ANSI scanning, which alone kept scripted
// throughput below its goal (see bench/).

import { Chalk } from "chalk";
import type { Display } from "../command.js";

const COLUMN_GAP = "   ";
const ANSI_SEQUENCE = /\x1b\[[0-9;]*m/g;

function visibleWidth(text: string): number {
  return text.includes("\x1b") ? text.replace(ANSI_SEQUENCE, "").length : text.length;
}

/** Left-aligned columns separated by three spaces, no trailing blanks. */
export function formatTable(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  const cells = [head, ...rows].map((row) => row.map(String));
  const widths = head.map((_, column) => Math.max(...cells.map((row) => visibleWidth(row[column] ?? ""))));
  return cells.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell + " ".repeat(widths[column]! - visibleWidth(cell))))
      .join(COLUMN_GAP)
      .trimEnd(),
  );
}

export function makeDisplay(color: boolean, columns?: () => number | undefined): Display {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  return {
    color,
    chalk,
    columns,
    table: (head, rows) => formatTable(color ? head.map((title) => chalk.bold(title)) : head, rows),
  };
}

/** Whether colour is wanted: a TTY, no NO_COLOR in the environment, no --no-color. */
export function colorWanted(isTTY: boolean, noColorFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && !noColorFlag && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}
