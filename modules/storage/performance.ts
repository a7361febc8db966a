// Performance events per volume, written to the audit trail through the kernel's PerformanceSink:
// QoS throttling started and ended, and IO latency over VOLUME_LATENCY_WARN_MS and back under.
// Each is recorded once per transition (one flag per volume and kind), so a stream of throttled
// IO writes two entries, not one per IO; the IO path pays two comparisons.

import { VOLUME_COUNT_MAX, VOLUME_LATENCY_WARN_MS } from "../../src/limits.js";
import type { PerformanceSink } from "../../src/ports.js";

const THROTTLED = 1;
const SLOW = 2;

export class VolumePerformance {
  private readonly flags = new Uint8Array(VOLUME_COUNT_MAX);

  constructor(
    private readonly sink: PerformanceSink | undefined,
    private readonly nameOf: (slot: number) => string,
  ) {}

  /** Called once per IO with its whole latency and the part of it QoS made it wait. */
  observe(slot: number, latencyMs: number, throttledMs: number): void {
    const flags = (throttledMs > 0 ? THROTTLED : 0) | (latencyMs > VOLUME_LATENCY_WARN_MS ? SLOW : 0);
    const changed = flags ^ this.flags[slot]!;
    if (changed === 0) return;
    this.flags[slot] = flags;
    if (this.sink === undefined) return;
    const object = `vol/${this.nameOf(slot)}`;
    if (changed & THROTTLED) {
      this.sink.record(flags & THROTTLED
        ? { action: "vol.qos.throttle.start", object, message: `QoS throttling started: an IO waited ${throttledMs.toFixed(1)} ms for tokens` }
        : { action: "vol.qos.throttle.end", object, message: "QoS throttling ended: IO passes without waiting" });
    }
    if (changed & SLOW) {
      this.sink.record(flags & SLOW
        ? { action: "vol.latency.high", object, warning: true, message: `IO latency ${latencyMs.toFixed(1)} ms is over ${VOLUME_LATENCY_WARN_MS} ms (VOLUME_LATENCY_WARN_MS)` }
        : { action: "vol.latency.normal", object, message: `IO latency back under ${VOLUME_LATENCY_WARN_MS} ms (${latencyMs.toFixed(1)} ms)` });
    }
  }

  clear(slot: number): void {
    this.flags[slot] = 0;
  }

  toJSON(slot: number): number {
    return this.flags[slot]!;
  }

  restore(slot: number, flags: number | undefined): void {
    this.flags[slot] = flags ?? 0;
  }
}
