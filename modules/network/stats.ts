// NetworkPacketStats: counters per interface, like `ip -s link` (rx/tx packets and bytes,
// broadcasts, floods, drops by reason), in one Float64Array of INTERFACE_COUNT_MAX rows, plus a
// per-second history of rx and tx bytes over the last STATS_HISTORY_SECONDS for the live pane's
// sparklines. A network's figures are the sum of its interfaces' and its own (drops that belong to
// no interface: a frame the router found no route for). Counters persist; the history does not.

import { INTERFACE_COUNT_MAX, NETWORK_COUNT_MAX, STATS_HISTORY_SECONDS } from "../../src/limits.js";
import { DROP_REASONS, type DropReason } from "./types.js";

const COUNTER_NAMES = ["rxPackets", "rxBytes", "txPackets", "txBytes", "broadcasts", "floods", ...DROP_REASONS.map((reason) => `drop:${reason}`)] as const;
export type CounterName = "rxPackets" | "rxBytes" | "txPackets" | "txBytes" | "broadcasts" | "floods";

const WIDTH = COUNTER_NAMES.length;
const FIRST_DROP = 6;

export interface PacketStats {
  readonly rxPackets: number;
  readonly rxBytes: number;
  readonly txPackets: number;
  readonly txBytes: number;
  readonly broadcasts: number;
  readonly floods: number;
  readonly drops: Readonly<Record<DropReason, number>>;
}

export class PacketCounters {
  private readonly interfaces = new Float64Array(INTERFACE_COUNT_MAX * WIDTH);
  private readonly networks = new Float64Array(NETWORK_COUNT_MAX * WIDTH);
  private readonly rxHistory = new Float64Array(INTERFACE_COUNT_MAX * STATS_HISTORY_SECONDS);
  private readonly txHistory = new Float64Array(INTERFACE_COUNT_MAX * STATS_HISTORY_SECONDS);
  private readonly historySecond = new Float64Array(INTERFACE_COUNT_MAX * STATS_HISTORY_SECONDS).fill(-1); // which second each cell holds

  count(slot: number, name: CounterName, amount = 1): void {
    this.interfaces[slot * WIDTH + COUNTER_NAMES.indexOf(name)]! += amount;
  }

  /** A frame received (rx) or sent (tx) by interface `slot`: packets, bytes and the history. */
  frame(slot: number, direction: "rx" | "tx", bytes: number, nowMs: number): void {
    const base = slot * WIDTH + (direction === "rx" ? 0 : 2);
    this.interfaces[base]! += 1;
    this.interfaces[base + 1]! += bytes;
    const second = Math.floor(nowMs / 1000);
    const cell = slot * STATS_HISTORY_SECONDS + (second % STATS_HISTORY_SECONDS);
    if (this.historySecond[cell] !== second) {
      this.historySecond[cell] = second;
      this.rxHistory[cell] = 0;
      this.txHistory[cell] = 0;
    }
    (direction === "rx" ? this.rxHistory : this.txHistory)[cell]! += bytes;
  }

  drop(slot: number, reason: DropReason, amount = 1): void {
    this.interfaces[slot * WIDTH + FIRST_DROP + DROP_REASONS.indexOf(reason)]! += amount;
  }

  /** A drop no interface owns (the router's), counted on the network. */
  networkDrop(network: number, reason: DropReason, amount = 1): void {
    this.networks[network * WIDTH + FIRST_DROP + DROP_REASONS.indexOf(reason)]! += amount;
  }

  ofInterface(slot: number): PacketStats {
    return statsOf(this.interfaces.subarray(slot * WIDTH, (slot + 1) * WIDTH));
  }

  /** A network's figures: its interfaces' summed, and its own drops. */
  ofNetwork(network: number, interfaceSlots: readonly number[]): PacketStats {
    const sum = new Float64Array(this.networks.subarray(network * WIDTH, (network + 1) * WIDTH));
    for (const slot of interfaceSlots) for (let i = 0; i < WIDTH; i++) sum[i]! += this.interfaces[slot * WIDTH + i]!;
    return statsOf(sum);
  }

  /** Bytes received and sent per second over the last `seconds` (oldest first), for sparklines. */
  history(slot: number, nowMs: number, seconds: number): { rx: number[]; tx: number[] } {
    const now = Math.floor(nowMs / 1000);
    const rx: number[] = [];
    const tx: number[] = [];
    for (let second = now - Math.min(seconds, STATS_HISTORY_SECONDS) + 1; second <= now; second++) {
      const cell = slot * STATS_HISTORY_SECONDS + (((second % STATS_HISTORY_SECONDS) + STATS_HISTORY_SECONDS) % STATS_HISTORY_SECONDS);
      const live = this.historySecond[cell] === second;
      rx.push(live ? this.rxHistory[cell]! : 0);
      tx.push(live ? this.txHistory[cell]! : 0);
    }
    return { rx, tx };
  }

  clearInterface(slot: number): void {
    this.interfaces.fill(0, slot * WIDTH, (slot + 1) * WIDTH);
    this.rxHistory.fill(0, slot * STATS_HISTORY_SECONDS, (slot + 1) * STATS_HISTORY_SECONDS);
    this.txHistory.fill(0, slot * STATS_HISTORY_SECONDS, (slot + 1) * STATS_HISTORY_SECONDS);
    this.historySecond.fill(-1, slot * STATS_HISTORY_SECONDS, (slot + 1) * STATS_HISTORY_SECONDS);
  }

  clearNetwork(network: number): void {
    this.networks.fill(0, network * WIDTH, (network + 1) * WIDTH);
  }

  interfaceToJSON(slot: number): number[] {
    return [...this.interfaces.subarray(slot * WIDTH, (slot + 1) * WIDTH)];
  }

  networkToJSON(network: number): number[] {
    return [...this.networks.subarray(network * WIDTH, (network + 1) * WIDTH)];
  }

  restoreInterface(slot: number, counters: readonly number[]): void {
    this.interfaces.set(counters.slice(0, WIDTH), slot * WIDTH);
  }

  restoreNetwork(network: number, counters: readonly number[]): void {
    this.networks.set(counters.slice(0, WIDTH), network * WIDTH);
  }
}

export const COUNTER_COUNT = WIDTH;

function statsOf(row: Float64Array): PacketStats {
  const drops = Object.fromEntries(DROP_REASONS.map((reason, i) => [reason, row[FIRST_DROP + i]!])) as Record<DropReason, number>;
  return { rxPackets: row[0]!, rxBytes: row[1]!, txPackets: row[2]!, txBytes: row[3]!, broadcasts: row[4]!, floods: row[5]!, drops };
}
