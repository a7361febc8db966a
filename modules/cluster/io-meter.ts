// Client IO through the cluster: totals, and a per-second window of the last IO_RATE_SECONDS of
// simulated time for rates and sparklines (cluster status, the dashboard).

import { IO_RATE_SECONDS } from "../../src/limits.js";

export class IoMeter {
  private readonly totals = new Float64Array(4); // reads, writes, bytes read, bytes written
  private readonly window = new Float64Array(IO_RATE_SECONDS * 2); // per second: ops, bytes
  private newestSecond = 0;

  count(kind: "read" | "write", bytes: number, nowMs: number): void {
    this.totals[kind === "read" ? 0 : 1]!++;
    this.totals[kind === "read" ? 2 : 3]! += bytes;
    const second = Math.floor(nowMs / 1000);
    for (let s = Math.max(this.newestSecond + 1, second - IO_RATE_SECONDS + 1); s <= second; s++) this.window.fill(0, (s % IO_RATE_SECONDS) * 2, (s % IO_RATE_SECONDS) * 2 + 2);
    this.newestSecond = Math.max(this.newestSecond, second);
    this.window[(second % IO_RATE_SECONDS) * 2]!++;
    this.window[(second % IO_RATE_SECONDS) * 2 + 1]! += bytes;
  }

  /** [ops, bytes] of second `s`, zero when outside the window. */
  private at(s: number): [number, number] {
    const fresh = s >= 0 && s <= this.newestSecond && s > this.newestSecond - IO_RATE_SECONDS;
    return fresh ? [this.window[(s % IO_RATE_SECONDS) * 2]!, this.window[(s % IO_RATE_SECONDS) * 2 + 1]!] : [0, 0];
  }

  /** Operations per second for each of the last IO_RATE_SECONDS seconds, oldest first. */
  history(nowMs: number): number[] {
    const now = Math.floor(nowMs / 1000);
    return Array.from({ length: IO_RATE_SECONDS }, (_, i) => this.at(now - IO_RATE_SECONDS + 1 + i)[0]);
  }

  /** Totals, and average rates over the last IO_RATE_SECONDS seconds. */
  stats(nowMs: number): { reads: number; writes: number; bytesRead: number; bytesWritten: number; opsPerSecond: number; bytesPerSecond: number } {
    const now = Math.floor(nowMs / 1000);
    let ops = 0;
    let bytes = 0;
    for (let s = now - IO_RATE_SECONDS + 1; s <= now; s++) {
      const [o, b] = this.at(s);
      ops += o;
      bytes += b;
    }
    const [reads, writes, bytesRead, bytesWritten] = this.totals;
    return { reads: reads!, writes: writes!, bytesRead: bytesRead!, bytesWritten: bytesWritten!, opsPerSecond: ops / IO_RATE_SECONDS, bytesPerSecond: bytes / IO_RATE_SECONDS };
  }

  toJSON(): number[] {
    return [...Array.from(this.totals), this.newestSecond, ...Array.from(this.window)];
  }

  restore(saved: readonly number[]): void {
    this.totals.set(saved.slice(0, 4));
    this.newestSecond = saved[4] ?? 0;
    this.window.set(saved.slice(5, 5 + IO_RATE_SECONDS * 2));
  }
}
