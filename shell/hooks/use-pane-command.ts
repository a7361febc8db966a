// A command typed on the live view's `:` line, run as the prompt runs a line (runTypedLine: the
// gate, the audit trail, the journal, history) while the panes stay up. Its output is kept for a
// pane under the others, shown until PANE_OUTPUT_SHOWN_MS after the command finished (a long
// one's progress line shows meanwhile), as k9s flashes a command's result.

import { useCallback, useEffect, useRef, useState } from "react";
import { PANE_COMMAND_OUTPUT_LINES_MAX } from "../../src/limits.js";
import type { Session } from "../session.js";
import type { OutputTone } from "./use-output.js";
import { runTypedLine, type LineSink } from "./use-typed-line.js";

export const PANE_OUTPUT_SHOWN_MS = 5000;

export interface PaneOutput {
  /** The command as typed: the pane's title. */
  readonly line: string;
  readonly lines: readonly string[];
  /** The command's first failure, if any (`error: …`). */
  readonly failed: boolean;
}

export interface PaneCommand {
  readonly output: PaneOutput | undefined;
  readonly run: (typed: string) => void;
}

/** `sink`: where a view, a question, history and `exit` go (the app's own). */
export function usePaneCommand(session: Session, sink: Omit<LineSink, "append" | "clear">): PaneCommand {
  const [output, setOutput] = useState<PaneOutput | undefined>(undefined);
  const hideTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(hideTimer.current), []);
  const run = useCallback(
    (typed: string) => {
      clearTimeout(hideTimer.current);
      let shown: PaneOutput = { line: typed, lines: [], failed: false };
      setOutput(shown);
      const append = (lines: readonly string[], tone: OutputTone) => {
        const paint = tone === "error" ? session.display.chalk.red : (text: string) => text;
        // One argument each: chalk joins all it is given with spaces, and map would hand it the index and the array too.
        shown = { line: typed, lines: [...shown.lines, ...lines.map((line) => paint(line))].slice(0, PANE_COMMAND_OUTPUT_LINES_MAX), failed: shown.failed || tone === "error" };
        setOutput(shown);
      };
      const hideLater = () => {
        clearTimeout(hideTimer.current);
        hideTimer.current = setTimeout(() => setOutput(undefined), PANE_OUTPUT_SHOWN_MS);
      };
      const track: LineSink["track"] = (pending, onError) => {
        sink.track(pending, onError);
        if (pending === undefined) return hideLater();
        pending.then(hideLater, hideLater);
      };
      runTypedLine(session, typed, { ...sink, append, track, clear: () => undefined }); // `clear` has no scrollback to clear up here
    },
    [session, sink.onLine, sink.show, sink.track, sink.exit],
  );
  return { output, run };
}
