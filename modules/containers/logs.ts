// Container logs: a fixed ring of CONTAINER_LOG_LINES_MAX lines per container slot (times and
// texts at capacity, allocated once), kept across restarts as `docker logs` keeps them; the oldest
// line goes when a ring is full. Periodic lines of a running workload are written when its run is
// settled (runtime.ts); a read adds those not yet written without changing anything (pending).

import { CONTAINER_COUNT_MAX, CONTAINER_LOG_LINES_MAX } from "../../src/limits.js";
import type { LogLine } from "./types.js";

export class LogRings {
  readonly capacity = CONTAINER_LOG_LINES_MAX;
  private readonly times = new Float64Array(CONTAINER_COUNT_MAX * CONTAINER_LOG_LINES_MAX);
  private readonly texts: string[] = new Array<string>(CONTAINER_COUNT_MAX * CONTAINER_LOG_LINES_MAX).fill("");
  private readonly heads = new Uint16Array(CONTAINER_COUNT_MAX);
  private readonly counts = new Uint16Array(CONTAINER_COUNT_MAX);

  write(slot: number, timeMs: number, text: string): void {
    const base = slot * CONTAINER_LOG_LINES_MAX;
    let cell: number;
    if (this.counts[slot] === CONTAINER_LOG_LINES_MAX) {
      cell = this.heads[slot]!;
      this.heads[slot] = (cell + 1) % CONTAINER_LOG_LINES_MAX;
    } else {
      cell = (this.heads[slot]! + this.counts[slot]!) % CONTAINER_LOG_LINES_MAX;
      this.counts[slot]!++;
    }
    this.times[base + cell] = timeMs;
    this.texts[base + cell] = text;
  }

  /** The kept lines, oldest first. */
  lines(slot: number): LogLine[] {
    const base = slot * CONTAINER_LOG_LINES_MAX;
    const result: LogLine[] = [];
    for (let i = 0; i < this.counts[slot]!; i++) {
      const cell = base + ((this.heads[slot]! + i) % CONTAINER_LOG_LINES_MAX);
      result.push({ timeMs: this.times[cell]!, text: this.texts[cell]! });
    }
    return result;
  }

  clear(slot: number): void {
    const base = slot * CONTAINER_LOG_LINES_MAX;
    this.times.fill(0, base, base + CONTAINER_LOG_LINES_MAX);
    this.texts.fill("", base, base + CONTAINER_LOG_LINES_MAX);
    this.heads[slot] = 0;
    this.counts[slot] = 0;
  }

  toJSON(slot: number): LogLine[] {
    return this.lines(slot);
  }

  restore(slot: number, lines: readonly LogLine[]): void {
    this.clear(slot);
    for (const line of lines) this.write(slot, line.timeMs, line.text);
  }
}
