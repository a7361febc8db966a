// VolumeMetrics: per-volume counters (reads, writes, bytes, throttle events), a latency
// histogram in power-of-two microsecond buckets (for percentiles), and a per-second history of
// operations and bytes over the last STATS_HISTORY_SECONDS of simulated time (for sparklines).

import { LATENCY_BUCKETS, STATS_HISTORY_SECONDS, VOLUME_COUNT_MAX } from "../../src/limits.js";

export interface VolumeStats {
  readonly reads: number;
  readonly writes: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  readonly throttled: number;
  readonly latencyMsP50: number;
  readonly latencyMsP99: number;
  readonly latencyMsMax: number;
}

export class VolumeMetrics {
  private readonly reads = new Float64Array(VOLUME_COUNT_MAX);
  private readonly writes = new Float64Array(VOLUME_COUNT_MAX);
  private readonly bytesRead = new Float64Array(VOLUME_COUNT_MAX);
  private readonly bytesWritten = new Float64Array(VOLUME_COUNT_MAX);
  private readonly throttled = new Float64Array(VOLUME_COUNT_MAX);
  private readonly latencyMax = new Float64Array(VOLUME_COUNT_MAX);
  private readonly latency = new Uint32Array(VOLUME_COUNT_MAX * LATENCY_BUCKETS);
  private readonly historyOps = new Float64Array(VOLUME_COUNT_MAX * STATS_HISTORY_SECONDS);
  private readonly historyBytes = new Float64Array(VOLUME_COUNT_MAX * STATS_HISTORY_SECONDS);
  private readonly historySecond = new Float64Array(VOLUME_COUNT_MAX); // newest second recorded

  record(slot: number, kind: "read" | "write", bytes: number, latencyMs: number, throttled: boolean, nowMs: number): void {
    if (kind === "read") {
      this.reads[slot]!++;
      this.bytesRead[slot]! += bytes;
    } else {
      this.writes[slot]!++;
      this.bytesWritten[slot]! += bytes;
    }
    if (throttled) this.throttled[slot]!++;
    this.latencyMax[slot] = Math.max(this.latencyMax[slot]!, latencyMs);
    const bucket = Math.min(LATENCY_BUCKETS - 1, Math.ceil(Math.log2(Math.max(1, latencyMs * 1000))));
    this.latency[slot * LATENCY_BUCKETS + bucket]!++;
    const index = this.advanceHistory(slot, nowMs);
    this.historyOps[index]!++;
    this.historyBytes[index]! += bytes;
  }

  /** Moves the volume's history to the second of `nowMs`, zeroing seconds that had no IO. */
  private advanceHistory(slot: number, nowMs: number): number {
    const second = Math.floor(nowMs / 1000);
    const base = slot * STATS_HISTORY_SECONDS;
    for (let s = Math.max(this.historySecond[slot]! + 1, second - STATS_HISTORY_SECONDS + 1); s <= second; s++) {
      this.historyOps[base + (s % STATS_HISTORY_SECONDS)] = 0;
      this.historyBytes[base + (s % STATS_HISTORY_SECONDS)] = 0;
    }
    this.historySecond[slot] = Math.max(this.historySecond[slot]!, second);
    return base + (second % STATS_HISTORY_SECONDS);
  }

  /** Operations and bytes per second for the last `seconds` seconds up to `nowMs`, oldest first. */
  history(slot: number, nowMs: number, seconds = STATS_HISTORY_SECONDS): { ops: number[]; bytes: number[] } {
    const now = Math.floor(nowMs / 1000);
    const base = slot * STATS_HISTORY_SECONDS;
    const ops: number[] = [];
    const bytes: number[] = [];
    for (let s = now - seconds + 1; s <= now; s++) {
      const fresh = s >= 0 && s <= this.historySecond[slot]! && s > this.historySecond[slot]! - STATS_HISTORY_SECONDS;
      ops.push(fresh ? this.historyOps[base + (s % STATS_HISTORY_SECONDS)]! : 0);
      bytes.push(fresh ? this.historyBytes[base + (s % STATS_HISTORY_SECONDS)]! : 0);
    }
    return { ops, bytes };
  }

  stats(slot: number): VolumeStats {
    return {
      reads: this.reads[slot]!,
      writes: this.writes[slot]!,
      bytesRead: this.bytesRead[slot]!,
      bytesWritten: this.bytesWritten[slot]!,
      throttled: this.throttled[slot]!,
      latencyMsP50: this.percentile(slot, 0.5),
      latencyMsP99: this.percentile(slot, 0.99),
      latencyMsMax: this.latencyMax[slot]!,
    };
  }

  /** The upper bound of the bucket holding the p-th latency, in ms. */
  private percentile(slot: number, p: number): number {
    const base = slot * LATENCY_BUCKETS;
    let total = 0;
    for (let b = 0; b < LATENCY_BUCKETS; b++) total += this.latency[base + b]!;
    if (total === 0) return 0;
    let seen = 0;
    for (let b = 0; b < LATENCY_BUCKETS; b++) {
      seen += this.latency[base + b]!;
      if (seen >= p * total) return Math.min(2 ** b / 1000, this.latencyMax[slot]!);
    }
    return this.latencyMax[slot]!;
  }

  clear(slot: number): void {
    for (const column of [this.reads, this.writes, this.bytesRead, this.bytesWritten, this.throttled, this.latencyMax, this.historySecond]) column[slot] = 0;
    this.latency.fill(0, slot * LATENCY_BUCKETS, (slot + 1) * LATENCY_BUCKETS);
    this.historyOps.fill(0, slot * STATS_HISTORY_SECONDS, (slot + 1) * STATS_HISTORY_SECONDS);
    this.historyBytes.fill(0, slot * STATS_HISTORY_SECONDS, (slot + 1) * STATS_HISTORY_SECONDS);
  }

  toJSON(slot: number): { counters: number[]; latency: number[] } {
    return {
      counters: [this.reads[slot]!, this.writes[slot]!, this.bytesRead[slot]!, this.bytesWritten[slot]!, this.throttled[slot]!, this.latencyMax[slot]!],
      latency: Array.from(this.latency.subarray(slot * LATENCY_BUCKETS, (slot + 1) * LATENCY_BUCKETS)),
    };
  }

  restore(slot: number, saved: { counters: number[]; latency: number[] }): void {
    const [reads, writes, bytesRead, bytesWritten, throttled, latencyMax] = saved.counters;
    this.reads[slot] = reads ?? 0;
    this.writes[slot] = writes ?? 0;
    this.bytesRead[slot] = bytesRead ?? 0;
    this.bytesWritten[slot] = bytesWritten ?? 0;
    this.throttled[slot] = throttled ?? 0;
    this.latencyMax[slot] = latencyMax ?? 0;
    this.latency.set(saved.latency.slice(0, LATENCY_BUCKETS), slot * LATENCY_BUCKETS);
  }
}
