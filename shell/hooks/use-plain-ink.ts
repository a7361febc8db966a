// Ink draws its own colours (the green prompt, the inverse cursor, dim hints, pane titles) with
// chalk's shared instance, whose level chalk chose from the terminal alone: chalk ignores NO_COLOR.
// The session's display already decided (no colour under NO_COLOR or --no-color); this makes Ink
// follow it while the app is mounted.

import chalk, { type ColorSupportLevel } from "chalk";
import { useEffect, useRef } from "react";

export function usePlainInk(color: boolean): void {
  const saved = useRef<ColorSupportLevel | undefined>(undefined);
  // During the first render, not in an effect: Ink draws the first frame before effects run.
  if (!color && saved.current === undefined) {
    saved.current = chalk.level;
    chalk.level = 0;
  }
  useEffect(
    () => () => {
      if (saved.current !== undefined) chalk.level = saved.current;
    },
    [],
  );
}
