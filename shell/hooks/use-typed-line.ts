// What the shell does with a line typed at the prompt: history expansion (`!!`, `!prefix`, shown
// before it runs, as bash does), every command of it in order with its output written above the
// prompt, and Ctrl-D's exit; plus clearing the screen (Ctrl-L, `clear`).

import { useApp, useStdout } from "ink";
import { useCallback, useEffect, useReducer, useState } from "react";
import { promptPrefix } from "../components/Prompt.js";
import { expandHistory } from "../history.js";
import { errorLine, type Outcome, type Session } from "../session.js";
import type { AppendOutput } from "./use-output.js";

/** Cursor home and erase the screen (Ctrl-L); `clear` erases the scrollback too, as clear(1) does. */
const CLEAR_SCREEN = "\x1b[H\x1b[2J";
const CLEAR_SCROLLBACK = "\x1b[3J";

export interface TypedLineHost {
  readonly append: AppendOutput;
  readonly onLine: (line: string) => void;
  readonly show: (outcome: Outcome) => void; // opens a view or asks a question the outcome carries
  readonly track: (pending: void | Promise<void>, onError: (error: unknown) => void) => void;
  /** Whether `show` opens the pager for this outcome (a tall help page): its lines are not appended, and the line stops there. */
  readonly paged?: (outcome: Outcome) => boolean;
}

export interface TypedLine {
  readonly run: (typed: string) => void;
  readonly leave: () => void; // Ctrl-D on an empty line
  readonly clearScreen: () => void; // Ctrl-L
  readonly cancel: (text: string) => void; // Ctrl-C: the line stays above, marked ^C
  readonly leaving: boolean; // exit was asked for: the app draws nothing more, then ends
  readonly exit: () => void; // `exit` run from elsewhere (the live view's command line)
}

/**
 * Whether the rest of a typed line runs after this outcome: after a failure it does, as bash runs
 * every command of `a; b` (`&&` skips what it joins, session-line.ts); not after exit, a view, a
 * question, Ctrl-C or a kernel bug (the command was undone: the line stops there).
 */
export function typedLineGoesOn(outcome: Outcome): boolean {
  return !outcome.exit && outcome.view === undefined && outcome.confirm === undefined && outcome.interrupted !== true && outcome.bug !== true;
}

/** Where a typed line's effects go: the prompt's screen, or the live view's command pane. */
export interface LineSink extends TypedLineHost {
  readonly clear: () => void; // `clear`
  readonly exit: () => void;
}

/**
 * A typed line (already echoed) through the session, as the prompt runs it: history expansion,
 * then each command in order through the gate, the audit trail and the journal (executeEach),
 * each outcome's lines and error to `sink.append`, a view or question to `sink.show`.
 */
export function runTypedLine(session: Session, typed: string, sink: LineSink): void {
  const { append, onLine, show, track, clear, exit, paged } = sink;
  if (typed.trim() === "") return;
  let line: string;
  try {
    line = expandHistory(typed, session.history());
  } catch (error) {
    return append([errorLine(error)], "error");
  }
  if (line !== typed) append([line], "plain");
  onLine(line);
  const each = (outcome: Outcome): boolean => {
    const paging = paged?.(outcome) === true;
    if (outcome.clear) clear();
    if (outcome.view === undefined && !paging) append(outcome.lines, "plain"); // a live view replaces its one-frame text, the pager shows the page
    if (outcome.error !== undefined) append([outcome.error], "error");
    if (outcome.exit) exit();
    show(outcome);
    return typedLineGoesOn(outcome) && !paging;
  };
  track(session.executeEach(line, each), (error) => append([errorLine(error)], "error"));
}

export function useTypedLine(session: Session, host: TypedLineHost): TypedLine {
  const { exit: end } = useApp();
  const { write } = useStdout();
  const [, refresh] = useReducer((count: number) => count + 1, 0);
  // The app ends once a frame without the prompt is drawn, so the screen keeps `# exit`, not a prompt under it.
  const [leaving, setLeaving] = useState(false);
  useEffect(() => {
    if (leaving) end();
  }, [leaving, end]);
  const exit = useCallback(() => setLeaving(true), []);
  const { append, onLine, show, track, paged } = host;
  const echo = useCallback((text: string) => append([`${promptPrefix(session.subject.name, session.kernel.view.nowMs)}${text}`], "dim"), [session, append]);

  const run = useCallback(
    (typed: string) => {
      echo(typed);
      runTypedLine(session, typed, { append, onLine, show, track, paged, clear: () => write(CLEAR_SCREEN + CLEAR_SCROLLBACK), exit });
    },
    [session, echo, append, onLine, show, track, paged, write, exit],
  );

  /** Back to the user before the innermost su, or out of the shell, as bash's exit on Ctrl-D. */
  const leave = useCallback(() => {
    echo("exit");
    const outer = session.requestExit();
    if (outer === undefined) return exit();
    append([`logout: back to ${outer.name}`], "plain");
    refresh(); // the prompt names the user
  }, [session, echo, append, exit]);

  const clearScreen = useCallback(() => write(CLEAR_SCREEN), [write]);
  const cancel = useCallback((text: string) => echo(`${text}^C`), [echo]);
  return { run, leave, clearScreen, cancel, leaving, exit };
}
