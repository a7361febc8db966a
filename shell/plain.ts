// The plain runner, for piped input, `kshell run file` and `kshell -c`: never Ink, never colour
// unless asked for, one command line at a time. Output goes to stdout, one error line per failed
// command to stderr, both through one ordered writer (so `2>&1` shows them as they happened, and
// nothing is lost at exit). The first failure stops the script with exit 1 unless --keep-going, which
// runs on and exits 1 at the end. An interrupt (SIGINT) stops a long command after its current
// step, shows what it did, and ends the script with exit 130, as shells do. A kernel bug (the
// session undid the command it stopped) ends the script at once with exit 70, --keep-going or not.

import { OUTPUT_PENDING_BYTES_MAX } from "../src/limits.js";
import { BUG_STATUS } from "./session-outcome.js";
import type { Session } from "./session.js";

export interface PlainOptions {
  readonly keepGoing: boolean;
  readonly echo: boolean;
  readonly signal?: AbortSignal; // aborted by SIGINT: run no further line
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
 * writer is idle, so a command's acknowledgement is never held back; behind a slow reader runs
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
const YIELD_AFTER_MS = 50; // commands run back to back this long, then the event loop gets a turn

/**
 * Lines already read run synchronously one after another; past YIELD_AFTER_MS the event loop gets
 * a turn, so what they printed reaches the reader (an acknowledgement is never held back behind
 * the next command) and Ctrl-C is heard, without paying a turn per line on a script of fast ones.
 */
function turnTaker(): () => Promise<void> | undefined {
  let sinceMs = performance.now();
  return () => {
    if (performance.now() - sinceMs < YIELD_AFTER_MS) return undefined;
    return new Promise((resolve) =>
      setImmediate(() => {
        sinceMs = performance.now();
        resolve();
      }),
    );
  };
}

/** Runs every line; returns the exit status (0 all succeeded, 1 a command failed, 70 a kernel bug, 74 an unwritable state directory, 130 interrupted). */
export async function runPlain(session: Session, lines: AsyncIterable<string> | Iterable<string>, options: PlainOptions, out: Output): Promise<number> {
  let failed = false;
  let bug: number | undefined; // the exit status of what stopped the script undone
  let stop = false;
  const interrupted = () => options.signal?.aborted === true;
  const turn = turnTaker();
  for await (const line of lines) {
    if (interrupted()) break;
    if (options.echo && line.trim() !== "") out.write(`> ${line}\n`);
    const pending = session.executeEach(line, (outcome) => {
      if (outcome.lines.length > 0) out.write(`${outcome.lines.join("\n")}\n`);
      if (!outcome.ok) {
        out.error(`${outcome.error}\n`);
        failed = true;
        if (outcome.bug === true) bug ??= outcome.status ?? BUG_STATUS;
        stop = !options.keepGoing || bug !== undefined;
      }
      stop ||= outcome.exit === true || outcome.interrupted === true;
      return !stop;
    });
    if (pending !== undefined) await withProgress(session, pending, out); // only a long command makes the runner wait
    if (stop) break;
    const behind = out.ready?.();
    if (behind !== undefined) await behind; // a slow reader: run no further until it catches up
    const waiting = turn();
    if (waiting !== undefined) await waiting;
  }
  if (interrupted()) {
    out.error("kshell: interrupted\n");
    return INTERRUPTED_STATUS;
  }
  return bug ?? (failed ? 1 : 0);
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
