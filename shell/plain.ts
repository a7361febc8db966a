// The plain runner, for piped input, `kshell run file` and `kshell -c`: never Ink, never colour
// unless asked for, one command line at a time. Output goes to stdout, one error line per failed
// command to stderr, both through one ordered writer (so `2>&1` shows them as they happened, and
// nothing is lost at exit). The first failure stops the script with exit 1 unless --keep-going, which
// runs on and exits 1 at the end. An interrupt (SIGINT) stops a long command after its current
// step, shows what it did, and ends the script with exit 130, as shells do. A kernel bug (the
// session undid the command it stopped) ends the script at once with exit 70, --keep-going or not.
// With --state, commands run in batches whose journal records one fdatasync covers, and a batch's
// output is shown only once that sync has returned (group commit: see runPlain).

import { assert } from "../src/assert.js";
import { ERROR_COMMAND_CHARS_MAX, OUTPUT_PENDING_BYTES_MAX } from "../src/limits.js";
import { lineReader, NOT_READY, type LineReader } from "./plain-lines.js";
import type { PlainPaging } from "./run-pager.js";
import { BUG_STATUS, type Outcome } from "./session-outcome.js";
import type { Session } from "./session.js";

export interface PlainOptions {
  readonly keepGoing: boolean;
  readonly echo: boolean;
  readonly signal?: AbortSignal; // aborted by SIGINT: run no further line
  /** How an error line says where: "line" (a script: `error: line 12: …`), "command" (`-c`: `error: vol snap create dv s9: …`). */
  readonly where?: "line" | "command";
  /** Work before the event loop gets a turn (YIELD_AFTER_MS); a test that counts batches makes it endless, so the machine's speed does not decide them. */
  readonly yieldAfterMs?: number;
  /** On a terminal: a page of help taller than it goes through a pager, and ends its line (as a live view does). */
  readonly paging?: PlainPaging;
}

/** The exit status after an interrupt: 128 + SIGINT, as shells report it. */
export const INTERRUPTED_STATUS = 130;

export interface Output {
  write(text: string): void;
  error(text: string): void;
  /** Shows a long command's progress line, or clears it (undefined); only on a terminal. */
  progress?(text: string | undefined): void;
  /** A promise to wait on before running more when a slow reader has much output queued. */
  ready?(): Promise<void> | undefined;
}

/** Where the ordered writer puts text: process.stdout or process.stderr, or a test's pipe. */
export interface Sink {
  write(text: string, done: (error?: Error | null) => void): boolean;
}

/**
 * Standard output and standard error through one ordered writer. Under `2>&1` both streams are
 * one pipe, and two Node streams that each queue their own writes under backpressure let an
 * error line land in the middle of output. Here text waits in one queue of runs (consecutive
 * text for the same stream joined) and one write is in flight at a time, so every line reaches
 * the pipe whole and in the order the commands produced it. A run is written as soon as the
 * writer is idle, so an acknowledgement the runner hands it is never held back; behind a slow reader runs
 * grow instead, and `ready` lets the runner wait once OUTPUT_PENDING_BYTES_MAX are queued.
 */
export class OrderedOutput implements Output {
  private readonly runs: { sink: Sink; text: string }[] = [];
  private pendingBytes = 0;
  private writing = false;
  private broken = false; // a write failed (the reader left): drop the rest, never hang
  private waiters: (() => void)[] = [];
  readonly progress: ((text: string | undefined) => void) | undefined;

  /** `progressLine`: stderr is a terminal, where a long command's progress is redrawn in place. */
  constructor(
    private readonly stdout: Sink,
    private readonly stderr: Sink,
    progressLine = false,
  ) {
    this.progress = progressLine ? (text) => this.put(this.stderr, `\r${text ?? ""}\x1b[K`) : undefined;
  }

  write(text: string): void {
    this.put(this.stdout, text);
  }

  error(text: string): void {
    this.put(this.stderr, text);
  }

  /** Undefined while little is queued; else a promise settled once everything is written. */
  ready(): Promise<void> | undefined {
    return this.pendingBytes < OUTPUT_PENDING_BYTES_MAX ? undefined : this.drained();
  }

