// The progress line of work that can take seconds (replaying the journal at start, syncing the
// chunks a save names): nothing if it ends within PROGRESS_AFTER_MS; past that, on a terminal, one
// line on stderr redrawn in place ("replaying journal: 512 of 1024 MiB"), and into a pipe or a
// file one final line when it ends. Never on stdout, so transcripts stay byte-identical.
//
// Typical sequence: new ProgressLine(sink) as the work starts; show(text) as it goes; finish()
// once it is done, or abandon() when it stopped on an error.

import { PROGRESS_AFTER_MS } from "../src/limits.js";
import { formatDuration } from "../src/units.js";

/** Where the progress line goes: stderr, and whether it is a terminal. */
export interface ProgressSink {
  readonly tty: boolean;
  write(text: string): void;
  readonly nowMs?: () => number; // the wall clock; injectable for tests
  readonly afterMs?: number; // work shorter than this shows nothing; PROGRESS_AFTER_MS unless a test forces the line on (0)
}

const REDRAW_MS = 100; // a terminal's line is redrawn at most this often

export class ProgressLine {
  private readonly nowMs: () => number;
  private readonly startMs: number;
  private readonly afterMs: number;
  private drawnMs: number | undefined; // when the terminal's line was last drawn, if it was
  private text = "";

  constructor(private readonly sink: ProgressSink) {
    this.nowMs = sink.nowMs ?? (() => performance.now());
    this.startMs = this.nowMs();
    this.afterMs = sink.afterMs ?? PROGRESS_AFTER_MS;
  }

  /** Where the work is, as the line says it ("replaying journal: 512 of 1024 MiB"). */
  show(text: string): void {
    this.text = text;
    if (!this.sink.tty) return;
    const now = this.nowMs();
    if (now - this.startMs < this.afterMs || (this.drawnMs !== undefined && now - this.drawnMs < REDRAW_MS)) return;
    this.drawnMs = now;
    this.sink.write(`\r${this.text}\x1b[K`);
  }

  /** The work is done: the last line stays (with the time it took) if it took over a second. */
  finish(): void {
    const tookMs = this.nowMs() - this.startMs;
    if (tookMs < this.afterMs || this.text === "") return this.abandon(); // nothing was said of the work (an empty journal): nothing to leave
    const line = `${this.text} in ${formatDuration(tookMs)}`;
    this.sink.write(this.sink.tty ? `\r${line}\x1b[K\n` : `${line}\n`);
  }

  /** The work stopped (an error follows on stderr): a line drawn in place is cleared for it. */
  abandon(): void {
    if (this.drawnMs !== undefined) this.sink.write("\r\x1b[K");
  }
}
