// How a session runs a line: its commands one after another, stopping at the first that fails,
// exits, opens a view, asks first or is interrupted; and how a long command (sleep 8h, cluster
// chaos) runs in steps that yield to the event loop (jobs.ts), journaled when it ends with what
// it covered. The session supplies how one command runs and what it records.

import { fail } from "../src/errors.js";
import type { Subject } from "../src/gate.js";
import type { Kernel } from "../src/kernel.js";
import { INPUT_LINE_LENGTH_MAX } from "../src/limits.js";
import { firstControl } from "../src/printable.js";
import type { SessionControl } from "./command.js";
import { syscallInSteps, type Ending, type RunningJob } from "./jobs.js";
import { operationOf } from "./operation.js";
import type { ParsedCommand } from "./parse.js";
import { quoteWords } from "./quote.js";
import { errorLine, goesOn, isBug, type Outcome } from "./session-outcome.js";
import { tokenizeChain, type ChainedCommand } from "./tokenize.js";

type RunWords = (words: readonly string[]) => Outcome | Promise<Outcome>;

/**
 * Runs the commands on `line` through `run`, handing each outcome to `next`; stops when it returns
 * false. A failed command skips the commands `&&` joins to it, as in bash (`a && b; c` runs c).
 * Returns a promise once a command runs on in steps, settled when the line is done.
 */
export function runLine(line: string, run: RunWords, next: (outcome: Outcome) => boolean): void | Promise<void> {
  let commands: ChainedCommand[];
  try {
    if (line.length > INPUT_LINE_LENGTH_MAX) fail("EINVAL", `line is longer than ${INPUT_LINE_LENGTH_MAX} characters, the limit`); // no count: a piped line that long is cut where it went over (bounded-lines.ts)
    const control = firstControl(line); // an escape sequence typed as a name would reach errors, the trail and other users' terminals
    if (control !== undefined) fail("EINVAL", `line has a control character (${control.escaped}) at column ${control.column}`, "kshell takes printable text; bytes go in with vol write --hex or --file");
    commands = tokenizeChain(line);
  } catch (error) {
    next({ ok: false, lines: [], error: errorLine(error) });
    return;
  }
  return runFrom(commands, 0, run, next);
}

/** Runs `commands` from `index` on (a line's commands are run by this loop, with no closure made per line). */
function runFrom(commands: readonly ChainedCommand[], index: number, run: RunWords, next: (outcome: Outcome) => boolean): void | Promise<void> {
  for (let i = index; i < commands.length; ) {
    const { words } = commands[i]!;
    const outcome = run(words);
    const at = i;
    if (outcome instanceof Promise) return outcome.then((o) => (next(named(o, words)) && !o.interrupted ? runFrom(commands, following(commands, at, o), run, next) : undefined)); // Ctrl-C stops the line
    if (!next(named(outcome, words))) return;
    i = following(commands, i, outcome);
  }
}

/** The command to run after the one at `index`: a failed one skips the commands `&&` joins to it. */
function following(commands: readonly ChainedCommand[], index: number, outcome: Outcome): number {
  let next = index + 1;
  if (!outcome.ok) while (commands[next]?.afterSuccess === true) next++;
  return next;
}

/** A failed outcome carries the command it is about, so a script runner can say where it stopped. */
function named(outcome: Outcome, words: readonly string[]): Outcome {
  return outcome.ok ? outcome : { ...outcome, command: quoteWords(words) };
}

/** One outcome for a whole line run without steps: every command's lines, the last one's verdict. */
export function collectOutcomes(runEach: (next: (outcome: Outcome) => boolean) => void): Outcome {
  const collected: string[] = [];
  let last: Outcome = { ok: true, lines: [] };
  runEach((outcome) => {
    collected.push(...outcome.lines);
    last = outcome;
    return goesOn(outcome);
  });
  return { ...last, lines: collected };
}

/** What a long command needs from the session that runs it. */
export interface LongCommand {
  readonly parsed: ParsedCommand;
  readonly words: readonly string[];
  readonly kernel: Kernel;
  readonly subject: Subject;
  readonly session: SessionControl;
  readonly running: RunningJob;
  journal(words: readonly string[], startedMs: number, subject: Subject): void;
  ended(): void; // after the journal record: the clock follows the wall again
  settle(result: unknown, stopped: boolean): Outcome;
  failed(error: unknown): Outcome; // a bug is undone (never journaled); anything else is one error line
}

/**
 * A long command in steps: the gate admits it now; when it ends or is stopped, the gate records
 * the outcome and the journal gets what it covered (the typed words if it ran to the end).
 */
export function runLong(long: LongCommand): Outcome | Promise<Outcome> {
  const { spec, input } = long.parsed;
  const { kernel, subject, running } = long;
  const startedMs = kernel.view.nowMs;
  const typed = spec.journalWords?.(long.words, input) ?? long.words;
  const failed = (error: unknown): Outcome => long.failed(error);
  const settled = ({ result, stopped }: Ending<unknown>): Outcome => long.settle(result, stopped);
  try {
    const ending = syscallInSteps({
      kernel,
      subject,
      operation: operationOf(spec.gate!, input, kernel.view),
      control: running,
      start: (gated) => running.begin(spec.start!({ session: long.session, kernel: gated }, input)),
      describe: (result) => spec.describe?.(result) ?? "",
      ended: (ran, error) => {
        if (error === undefined || !isBug(error)) long.journal(ran ?? typed, startedMs, subject);
        running.end();
        long.ended();
      },
    });
    return ending instanceof Promise ? ending.then(settled, failed) : settled(ending);
  } catch (error) {
    return failed(error);
  }
}