  /** Settles once every queued run is written (or a write failed): call before exiting. */
  drained(): Promise<void> {
    if (!this.writing && this.runs.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private put(sink: Sink, text: string): void {
    if (text === "" || this.broken) return;
    const last = this.runs.at(-1);
    if (last?.sink === sink) last.text += text;
    else this.runs.push({ sink, text });
    this.pendingBytes += text.length;
    this.pump();
  }

  private pump(): void {
    if (this.writing) return;
    const run = this.runs.shift();
    if (run === undefined) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
      return;
    }
    this.writing = true;
    this.pendingBytes -= run.text.length;
    run.sink.write(run.text, (error) => {
      this.writing = false;
      if (error) {
        this.broken = true;
        this.runs.length = 0;
        this.pendingBytes = 0;
      }
      this.pump();
    });
  }
}

/** The process's own streams; the progress line only on a terminal's stderr, never into a pipe or a file. */
export function processOutput(): OrderedOutput {
  return new OrderedOutput(process.stdout, process.stderr, process.stderr.isTTY === true);
}

const PROGRESS_REFRESH_MS = 500;
const YIELD_AFTER_MS = 50; // commands run back to back this long, then the batch is synced and shown and the event loop gets a turn

/**
 * Lines already read run synchronously one after another; past YIELD_AFTER_MS the event loop gets
 * a turn, so what they printed reaches the reader and Ctrl-C is heard, without paying a turn per
 * line on a script of fast ones.
 */
function turnTaker(yieldAfterMs = YIELD_AFTER_MS): () => Promise<void> | undefined {
  let sinceMs = performance.now();
  return () => {
    if (performance.now() - sinceMs < yieldAfterMs) return undefined;
    return new Promise((resolve) =>
      setImmediate(() => {
        sinceMs = performance.now();
        resolve();
      }),
    );
  };
}

/**
 * Runs every line; returns the exit status (0 all succeeded, 1 a command failed, 70 a kernel bug,
 * 74 an unwritable state directory, 130 interrupted).
 *
 * Group commit: the journal records of the commands run are synced once for a batch, and the
 * batch's output (stdout and stderr, in order) is held until that sync has returned, so nothing is
 * shown of a command that a kill -9 could still take back. A batch ends when the next line has not
 * come in yet (the writer of the pipe waits for an answer), after YIELD_AFTER_MS of work, at
 * GROUP_COMMIT_RECORDS_MAX records or GROUP_COMMIT_BYTES_MAX bytes of journal or
 * OUTPUT_PENDING_BYTES_MAX of output, before a long command is waited on, and at the end (exit, a
 * failure, an interrupt, the end of the input). If the sync fails, the batch's commands are undone
 * and their output dropped: one line says which input lines, and the script ends with 74.
 */
export async function runPlain(session: Session, lines: AsyncIterable<string> | Iterable<string>, options: PlainOptions, out: Output): Promise<number> {
  const run = new PlainRun(session, options, out);
  const input = lineReader(lines);
  session.batches.groupCommits(true);
  try {
    await run.lines(input);
  } catch (error) {
    run.commit(); // what ran before a kshell bug is shown once synced, then the bug is reported
    throw error;
  } finally {
    input.close();
    session.batches.groupCommits(false);
  }
  return run.status();
}

/** One script's run: its lines, the batch of output held until its sync, and the verdict so far. */
class PlainRun {
  private failed = false;
  private bug: number | undefined; // the exit status of what stopped the script undone
  private stop = false;
  private readonly held: HeldOutput;
  private lineNumber = 0;
  private heldFrom = 0; // the first input line whose output is held (0: none)
  private page: readonly string[] | undefined; // a page to show through the pager once its line has run

  constructor(
    private readonly session: Session,
    private readonly options: PlainOptions,
    private readonly out: Output,
  ) {
    this.held = new HeldOutput(out);
  }

  async lines(input: LineReader): Promise<void> {
    const turn = turnTaker(this.options.yieldAfterMs);
    for (;;) {
      if (this.interrupted()) break;
      let next = input.ready();
      if (next instanceof Promise) next = await next;
      if (next === NOT_READY) {
        if (!(await this.show())) return; // nothing more runs until the input comes: show what ran
        next = await input.wait();
      }
      if (next.done === true || this.interrupted()) break;
      const long = this.line(next.value); // a promise only for a long command or a page to show: a line of fast commands costs no turn
      if (long !== undefined) await long;
      if (this.stop) break;
      const waiting = turn();
      if ((waiting !== undefined || this.batchFull()) && !(await this.show())) return;
      if (waiting !== undefined) await waiting;
    }
    this.commit();
  }

  /** The page a command of the line handed the pager, after everything before it is shown. */
  private async showPage(): Promise<void> {
    const page = this.page;
    this.page = undefined;
    if (page !== undefined && (await this.show())) await this.options.paging!.show(page);
  }

  /** Ends the batch (commit) and waits while a slow reader catches up; false if the sync failed. */
  private async show(): Promise<boolean> {
    if (!this.commit()) return false;
    const behind = this.out.ready?.();
    if (behind !== undefined) await behind; // a slow reader: run no further until it catches up
    return true;
  }

