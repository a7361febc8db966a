// Display helpers: a chalk instance whose level follows the output (no colour when stdout is not
// a TTY, under NO_COLOR, or with --no-color: chalk itself ignores NO_COLOR) and kubectl-style
// borderless tables (table.ts: cli-table3, fitted to the terminal when its width is known).

import { Chalk } from "chalk";
import type { Display } from "../command.js";
import { drawTable } from "./table.js";

export function makeDisplay(color: boolean, columns?: () => number | undefined): Display {
  return displayOf(color, new Chalk({ level: color ? 1 : 0 }), columns);
}

/** `d` with its tables fitted to `columns` (a pane's inside) rather than to the whole terminal. */
export function withColumns(d: Display, columns: number): Display {
  return displayOf(d.color, d.chalk, () => columns);
}

function displayOf(color: boolean, chalk: Display["chalk"], columns: (() => number | undefined) | undefined): Display {
  return {
    color,
    chalk,
    columns,
    table: (head, rows, fit) => drawTable(color ? head.map((title) => chalk.bold(title)) : head, rows, columns?.(), fit),
  };
}

/** Whether colour is wanted: a TTY, no NO_COLOR in the environment, no --no-color. */
export function colorWanted(isTTY: boolean, noColorFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && !noColorFlag && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}
