// The progress line of replaying the journal at start, which a journal of large writes can make
// take seconds: nothing if replay ends within a second; past that, on a terminal, one line on
// stderr redrawn in place ("replaying journal: 512 of 1024 MiB"), and into a pipe or a file one
// final line when it ends. Never on stdout, so transcripts stay byte-identical.
//
// Typical sequence: new ReplayProgress(sink) as replay starts; show(...) as records are checked
// and replayed; finish() once it is done, or abandon() when it stopped on an error.

/** Where the progress line goes: stderr, and whether it is a terminal. */
export interface ProgressSink {
  readonly tty: boolean;
  write(text: string): void;
  readonly nowMs?: () => number; // the wall clock; injectable for tests
}

const SHOW_AFTER_MS = 1000; // work that ends sooner says nothing
const REDRAW_MS = 100; // a terminal's line is redrawn at most this often

const MiB = 1024 ** 2;

export class ReplayProgress {
  private readonly nowMs: () => number;
  private readonly startMs: number;
  private drawnMs: number | undefined; // when the terminal's line was last drawn, if it was
  private text = "";

  constructor(private readonly sink: ProgressSink) {
    this.nowMs = sink.nowMs ?? (() => performance.now());
    this.startMs = this.nowMs();
  }

  /** Where the work is: `phase` ("checking", "replaying"), bytes of the journal's total and records of its count. */
  show(phase: string, bytes: number, total: number, records: string): void {
    this.text = `${phase} journal: ${Math.round(bytes / MiB)} of ${Math.round(total / MiB)} MiB${records}`;
    if (!this.sink.tty) return;
    const now = this.nowMs();
    if (now - this.startMs < SHOW_AFTER_MS || (this.drawnMs !== undefined && now - this.drawnMs < REDRAW_MS)) return;
    this.drawnMs = now;
    this.sink.write(`\r${this.text}\x1b[K`);
  }

  /** The work is done: the last line stays (with the time it took) if it took over a second. */
  finish(): void {
    const tookMs = this.nowMs() - this.startMs;
    if (tookMs < SHOW_AFTER_MS) return this.abandon();
    const line = `${this.text} in ${(tookMs / 1000).toFixed(1)} s`;
    this.sink.write(this.sink.tty ? `\r${line}\x1b[K\n` : `${line}\n`);
  }

  /** The work stopped (an error follows on stderr): a line drawn in place is cleared for it. */
  abandon(): void {
    if (this.drawnMs !== undefined) this.sink.write("\r\x1b[K");
  }
}
