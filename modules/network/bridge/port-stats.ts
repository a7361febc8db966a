// Per-port packet counters and the bridge's totals, like `ip -s link`: one Float64Array row of
// COUNTER_COUNT counters per port, and one more row for the bridge as a whole that keeps counting
// across detaches (a port's row starts again at zero when the port is attached anew).

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
export const BRIDGE_ROW = BRIDGE_PORT_MAX; // the totals

/** The counter index of a drop reason. */
export const dropCounter = (reason: DropReason): number => FIRST_DROP + DROP_REASONS.indexOf(reason);

export class PortCounters {
  readonly values = new Float64Array((BRIDGE_PORT_MAX + 1) * COUNTER_COUNT);

  /** Adds `amount` to a port's counter and to the bridge's. */
  add(port: number, counter: number, amount: number): void {
    this.values[port * COUNTER_COUNT + counter]! += amount;
    this.values[BRIDGE_ROW * COUNTER_COUNT + counter]! += amount;
  }

  clearPort(port: number): void {
    this.values.fill(0, port * COUNTER_COUNT, (port + 1) * COUNTER_COUNT);
  }

  /** A row as named counters (`row` is a port, or BRIDGE_ROW for the totals). */
  read(row: number): PortStats {
    const base = row * COUNTER_COUNT;
    const value = (counter: number): number => this.values[base + counter]!;
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
}
