// A bridge's part of state.json: its ports (mode, isolation, link, policer and bucket, counters),
// declared VLANs, ageing time, the counts of detached ports, and its FDB entries with their ages.
// restore() rebuilds through the same calls a user makes (attach, addVlan), so a saved form that
// breaks a relation (an entry on a port that does not carry its VLAN) fails as that call would;
// the schema below bounds every field, for the network subsystem's snapshot schema to embed.

import * as v from "valibot";
import { fail } from "../../../src/errors.js";
import { BRIDGE_PORT_MAX, CLOCK_MS_MAX, FDB_AGING_MS_MAX, FDB_AGING_MS_MIN, FDB_ENTRY_MAX, POLICE_BURST_BYTES_MAX, POLICE_RATE_BPS_MAX, VLAN_COUNT_MAX, VLAN_ID_MAX } from "../../../src/limits.js";
import { count, int, list, object, time } from "../../../src/table/checks.js";
import { COUNTER_COUNT } from "./port-stats.js";
import type { PortMode } from "./types.js";

export interface SavedPort {
  readonly port: number;
  readonly mode: PortMode;
  readonly isolated: boolean;
  readonly linkUp: boolean;
  readonly police: { readonly rateBps: number; readonly burstBytes: number; readonly tokens: number; readonly refilledMs: number } | undefined;
  readonly counters: readonly number[];
}

/** One FDB entry: [MAC, VLAN, port, flags (1 static, 2 sticky), last seen ms]. */
export type SavedFdbEntry = readonly [number, number, number, number, number];

export interface SavedBridge {
  readonly agingMs: number;
  readonly declaredVlans: readonly number[];
  readonly ports: readonly SavedPort[];
  readonly retiredCounters: readonly number[];
  readonly fdb: readonly SavedFdbEntry[];
}

const vlanId = int(1, VLAN_ID_MAX, `a VLAN id 1..${VLAN_ID_MAX}`);
const vlanList = list(vlanId, VLAN_COUNT_MAX, "VLAN_COUNT_MAX");
const port = int(0, BRIDGE_PORT_MAX - 1, `a port 0..${BRIDGE_PORT_MAX - 1} (BRIDGE_PORT_MAX)`);
const counters = v.pipe(v.array(count, "a list"), v.length(COUNTER_COUNT, `${COUNTER_COUNT} counters`));
const mode = v.union([object({ mode: v.literal("access"), vlan: vlanId }), object({ mode: v.literal("trunk"), allowed: vlanList, pvid: v.optional(vlanId) })], "an access or trunk port mode");
const police = object({ rateBps: int(1, POLICE_RATE_BPS_MAX), burstBytes: int(1, POLICE_BURST_BYTES_MAX), tokens: v.pipe(v.number(), v.minValue(0), v.maxValue(POLICE_BURST_BYTES_MAX)), refilledMs: time });
const entry = v.tuple([int(1, 2 ** 48 - 1, "a 48-bit MAC"), vlanId, port, int(0, 3, "flags 0..3"), v.pipe(v.number(), v.minValue(0), v.maxValue(CLOCK_MS_MAX))], "[mac, vlan, port, flags, seenMs]");

export const SAVED_BRIDGE_SCHEMA = object({
  agingMs: int(FDB_AGING_MS_MIN, FDB_AGING_MS_MAX, "an ageing time 10 s..1,000,000 s in ms"),
  declaredVlans: vlanList,
  ports: list(object({ port, mode, isolated: v.boolean(), linkUp: v.boolean(), police: v.optional(police), counters }), BRIDGE_PORT_MAX, "BRIDGE_PORT_MAX"),
  retiredCounters: counters,
  fdb: list(entry, FDB_ENTRY_MAX, "FDB_ENTRY_MAX"),
});

/** Fails unless the saved ports are all different. */
export function checkSavedPorts(ports: readonly SavedPort[]): void {
  const seen = new Set<number>();
  for (const saved of ports) {
    if (seen.has(saved.port)) fail("EINVAL", `saved bridge lists port ${saved.port} twice`);
    seen.add(saved.port);
  }
}
