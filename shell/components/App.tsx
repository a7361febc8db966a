import { Box, Text, useApp, useInput, useStdout } from "ink";
import { useCallback, useEffect, useReducer, useState } from "react";
import { expandHistory } from "../history.js";
import { useClock } from "../hooks/use-clock.js";
import { LIVE_REFRESH_MS } from "../hooks/use-live-frame.js";
import { useJob } from "../hooks/use-job.js";
import { useOutput } from "../hooks/use-output.js";
import { usePlainInk } from "../hooks/use-plain-ink.js";
import { usePrompt } from "../hooks/use-prompt.js";
import { errorLine, type Outcome, type Session } from "../session.js";
import { LiveView } from "./LiveView.js";
import { Prompt, promptPrefix } from "./Prompt.js";

export interface AppProps {
  /** The session every typed line runs in. */
  readonly session: Session;
  /** Called with each non-empty submitted line, to persist history. */
  readonly onLine: (line: string) => void;
}

const PROMPT_REFRESH_MS = 1000;
/** Cursor home and erase the screen (Ctrl-L); `clear` erases the scrollback too, as clear(1) does. */
const CLEAR_SCREEN = "\x1b[H\x1b[2J";
const CLEAR_SCROLLBACK = "\x1b[3J";

/**
 * Whether the rest of a typed line runs after this outcome: after a failure it does, as bash runs
 * every command of `a; b` (`&&` skips what it joins, session-line.ts); not after exit, a view, a
 * question, Ctrl-C or a kernel bug (the command was undone: the line stops there).
 */
function typedLineGoesOn(outcome: Outcome): boolean {
  return !outcome.exit && outcome.view === undefined && outcome.confirm === undefined && outcome.interrupted !== true && outcome.bug !== true;
}

/** The interactive shell: finished output written above as text, then a prompt, a confirmation or a live view. */
export function App({ session, onLine }: AppProps) {
  const { exit } = useApp();
  const { write } = useStdout();
  usePlainInk(session.display.color); // NO_COLOR and --no-color reach Ink's own colours too
  const append = useOutput(session.display);
  const [, refresh] = useReducer((count: number) => count + 1, 0);
  // Once the first prompt is drawn: what a person starting this session should know (a restored
  // audit trail that does not verify; taking that verdict is most of a full ring's start-up).
  useEffect(() => append(session.startWarnings().map((warning) => `kshell: warning: ${warning}`), "error"), []); // once
  const [view, setView] = useState<Outcome["view"]>(undefined);
  const [confirm, setConfirm] = useState<Outcome["confirm"]>(undefined);
  const { running, track } = useJob(session);
  // A live view moves the clock itself and redraws only what changed (use-live-frame.ts).
  const nowMs = useClock(session, running ? LIVE_REFRESH_MS : view === undefined ? PROMPT_REFRESH_MS : undefined);

  const run = useCallback(
    (typed: string) => {
      append([`${promptPrefix(session.subject.name, session.kernel.view.nowMs)}${typed}`], "dim");
      if (typed.trim() === "") return;
      let line: string;
      try {
        line = expandHistory(typed, session.history()); // !! and !prefix, shown before they run, as bash does
      } catch (error) {
        append([errorLine(error)], "error");
        return;
      }
      if (line !== typed) append([line], "plain");
      onLine(line);
      const show = (outcome: Outcome): boolean => {
        if (outcome.clear) write(CLEAR_SCREEN + CLEAR_SCROLLBACK);
        if (outcome.view === undefined) append(outcome.lines, "plain"); // a live view replaces its one-frame text
        if (outcome.error !== undefined) append([outcome.error], "error");
        if (outcome.exit) exit();
        setView(outcome.view);
        setConfirm(outcome.confirm);
        return typedLineGoesOn(outcome);
      };
      track(session.executeEach(line, show), (error) => append([errorLine(error)], "error"));
    },
    [session, onLine, append, exit, track, write],
  );

  /** Ctrl-D on an empty line: back to the user before the innermost su, or out of the shell, as bash's exit. */
  const leave = useCallback(() => {
    append([`${promptPrefix(session.subject.name, session.kernel.view.nowMs)}exit`], "dim");
    const outer = session.requestExit();
    if (outer === undefined) return exit();
    append([`logout: back to ${outer.name}`], "plain");
    refresh(); // the prompt names the user
  }, [session, append, exit]);

  const prompt = usePrompt(session, view === undefined && confirm === undefined && !running, {
    onSubmit: run,
    onExit: leave,
    onClear: () => write(CLEAR_SCREEN),
    onCancel: (text) => append([`${promptPrefix(session.subject.name, session.kernel.view.nowMs)}${text}^C`], "dim"),
  });

  useInput(
    (input) => {
      const pending = confirm!;
      setConfirm(undefined);
      if (input.toLowerCase() === "y") run(pending.line);
      else append([`${pending.question}? not confirmed; nothing changed`], "dim");
    },
    { isActive: confirm !== undefined },
  );

  return (
    <Box flexDirection="column">
      {running ? (
        <Text color="yellow">{session.progress() ?? ""}</Text>
      ) : view !== undefined ? (
        <LiveView session={session} view={view} onLeave={() => setView(undefined)} />
      ) : confirm !== undefined ? (
        <Text color="yellow">{confirm.question}? [y/N] </Text>
      ) : (
        <Prompt user={session.subject.name} nowMs={nowMs} state={prompt} history={session.history()} color={session.display.color} />
      )}
    </Box>
  );
}
