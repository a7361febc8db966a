// Finished output goes to the terminal as text, written once above Ink's live region (Ink's
// `useStdout().write`: Ink clears its live frame, writes the text, and redraws the frame under it).
// Drawing it as Ink nodes instead (<Static> with a <Text> a line) laid out and rendered every line
// through Yoga: `audit query --limit 0`'s 8,192 lines took seconds where a pipe takes milliseconds.
// Text written this way is the terminal's to wrap, so scrollback keeps whole lines and a resize
// reflows them; the colour follows the session's display (no colour under NO_COLOR or --no-color).

import { useStdout } from "ink";
import { useCallback } from "react";
import type { Display } from "../command.js";

/** How a block of finished output is drawn: command output plain, errors red, echoed input dim. */
export type OutputTone = "plain" | "error" | "dim";

/** Appends finished lines to the terminal, above the prompt or live view. */
export type AppendOutput = (lines: readonly string[], tone: OutputTone) => void;

/** One write per call: the lines joined, each toned, with the newline that ends the last one. */
export function finishedText(lines: readonly string[], tone: OutputTone, display: Display): string {
  const paint = tone === "error" ? display.chalk.red : tone === "dim" ? display.chalk.dim : undefined;
  return lines.map((line) => (paint === undefined ? line : paint(line))).join("\n") + "\n";
}

export function useOutput(display: Display): AppendOutput {
  const { write } = useStdout();
  return useCallback(
    (lines: readonly string[], tone: OutputTone) => {
      if (lines.length > 0) write(finishedText(lines, tone, display));
    },
    [write, display],
  );
}
