// A progress line for work that may take a while (syncing chunks at save, replaying a journal):
// nothing at all if it ends within a second; past that, a line on stderr, rewritten in place on
// a terminal (at most ten times a second) and written once at the end otherwise. stdout stays
// exactly what the commands print, so scripts and golden transcripts do not see it.

import { PROGRESS_AFTER_MS } from "../src/limits.js";

const REDRAW_MS = 100;

export class Progress {
  private readonly startedMs = performance.now();
  private shownMs = -Infinity;
  private lastLine: string | undefined;

  constructor(
    private readonly label: string,
    private readonly unit: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number): void {
    const now = performance.now();
    if (now - this.startedMs < PROGRESS_AFTER_MS) return;
    this.lastLine = `${this.label}: ${done} of ${total} ${this.unit}`;
    if (this.stream.isTTY !== true || now - this.shownMs < REDRAW_MS) return;
    this.shownMs = now;
    this.stream.write(`\r${this.lastLine}\x1b[K`);
  }

  /** Ends the line (if one was shown) with how long it took. */
  finish(): void {
    if (this.lastLine === undefined) return;
    const seconds = ((performance.now() - this.startedMs) / 1000).toFixed(1);
    this.stream.write(`${this.stream.isTTY === true ? "\r" : ""}${this.lastLine}, done in ${seconds} s${this.stream.isTTY === true ? "\x1b[K" : ""}\n`);
  }
}
