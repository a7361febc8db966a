// Ink draws its own colours (the green prompt, the inverse cursor, dim hints, pane titles) with
// chalk's shared instance, whose level chalk chose from the terminal alone: chalk ignores NO_COLOR.
// The session's display already decided (no colour under NO_COLOR or --no-color); this makes Ink
// follow it while the app is mounted.

import chalk from "chalk";
import { useLayoutEffect } from "react";

export function usePlainInk(color: boolean): void {
  useLayoutEffect(() => {
    if (color) return;
    const level = chalk.level;
    chalk.level = 0;
    return () => {
      chalk.level = level;
    };
  }, [color]);
}
