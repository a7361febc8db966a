// Per-port packet counters and the bridge's totals, like `ip -s link`: one Float64Array row of
// COUNTER_COUNT counters per port, and one more row that keeps what detached ports counted, so the
// totals (that row plus every port's) go on across detaches while a port's row starts again at
// zero when it is attached anew. The hot path writes one row only.

import { BRIDGE_PORT_MAX } from "../../../src/limits.js";
import { DROP_REASONS, type DropReason, type PortStats } from "./types.js";

export const Counter = {
  rxPackets: 0,
  rxBytes: 1,
  txPackets: 2,
  txBytes: 3,
  rxBroadcasts: 4,
  rxMulticasts: 5,
  floods: 6,
  learnRefused: 7,
  macMoves: 8,
} as const;
const FIRST_DROP = 9;
export const COUNTER_COUNT = FIRST_DROP + DROP_REASONS.length;
export const RETIRED_ROW = BRIDGE_PORT_MAX; // what detached ports counted

const DROP_COUNTERS = Object.fromEntries(DROP_REASONS.map((reason, i) => [reason, FIRST_DROP + i])) as Record<DropReason, number>;

/** The counter index of a drop reason. */
export const dropCounter = (reason: DropReason): number => DROP_COUNTERS[reason];

export class PortCounters {
  readonly values = new Float64Array((BRIDGE_PORT_MAX + 1) * COUNTER_COUNT);

  add(port: number, counter: number, amount: number): void {
    this.values[port * COUNTER_COUNT + counter]! += amount;
  }

  /** Moves a detached port's counts into the retired row and zeroes its own. */
  retirePort(port: number): void {
    for (let counter = 0; counter < COUNTER_COUNT; counter++) this.values[RETIRED_ROW * COUNTER_COUNT + counter]! += this.values[port * COUNTER_COUNT + counter]!;
    this.values.fill(0, port * COUNTER_COUNT, (port + 1) * COUNTER_COUNT);
  }

  /** The bridge's totals: the retired row plus every port's. */
  totals(): PortStats {
    const sum = new Float64Array(COUNTER_COUNT);
    for (let row = 0; row <= RETIRED_ROW; row++) for (let counter = 0; counter < COUNTER_COUNT; counter++) sum[counter]! += this.values[row * COUNTER_COUNT + counter]!;
    return statsOf(sum, 0);
  }

  /** A row's raw counters (a port, or the retired row at BRIDGE_PORT_MAX), for the saved form. */
  rawRow(row: number): number[] {
    return [...this.values.subarray(row * COUNTER_COUNT, (row + 1) * COUNTER_COUNT)];
  }

  setRawRow(row: number, counters: readonly number[]): void {
    this.values.set(counters.slice(0, COUNTER_COUNT), row * COUNTER_COUNT);
  }

  /** A port's row as named counters. */
  read(port: number): PortStats {
    return statsOf(this.values, port * COUNTER_COUNT);
  }
}

function statsOf(values: Float64Array, base: number): PortStats {
  const value = (counter: number): number => values[base + counter]!;
  const drops = Object.fromEntries(DROP_REASONS.map((reason) => [reason, value(dropCounter(reason))])) as Record<DropReason, number>;
  return {
    rxPackets: value(Counter.rxPackets),
    rxBytes: value(Counter.rxBytes),
    txPackets: value(Counter.txPackets),
    txBytes: value(Counter.txBytes),
    rxBroadcasts: value(Counter.rxBroadcasts),
    rxMulticasts: value(Counter.rxMulticasts),
    floods: value(Counter.floods),
    learnRefused: value(Counter.learnRefused),
    macMoves: value(Counter.macMoves),
    drops,
  };
}
