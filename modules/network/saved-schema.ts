// The network manager's part of state.json: the shape (valibot), bounded by its tables, and the
// relations one field alone cannot show (an interface on a network that exists, on a port no other
// interface of it holds, in VLANs its network has; names, MACs and addresses not used twice).

import * as v from "valibot";
import { INTERFACE_COUNT_MAX, NETWORK_COUNT_MAX, ROUTER_COUNT_MAX, VLAN_COUNT_MAX, VLAN_ID_MAX } from "../../src/limits.js";
import { int, list, name, object } from "../../src/table/checks.js";
import { SAVED_BRIDGE_SCHEMA } from "./bridge/index.js";
import { INTERFACE_ROW_ENTRIES } from "./interface-table.js";
import { NETWORK_ROW_ENTRIES } from "./network-table.js";
import type { SavedNetworks } from "./saved-network.js";
import { COUNTER_COUNT } from "./stats.js";

const vlanId = int(1, VLAN_ID_MAX, `a VLAN id 1..${VLAN_ID_MAX}`);
const vlans = list(vlanId, VLAN_COUNT_MAX, "VLAN_COUNT_MAX");
const counter = int(0, Number.MAX_SAFE_INTEGER, "a counter ≥ 0");
const counters = v.pipe(v.array(counter, "a list"), v.length(COUNTER_COUNT, `${COUNTER_COUNT} counters`));

export const SAVED_NETWORK_SCHEMA = object({
  networks: list(object({ ...NETWORK_ROW_ENTRIES, vlans, counters, bridge: v.optional(SAVED_BRIDGE_SCHEMA) }), NETWORK_COUNT_MAX, "NETWORK_COUNT_MAX"),
  interfaces: list(object({ ...INTERFACE_ROW_ENTRIES, trunk: vlans, counters }), INTERFACE_COUNT_MAX, "INTERFACE_COUNT_MAX"),
  nextAlertId: int(1, 2 ** 32 - 1, "an alert id ≥ 1"),
  routers: v.optional(list(object({ name, networks: list(name, NETWORK_COUNT_MAX, "NETWORK_COUNT_MAX") }), ROUTER_COUNT_MAX, "ROUTER_COUNT_MAX")),
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
  return undefined;
}
