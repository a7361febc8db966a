// The network manager's part of state.json: the shape (valibot), bounded by its tables, and the
// relations one field alone cannot show (an interface on a network that exists, on a port no other
// interface of it holds, in VLANs its network has; names, MACs and addresses not used twice; a
// running capture on a network or interface that is there, with a filter that compiles).

import * as v from "valibot";
import { ARP_CACHE_MAX, CAPTURE_BYTES_MAX, CAPTURE_FILTER_LENGTH_MAX, CAPTURE_FRAME_MAX, CAPTURE_SNAPLEN_MAX, ENDPOINT_COUNT_MAX, INTERFACE_COUNT_MAX, NETWORK_COUNT_MAX, ROUTER_COUNT_MAX, VLAN_COUNT_MAX, VLAN_ID_MAX, UID_MAX } from "../../src/limits.js";
import { count, int, list, name, object, slot, text, time } from "../../src/table/checks.js";
import { compileFilter } from "./frames/index.js";
import { SAVED_BRIDGE_SCHEMA } from "./bridge/index.js";
import { INTERFACE_ROW_ENTRIES } from "./interface-table.js";
import { NETWORK_ROW_ENTRIES } from "./network-table.js";
import type { SavedNetworks } from "./saved-network.js";
import { COUNTER_COUNT } from "./stats.js";

const vlanId = int(1, VLAN_ID_MAX, `a VLAN id 1..${VLAN_ID_MAX}`);
const vlans = list(vlanId, VLAN_COUNT_MAX, "VLAN_COUNT_MAX");
const counter = int(0, Number.MAX_SAFE_INTEGER, "a counter ≥ 0");
const counters = v.pipe(v.array(counter, "a list"), v.length(COUNTER_COUNT, `${COUNTER_COUNT} counters`));

const arpEntry = v.tuple([int(0, 2 ** 32 - 1, "an IPv4 address"), int(1, 2 ** 48 - 1, "a 48-bit MAC"), int(0, VLAN_ID_MAX, `a VLAN id 0..${VLAN_ID_MAX}`)], "[ip, mac, vlan]");
const stack = object({ endpoint: slot(ENDPOINT_COUNT_MAX, "ENDPOINT_COUNT_MAX"), arp: list(arpEntry, ARP_CACHE_MAX, "ARP_CACHE_MAX"), arpNext: int(0, ARP_CACHE_MAX - 1), udpReceived: count, udpBytes: count });
const base64 = v.pipe(text(Math.ceil(CAPTURE_SNAPLEN_MAX / 3) * 4), v.regex(/^[A-Za-z0-9+/]*={0,2}$/, "base64"));
const capturedFrame = object({ timeMs: time, start: int(0, CAPTURE_BYTES_MAX - 1), origLen: int(0, CAPTURE_SNAPLEN_MAX), base64 });
const captureRing = object({ writeOffset: int(0, CAPTURE_BYTES_MAX), dropped: count, seen: count, matched: count, frames: list(capturedFrame, CAPTURE_FRAME_MAX, "CAPTURE_FRAME_MAX") });
const capture = object({
  running: v.boolean("true or false"),
  point: v.picklist(["network", "interface", "underlay"], "network, interface or underlay"),
  slot: slot(INTERFACE_COUNT_MAX, "INTERFACE_COUNT_MAX"),
  target: name, // a network, an interface, or "underlay"
  network: v.optional(v.union([name, v.literal("")])), // the network tapped, "" for the underlay (absent in saves before it was kept)
  uid: v.optional(int(0, UID_MAX)), // who started it (absent in saves before it was kept)
  filter: text(CAPTURE_FILTER_LENGTH_MAX),
  snaplen: int(1, CAPTURE_SNAPLEN_MAX),
  ring: captureRing,
});

export const SAVED_NETWORK_SCHEMA = object({
  networks: list(object({ ...NETWORK_ROW_ENTRIES, vlans, counters, bridge: v.optional(SAVED_BRIDGE_SCHEMA) }), NETWORK_COUNT_MAX, "NETWORK_COUNT_MAX"),
  interfaces: list(object({ ...INTERFACE_ROW_ENTRIES, trunk: vlans, counters }), INTERFACE_COUNT_MAX, "INTERFACE_COUNT_MAX"),
  nextAlertId: int(1, 2 ** 32 - 1, "an alert id ≥ 1"),
  routers: v.optional(list(object({ name, networks: list(name, NETWORK_COUNT_MAX, "NETWORK_COUNT_MAX") }), ROUTER_COUNT_MAX, "ROUTER_COUNT_MAX")),
  stacks: v.optional(list(stack, ENDPOINT_COUNT_MAX, "ENDPOINT_COUNT_MAX")),
  capture: v.optional(capture),
});

