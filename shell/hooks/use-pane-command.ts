// A command typed on the live view's `:` line, run as the prompt runs a line (runTypedLine: the
// gate, the audit trail, the journal, history) while the panes stay up. Its output is kept for a
// pane under the others, shown until PANE_OUTPUT_SHOWN_MS after the command finished (a long
// one's progress line shows meanwhile), as k9s flashes a command's result. The pane is the
// alternate screen's, gone with the view: every line typed there and its whole output are kept
// as the prompt would have written them, and written to the scrollback once the view is left
// (`flush`), so nothing a `:` command said is lost.

import { useCallback, useEffect, useRef, useState } from "react";
import { PANE_COMMAND_OUTPUT_LINES_MAX } from "../../src/limits.js";
import { promptPrefix } from "../components/Prompt.js";
import type { Session } from "../session.js";
import type { AppendOutput, OutputTone } from "./use-output.js";
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
  /** Writes what the `:` commands printed, each after its echoed line, with `append` (the view was left); a command still running writes there directly. */
  readonly flush?: (append: AppendOutput) => void;
}

/** A block of output as the prompt would have appended it. */
interface Written {
  readonly lines: readonly string[];
  readonly tone: OutputTone;
}

/** `sink`: where a view, a question, history and `exit` go (the app's own). */
export function usePaneCommand(session: Session, sink: Omit<LineSink, "append" | "clear">): PaneCommand {
  const [output, setOutput] = useState<PaneOutput | undefined>(undefined);
  const hideTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(hideTimer.current), []);
  const kept = useRef<Written[]>([]); // for the scrollback, once the view is left
  const direct = useRef<AppendOutput | undefined>(undefined); // the view was left: straight to the scrollback
  const write = useCallback((lines: readonly string[], tone: OutputTone) => {
    if (direct.current !== undefined) direct.current(lines, tone);
    else if (lines.length > 0) kept.current.push({ lines, tone });
  }, []);
  const flush = useCallback((append: AppendOutput) => {
    for (const { lines, tone } of kept.current.splice(0)) append(lines, tone);
    direct.current = append;
  }, []);
  const run = useCallback(
    (typed: string) => {
      clearTimeout(hideTimer.current);
      direct.current = undefined; // typed on a view's `:` line: a view is up
      let shown: PaneOutput = { line: typed, lines: [], failed: false };
      setOutput(shown);
      write([`${promptPrefix(session.subject.name, session.kernel.view.nowMs)}${typed}`], "dim"); // echoed as the prompt echoes a line
      const append = (lines: readonly string[], tone: OutputTone) => {
        write(lines, tone);
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
    [session, write, sink.onLine, sink.show, sink.track, sink.exit],
  );
  return { output, run, flush };
}
