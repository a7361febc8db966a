// Display helpers: a chalk instance whose level follows the output (no colour when stdout is not
// a TTY, under NO_COLOR, or with --no-color: chalk itself ignores NO_COLOR) and kubectl-style
// borderless tables from cli-table3 with its own colouring off unless colour is on.

import { Chalk } from "chalk";
import Table from "cli-table3";
import type { Display } from "../command.js";

const NO_BORDER = {
  top: "", "top-mid": "", "top-left": "", "top-right": "",
  bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "",
  left: "", "left-mid": "", mid: "", "mid-mid": "",
  right: "", "right-mid": "", middle: "   ",
};

export function makeDisplay(color: boolean): Display {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  return {
    color,
    chalk,
    table(head, rows) {
      const table = new Table({
        head: head.map((title) => (color ? chalk.bold(title) : title)),
        chars: NO_BORDER,
        style: { head: [], border: [], "padding-left": 0, "padding-right": 0, compact: true },
      });
      for (const row of rows) table.push(row.map(String));
      return table.toString().split("\n").map((line) => line.trimEnd());
    },
  };
}

/** Whether colour is wanted: a TTY, no NO_COLOR in the environment, no --no-color. */
export function colorWanted(isTTY: boolean, noColorFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && !noColorFlag && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}