export function networkProblem(saved: SavedNetworks): string | undefined {
  const seen = (values: readonly (string | number)[]) => values.findIndex((value, at) => values.indexOf(value) !== at);
  const { networks, interfaces } = saved;
  let at = Math.max(seen(networks.map((n) => n.slot)), seen(networks.map((n) => n.name)));
  if (at >= 0) return `network.networks[${at}]: slot ${networks[at]!.slot} or name '${networks[at]!.name}' is used twice`;
  for (const [index, n] of networks.entries()) if (seen(n.vlans) >= 0) return `network.networks[${index}].vlans: a VLAN is listed twice`;
  at = Math.max(seen(interfaces.map((i) => i.slot)), seen(interfaces.map((i) => i.name)), seen(interfaces.map((i) => i.mac)));
  if (at >= 0) return `network.interfaces[${at}]: slot, name or MAC of '${interfaces[at]!.name}' is used twice`;
  at = Math.max(seen(interfaces.map((i) => `${i.network}/${i.port}`)), seen(interfaces.map((i) => `${i.network}/${i.ip}`)));
  if (at >= 0) return `network.interfaces[${at}]: port or address of '${interfaces[at]!.name}' is used twice on its network`;
  for (const [index, i] of interfaces.entries()) {
    const network = networks.find((n) => n.slot === i.network);
    if (network === undefined) return `network.interfaces[${index}].network: no network in slot ${i.network}`;
    const needed = i.mode === 1 ? i.trunk : [i.vlan];
    const missing = needed.find((id) => !network.vlans.includes(id));
    if (missing !== undefined) return `network.interfaces[${index}]: VLAN ${missing} is not among network '${network.name}''s VLANs`;
  }
  for (const [index, n] of networks.entries()) {
    if (n.bridge === undefined) continue;
    const bridgePorts = n.bridge.ports.map((p) => p.port).sort((a, b) => a - b).join(",");
    const interfacePorts = interfaces.filter((i) => i.network === n.slot).map((i) => i.port).sort((a, b) => a - b).join(",");
    if (bridgePorts !== interfacePorts) return `network.networks[${index}].bridge: ports [${bridgePorts}] are not its interfaces' ports [${interfacePorts}]`;
  }
  const routers = saved.routers ?? [];
  at = seen(routers.map((r) => r.name));
  if (at >= 0) return `network.routers[${at}]: name '${routers[at]!.name}' is used twice`;
  const joined = routers.flatMap((r) => r.networks);
  for (const [index, r] of routers.entries()) {
    const unknown = r.networks.find((n) => !networks.some((row) => row.name === n));
    if (unknown !== undefined || r.networks.length < 2) return `network.routers[${index}]: joins ${unknown === undefined ? "fewer than two networks" : `no network '${unknown}'`}`;
  }
  if (seen(joined) >= 0) return `network.routers: network '${joined[seen(joined)]}' is joined to two routers`;
  at = seen((saved.stacks ?? []).map((s) => s.endpoint));
  if (at >= 0) return `network.stacks[${at}]: endpoint ${saved.stacks![at]!.endpoint} is listed twice`;
  return captureProblem(saved);
}

/** A running capture taps a network or interface that is in the file, by the name it was started on. */
function captureProblem(saved: SavedNetworks): string | undefined {
  const capture = saved.capture;
  if (capture === undefined) return undefined;
  if (capture.filter !== "") {
    try {
      compileFilter(capture.filter);
    } catch {
      return `network.capture.filter: '${capture.filter}' is not a capture filter`;
    }
  }
  if (!capture.running || capture.point === "underlay") return undefined;
  const rows: readonly { slot: number; name: string }[] = capture.point === "network" ? saved.networks : saved.interfaces;
  if (!rows.some((row) => row.slot === capture.slot && row.name === capture.target)) return `network.capture: no ${capture.point} '${capture.target}' in slot ${capture.slot} to capture on`;
  return undefined;
}
