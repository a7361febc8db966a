import { Box, Text } from "ink";
import { useCallback, useEffect, useRef, useState } from "react";
import { useAlternateScreen } from "../hooks/use-alternate-screen.js";
import { useClock } from "../hooks/use-clock.js";
import { LIVE_REFRESH_MS } from "../hooks/use-live-frame.js";
import { useJob } from "../hooks/use-job.js";
import { useOutput } from "../hooks/use-output.js";
import { usePage } from "../hooks/use-page.js";
import { usePaneCommand } from "../hooks/use-pane-command.js";
import { usePlainInk } from "../hooks/use-plain-ink.js";
import { usePrompt } from "../hooks/use-prompt.js";
import { useTypedLine } from "../hooks/use-typed-line.js";
import type { Outcome, Session } from "../session.js";
import { Confirm } from "./Confirm.js";
import { LiveView } from "./LiveView.js";
import { PageView } from "./PageView.js";
import { Prompt } from "./Prompt.js";

export interface AppProps {
  /** The session every typed line runs in. */
  readonly session: Session;
  /** Called with each non-empty submitted line, to persist history. */
  readonly onLine: (line: string) => void;
}

const PROMPT_REFRESH_MS = 1000;

/** The interactive shell: finished output written above as text, then a prompt, a confirmation or a live view. */
export function App({ session, onLine }: AppProps) {
  usePlainInk(session.display.color); // NO_COLOR and --no-color reach Ink's own colours too
  const append = useOutput(session.display);
  // Once the first prompt is drawn: what a person starting this session should know (a restored
  // audit trail that does not verify; taking that verdict is most of a full ring's start-up).
  useEffect(() => append(session.startWarnings().map((warning) => `kshell: warning: ${warning}`), "error"), []); // once
  const [view, setView] = useState<Outcome["view"]>(undefined);
  const [confirm, setConfirm] = useState<Outcome["confirm"]>(undefined);
  const { running, track } = useJob(session);
  // A live view moves the clock itself and redraws only what changed (use-live-frame.ts).
  const nowMs = useClock(session, running ? LIVE_REFRESH_MS : view === undefined ? PROMPT_REFRESH_MS : undefined);
  const screen = useAlternateScreen(); // a live view draws on the alternate screen, as htop does
  const { page, paged, open: openPage, close: closePage } = usePage(screen); // a tall help page: the pager view
  const show = useCallback(
    (outcome: Outcome) => {
      if (!openPage(outcome) && outcome.view !== undefined) screen.enter(); // before its first frame is drawn
      setView(outcome.view);
      setConfirm(outcome.confirm);
    },
    [screen.enter, openPage],
  );
  const flushViewCommands = useRef<() => void>(() => undefined); // set once the `:` line's hook is made, below
  const closeView = useCallback(() => {
    setView(undefined);
    screen.leave(() => flushViewCommands.current()); // what `:` commands printed, into the scrollback of the prompt's screen
  }, [screen.leave]);
  const { run, leave, clearScreen, cancel, leaving, exit } = useTypedLine(session, { append, onLine, show, track, paged });
  // A line typed under the panes (`:`): another view replaces this one, a question is asked at the prompt.
  const showFromView = useCallback(
    (outcome: Outcome) => {
      if (outcome.view !== undefined) return show(outcome);
      if (outcome.confirm === undefined) return;
      closeView();
      setConfirm(outcome.confirm);
    },
    [show, closeView],
  );
  const paneCommand = usePaneCommand(session, { onLine, show: showFromView, track, exit });
  flushViewCommands.current = () => paneCommand.flush?.(append);

  const prompt = usePrompt(session, view === undefined && page === undefined && confirm === undefined && !running && !leaving, {
    onSubmit: run,
    onExit: leave,
    onClear: clearScreen,
    onCancel: cancel,
  });

  const answer = (yes: boolean) => {
    const pending = confirm!;
    setConfirm(undefined);
    if (yes) run(pending.line);
    else append([`${pending.question}? not confirmed; nothing changed`], "dim");
  };

  return (
    <Box flexDirection="column">
      {leaving ? null : page !== undefined ? <PageView layout={page} onLeave={closePage} color={session.display.color} /> : view !== undefined ? (
        <LiveView session={session} view={view} onLeave={closeView} command={paneCommand} progress={running ? (session.progress() ?? "") : undefined} />
      ) : running ? (
        <Text color={session.display.color ? "yellow" : undefined}>{session.progress() ?? ""}</Text>
      ) : confirm !== undefined ? (
        <Confirm question={confirm.question} onAnswer={answer} color={session.display.color} />
      ) : (
        <Prompt user={session.subject.name} nowMs={nowMs} state={prompt} history={session.history()} color={session.display.color} />
      )}
    </Box>
  );
}
