// QoS per volume: token buckets for IOPS and bandwidth (like virsh blkdeviotune: a rate and a
// burst, `*-max`). An IO takes one IOPS token and its length in bandwidth tokens; when a bucket
// runs short the IO waits, in simulated time, until it would have refilled, and the wait counts
// as a throttle event. Buckets refill with simulated time only.

import { VOLUME_COUNT_MAX } from "../../src/limits.js";

export interface QosLimits {
  readonly iops: number; // 0 = unlimited
  readonly bandwidthBytesPerSecond: number; // 0 = unlimited
  readonly iopsBurst: number; // bucket size; 0 = one second's worth
  readonly bandwidthBurst: number;
}

/** A volume's QoS in state.json: its limits and, since they were saved, its buckets (a clean exit keeps a debt, as a journal replay does). */
export interface SavedQos extends QosLimits {
  readonly iopsTokens?: number;
  readonly bandwidthTokens?: number;
  readonly refilledMs?: number;
}

export class VolumeQos {
  private readonly iops = new Float64Array(VOLUME_COUNT_MAX);
  private readonly bandwidth = new Float64Array(VOLUME_COUNT_MAX);
  private readonly iopsBurst = new Float64Array(VOLUME_COUNT_MAX);
  private readonly bandwidthBurst = new Float64Array(VOLUME_COUNT_MAX);
  private readonly iopsTokens = new Float64Array(VOLUME_COUNT_MAX);
  private readonly bandwidthTokens = new Float64Array(VOLUME_COUNT_MAX);
  private readonly refilledMs = new Float64Array(VOLUME_COUNT_MAX);

  set(slot: number, limits: QosLimits, nowMs: number): void {
    this.iops[slot] = limits.iops;
    this.bandwidth[slot] = limits.bandwidthBytesPerSecond;
    this.iopsBurst[slot] = limits.iopsBurst || limits.iops;
    this.bandwidthBurst[slot] = limits.bandwidthBurst || limits.bandwidthBytesPerSecond;
    this.iopsTokens[slot] = this.iopsBurst[slot]!;
    this.bandwidthTokens[slot] = this.bandwidthBurst[slot]!;
    this.refilledMs[slot] = nowMs;
  }

  limits(slot: number): QosLimits {
    return { iops: this.iops[slot]!, bandwidthBytesPerSecond: this.bandwidth[slot]!, iopsBurst: this.iopsBurst[slot]!, bandwidthBurst: this.bandwidthBurst[slot]! };
  }

  clear(slot: number): void {
    this.set(slot, { iops: 0, bandwidthBytesPerSecond: 0, iopsBurst: 0, bandwidthBurst: 0 }, 0);
  }

  /** Takes the tokens for one IO of `bytes` at `nowMs`; returns how long it must wait (ms). */
  admit(slot: number, bytes: number, nowMs: number): number {
    const elapsedSeconds = Math.max(0, nowMs - this.refilledMs[slot]!) / 1000;
    this.refilledMs[slot] = nowMs;
    const waitIops = take(this.iopsTokens, this.iopsBurst[slot]!, this.iops[slot]!, slot, 1, elapsedSeconds);
    const waitBandwidth = take(this.bandwidthTokens, this.bandwidthBurst[slot]!, this.bandwidth[slot]!, slot, bytes, elapsedSeconds);
    const waitMs = Math.max(waitIops, waitBandwidth);
    if (waitMs > 0) this.refilledMs[slot] = nowMs + waitMs; // the debt is paid off by the wait
    return waitMs;
  }

  toJSON(slot: number): SavedQos {
    return { ...this.limits(slot), iopsTokens: this.iopsTokens[slot]!, bandwidthTokens: this.bandwidthTokens[slot]!, refilledMs: this.refilledMs[slot]! };
  }

  /** The saved limits, and the buckets as they were (full from `nowMs` in files from before buckets were saved). */
  restore(slot: number, saved: SavedQos, nowMs: number): void {
    this.set(slot, saved, nowMs);
    this.iopsTokens[slot] = Math.min(saved.iopsTokens ?? Infinity, this.iopsBurst[slot]!);
    this.bandwidthTokens[slot] = Math.min(saved.bandwidthTokens ?? Infinity, this.bandwidthBurst[slot]!);
    this.refilledMs[slot] = saved.refilledMs ?? nowMs;
  }
}

/** Refills then spends `amount` tokens; the wait in ms if the bucket went into debt. */
function take(tokens: Float64Array, burst: number, rate: number, slot: number, amount: number, elapsedSeconds: number): number {
  if (rate === 0) return 0;
  const available = Math.min(burst, tokens[slot]! + elapsedSeconds * rate) - amount;
  if (available >= 0) {
    tokens[slot] = available;
    return 0;
  }
  tokens[slot] = 0;
  return (-available / rate) * 1000;
}