  private line(line: string): Promise<void> | undefined {
    this.lineNumber++;
    if (this.heldFrom === 0) this.heldFrom = this.lineNumber;
    if (this.options.echo && line.trim() !== "") this.held.write(`> ${line}\n`);
    const pending = this.session.executeEach(line, this.settled);
    if (pending === undefined) return this.page === undefined ? undefined : this.showPage();
    // A long command: the session synced what ran before it (it journals itself only at its end), so this shows that output while it runs.
    assert(this.commit(), "nothing is left unsynced while a long command runs");
    return withProgress(this.session, pending, this.out); // only a long command makes the runner wait
  }

  private readonly settled = (outcome: Outcome): boolean => this.settle(outcome); // made once, handed to every line

  /** Takes one command's outcome into the batch; false stops the line (and the script). */
  private settle(outcome: Outcome): boolean {
    if (outcome.unsynced === true) {
      this.held.drop(); // none of it was acknowledged
      this.out.error(`${outcome.error} (input lines ${this.heldFrom || this.lineNumber} to ${this.lineNumber})\n`);
      this.heldFrom = 0;
    } else if (outcome.page !== undefined && this.options.paging?.wants(outcome.lines) === true) {
      this.page = outcome.lines;
      return false; // the pager takes the terminal: the rest of the line does not run under it
    } else {
      if (outcome.lines.length > 0) this.held.write(`${outcome.lines.join("\n")}\n`);
      if (!outcome.ok) this.held.error(`${this.located(outcome)}\n`);
    }
    if (!outcome.ok) {
      this.failed = true;
      if (outcome.bug === true) this.bug ??= outcome.status ?? BUG_STATUS;
      this.stop ||= !this.options.keepGoing || this.bug !== undefined;
    }
    this.stop ||= outcome.exit === true || outcome.interrupted === true;
    return !this.stop;
  }

  /** The error line, saying where the script stopped: `error: line 12: …` (as bash's `script: line 12: …`), or with `-c` the command. */
  private located(outcome: Outcome): string {
    const error = outcome.error ?? "error: failed";
    if (!error.startsWith("error: ")) return error; // a kshell bug's line names its command already
    const message = error.slice("error: ".length);
    const where = this.options.where === "command" ? (outcome.command === undefined ? "" : `${clip(outcome.command)}: `) : `line ${this.lineNumber}: `;
    return `error: ${message.startsWith(where) ? "" : where}${message}`; // `-c watch`: "watch: missing <group>" names its command already
  }

  private batchFull(): boolean {
    return this.session.batches.commitDue() || this.held.bytes >= OUTPUT_PENDING_BYTES_MAX;
  }

  /** Syncs the batch's journal records, then shows its output; false if the sync failed (the batch was undone, its output dropped). */
  commit(): boolean {
    const lost = this.session.commit();
    if (lost !== undefined) return this.settle(lost);
    this.held.release();
    this.heldFrom = 0;
    return true;
  }

  private interrupted(): boolean {
    return this.options.signal?.aborted === true;
  }

  status(): number {
    if (this.interrupted()) {
      this.out.error("kshell: interrupted\n");
      return INTERRUPTED_STATUS;
    }
    return this.bug ?? (this.failed ? 1 : 0);
  }
}

function clip(command: string): string {
  return command.length <= ERROR_COMMAND_CHARS_MAX ? command : `${command.slice(0, ERROR_COMMAND_CHARS_MAX - 1)}…`;
}

/** The output of a batch of commands, held until their journal records are synced: then released in order, or dropped. */
class HeldOutput {
  private runs: { error: boolean; text: string }[] = [];
  bytes = 0;

  constructor(private readonly out: Output) {}

  write(text: string): void {
    this.put(false, text);
  }

  error(text: string): void {
    this.put(true, text);
  }

  release(): void {
    for (const run of this.runs) {
      if (run.error) this.out.error(run.text);
      else this.out.write(run.text);
    }
    this.drop();
  }

  drop(): void {
    this.runs = [];
    this.bytes = 0;
  }

  private put(error: boolean, text: string): void {
    const last = this.runs.at(-1);
    if (last?.error === error) last.text += text;
    else this.runs.push({ error, text });
    this.bytes += text.length;
  }
}

/** Waits for a long command, showing its progress meanwhile where the output has a progress line. */
async function withProgress(session: Session, pending: Promise<void>, out: Output): Promise<void> {
  const show = out.progress;
  if (show === undefined) return pending;
  const timer = setInterval(() => show(session.progress()), PROGRESS_REFRESH_MS);
  try {
    await pending;
  } finally {
    clearInterval(timer);
    show(undefined);
  }
}
