// The plain runner, for piped input, `kshell run file` and `kshell -c`: never Ink, never colour
// unless asked for, one command line at a time. Output goes to stdout, one error line per failed
// command to stderr. The first failure stops the script with exit 1 unless --keep-going, which
// runs on and exits 1 at the end. An interrupt (SIGINT) stops a long command after its current
// step, shows what it did, and ends the script with exit 130, as shells do.

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
}

const FLUSH_BYTES = 64 * 1024;
const PROGRESS_REFRESH_MS = 500;

/**
 * Standard output, buffered while lines that have already arrived are being run, and flushed
 * before every error line (so order holds), at FLUSH_BYTES, and whenever the runner waits for
 * input (setImmediate runs then), so a command's acknowledgement is never held back.
 */
export function processOutput(): Output & { flush(): void } {
  let buffer = "";
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (buffer !== "") process.stdout.write(buffer);
    buffer = "";
  };
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= FLUSH_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    error(text) {
      flush();
      process.stderr.write(text);
    },
    // One line on a terminal's stderr, redrawn in place; never into a pipe or a file.
    progress: process.stderr.isTTY ? (text) => process.stderr.write(`\r${text ?? ""}\x1b[K`) : undefined,
    flush,
  };
}

/** Runs every line; returns the exit status (0 all succeeded, 1 a command failed, 130 interrupted). */
export async function runPlain(session: Session, lines: AsyncIterable<string> | Iterable<string>, options: PlainOptions, out: Output): Promise<number> {
  let failed = false;
  let stop = false;
  const interrupted = () => options.signal?.aborted === true;
  for await (const line of lines) {
    if (interrupted()) break;
    if (options.echo && line.trim() !== "") out.write(`> ${line}\n`);
    const pending = session.executeEach(line, (outcome) => {
      if (outcome.lines.length > 0) out.write(`${outcome.lines.join("\n")}\n`);
      if (!outcome.ok) {
        out.error(`${outcome.error}\n`);
        failed = true;
        stop = !options.keepGoing;
      }
      stop ||= outcome.exit === true || outcome.interrupted === true;
      return !stop;
    });
    if (pending !== undefined) await withProgress(session, pending, out); // only a long command makes the runner wait
    if (stop) break;
  }
  if (interrupted()) {
    out.error("kshell: interrupted\n");
    return INTERRUPTED_STATUS;
  }
  return failed ? 1 : 0;
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
