import { Box, Text, useInput } from "ink";
import { useEffect, useMemo, useState } from "react";
import { useTerminalSize } from "../hooks/use-terminal-size.js";
import { pageHeight, pageKeyOfInk, scrolled, statusLine, pageWindow } from "../page-view.js";

export interface PageViewProps {
  /** The page (help), laid out for the terminal's width now: called again when it changes. */
  readonly layout: () => readonly string[];
  /** q, Esc or Ctrl-C: back to the prompt. */
  readonly onLeave: () => void;
  /** The status line in reverse video; plain under NO_COLOR. */
  readonly color: boolean;
}

/**
 * The interactive shell's pager: a page taller than the terminal, a screenful at a time, with
 * less's keys (page-view.ts). Drawn on the alternate screen the app enters for it, so leaving
 * brings the prompt's screen back as it was; laid out again when the terminal is resized. A line
 * wider than the terminal (a code block's) is cut, never wrapped: one line is one row, so the
 * window always fits.
 */
export function PageView({ layout, onLeave, color }: PageViewProps) {
  const { rows, columns } = useTerminalSize();
  const lines = useMemo(layout, [layout, columns]); // a resize lays the page out for the new width
  // a row short of the screen: Ink redraws a frame as tall as the terminal by clearing it, scrollback and all
  const height = pageHeight(rows - 1);
  const [top, setTop] = useState(0);
  useInput((input, key) => {
    const pressed = pageKeyOfInk(input, key);
    if (pressed === "quit") return onLeave();
    if (pressed !== undefined) setTop((current) => scrolled(current, pressed, height, lines.length));
  });
  // The status line names the keys once they are listened to (useInput's effect runs before this one).
  const [listening, setListening] = useState(false);
  useEffect(() => setListening(true), []);
  const shownTop = Math.min(top, Math.max(0, lines.length - height)); // a taller terminal after a resize shows more
  return (
    <Box flexDirection="column">
      {pageWindow(lines, shownTop, height).map((line, index) => (
        <Text key={shownTop + index} wrap="truncate-end">
          {line === "" ? " " : line}
        </Text>
      ))}
      <Text inverse={color} wrap="truncate-end">
        {listening ? statusLine(shownTop, height, lines.length) : " "}
      </Text>
    </Box>
  );
}
