// Network operations on the shared parts: create (and start), the person's lifecycle actions,
// delete, VLANs and the bridge's aging time, and the rows `net list` and `net show` print.

import { fail } from "../../src/errors.js";
import { FDB_AGING_MS_MAX, FDB_AGING_MS_MIN, NETWORK_CONFIGURE_MS, NETWORK_DETACH_MS, VLAN_COUNT_MAX, VLAN_ID_MAX } from "../../src/limits.js";
import { transition, UNALLOCATED } from "../../src/state-machine.js";
import { formatCidr, formatIpv4, parseCidrText } from "./address-text.js";
import { UNDERLAY } from "./capture.js";
import { gatewayOf } from "./ipam.js";
import type { NetworkParts } from "./network-parts.js";
import { NETWORK_MACHINE, NETWORK_STATE_NAMES, NETWORK_TYPES, NetworkState, type NetworkInfo, type NetworkType } from "./types.js";

export const DEFAULT_VLAN = 1; // every bridge port starts in VLAN 1, as Linux's default_pvid
const VNI_BASE = 10_000; // an overlay's default VNI: VNI_BASE + slot + 1

export interface NetworkSpec {
  readonly name: string;
  readonly type: NetworkType;
  readonly cidr: string;
  readonly vni?: number;
}

export function createNetwork(parts: NetworkParts, spec: NetworkSpec): NetworkInfo {
  if (spec.name === UNDERLAY) fail("EINVAL", `'${UNDERLAY}' names the wire between overlay hosts (net capture start ${UNDERLAY}), not a network`, "give the network another name");
  const { network, prefix } = parseCidrText(spec.cidr);
  if (prefix > 30) fail("EINVAL", `network '${spec.name}': /${prefix} leaves no room for a gateway and two hosts`, "use a prefix of /30 or shorter, e.g. 10.0.0.0/24");
  if (prefix < 8) fail("EINVAL", `network '${spec.name}': /${prefix} is wider than a virtual network needs`, "use a prefix of /8 or longer");
  for (const other of parts.networks.slots.slots()) {
    const a = parts.networks.addresses[other]!;
    const overlapping = Math.min(prefix, parts.networks.prefixes[other]!);
    if (Math.floor(a / 2 ** (32 - overlapping)) === Math.floor(network / 2 ** (32 - overlapping))) {
      fail("EEXIST", `network '${spec.name}' (${spec.cidr}) overlaps '${parts.networks.slots.nameOf(other)}' (${formatCidr(a, parts.networks.prefixes[other]!)})`, "networks never share addresses: routing between them goes through a router");
    }
  }
  if (spec.vni !== undefined && spec.type !== "overlay") fail("EINVAL", "--vni is for overlay networks");
  const holder = spec.vni === undefined ? -1 : vniHolder(parts, spec.vni);
  if (holder >= 0) fail("EEXIST", `VNI ${spec.vni} is taken by network '${parts.networks.slots.nameOf(holder)}'`, "a VNI names one overlay segment: give another --vni");
  const slot = parts.networks.allocate(spec.name);
  const n = parts.networks;
  n.states[slot] = transition(NETWORK_MACHINE, spec.name, UNALLOCATED, "create");
  n.types[slot] = NETWORK_TYPES.indexOf(spec.type);
  n.addresses[slot] = network;
  n.prefixes[slot] = prefix;
  let vni = spec.vni ?? VNI_BASE + slot + 1;
  while (spec.vni === undefined && vniHolder(parts, vni, slot) >= 0) vni++; // a default never takes a VNI another overlay was given
  n.vnis[slot] = spec.type === "overlay" ? vni : 0;
  n.createdMs[slot] = parts.clock.now();
  n.vlanCells[slot * VLAN_COUNT_MAX] = DEFAULT_VLAN;
  startNetwork(parts, slot);
  return networkInfo(parts, slot);
}

/** A direct network has no bridge: VLANs, isolation and policing, which a bridge does, are refused on it. */
export function refuseOnDirect(parts: NetworkParts, network: number, what: string): void {
  if (NETWORK_TYPES[parts.networks.types[network]!] !== "direct") return;
  fail("EINVAL", `network '${parts.networks.slots.nameOf(network)}' is direct: it has no ${what}`, "a direct (macvtap-like) network has no bridge, so no VLANs, isolation or policing: use a bridged or isolated network");
}

/** The overlay network (other than `except`) that has `vni`, or -1. */
function vniHolder(parts: NetworkParts, vni: number, except = -1): number {
  const n = parts.networks;
  return n.slots.slots().find((slot) => slot !== except && NETWORK_TYPES[n.types[slot]!] === "overlay" && n.vnis[slot] === vni) ?? -1;
}

/** Created -> Configuring for NETWORK_CONFIGURE_MS (net create, net up). */
export function startNetwork(parts: NetworkParts, slot: number): void {
  parts.lifecycle.move(slot, "start");
  parts.lifecycle.hold(slot, NETWORK_CONFIGURE_MS);
}

/** Into Deactivating while each interface detaches in turn. */
export function stopNetwork(parts: NetworkParts, slot: number): void {
  parts.lifecycle.move(slot, "stop");
  parts.lifecycle.hold(slot, NETWORK_DETACH_MS * parts.interfaces.ofNetwork(slot).length);
}

/** net delete: Created goes Destroyed at once; a running network deactivates first. */
export function deleteNetwork(parts: NetworkParts, slot: number): void {
  const state = parts.lifecycle.state(slot);
  if (state === NetworkState.Destroyed) fail("ENOENT", `network '${parts.networks.slots.nameOf(slot)}' is already Destroyed`, "it is gone after the next tick");
  parts.networks.deleting[slot] = 1;
  if (state === NetworkState.Deactivating) return; // it ends Destroyed now
  if (state !== NetworkState.Created) return stopNetwork(parts, slot);
  parts.networks.states[slot] = transition(NETWORK_MACHINE, parts.networks.slots.nameOf(slot), state, "destroy");
  parts.lifecycle.hold(slot, 0);
}

export function addVlan(parts: NetworkParts, slot: number, id: number): boolean {
  if (!Number.isInteger(id) || id < 1 || id > VLAN_ID_MAX) fail("EINVAL", `bad VLAN ${id}`, `VLAN ids are 1..${VLAN_ID_MAX}`);
  requireConfigurable(parts, slot, "change VLANs");
  if (parts.networks.vlanCell(slot, id) >= 0) return false;
  const free = parts.networks.vlanCell(slot, 0);
  const name = parts.networks.slots.nameOf(slot);
  if (free < 0) fail("ENOSPC", `network '${name}' has ${VLAN_COUNT_MAX} VLANs, the most it may have (VLAN_COUNT_MAX): cannot add VLAN ${id}`, `net vlan del ${name} <vlan> first`);
  parts.networks.vlanCells[slot * VLAN_COUNT_MAX + free] = id;
  return true;
}

export function removeVlan(parts: NetworkParts, slot: number, id: number): void {
  requireConfigurable(parts, slot, "change VLANs");
  const name = parts.networks.slots.nameOf(slot);
  const cell = parts.networks.vlanCell(slot, id);
  if (cell < 0) fail("ENOENT", `network '${name}' has no VLAN ${id}`, `net vlan list ${name}`);
  const users = parts.interfaces.ofNetwork(slot).filter((i) => parts.interfaces.vlans[i] === id || parts.interfaces.trunk(i).includes(id));
  if (users.length > 0) fail("EBUSY", `VLAN ${id} of network '${name}' is in use by ${users.map((i) => parts.interfaces.slots.nameOf(i)).join(", ")}`, "delete those interfaces or move them first");
  parts.networks.vlanCells[slot * VLAN_COUNT_MAX + cell] = 0;
}

export function setAging(parts: NetworkParts, slot: number, agingMs: number): void {
  if (!(agingMs >= FDB_AGING_MS_MIN && agingMs <= FDB_AGING_MS_MAX)) fail("EINVAL", `aging time ${agingMs / 1000} s is out of range`, "Linux allows 10s to 1000000s");
  requireConfigurable(parts, slot, "set the aging time");
  parts.networks.agingMs[slot] = Math.round(agingMs);
}

/** Configuration changes are refused only while the network is going away. */
export function requireConfigurable(parts: NetworkParts, slot: number, what: string): void {
  parts.lifecycle.require(slot, [NetworkState.Created, NetworkState.Configuring, NetworkState.Active, NetworkState.Suspended, NetworkState.Failed], what);
}

export function networkInfo(parts: NetworkParts, slot: number): NetworkInfo {
  const n = parts.networks;
  return {
    name: n.slots.nameOf(slot),
    type: NETWORK_TYPES[n.types[slot]!]!,
    state: NETWORK_STATE_NAMES[n.states[slot]!]!,
    stateDetail: parts.lifecycle.detail(slot),
    cidr: formatCidr(n.addresses[slot]!, n.prefixes[slot]!),
    gateway: formatIpv4(gatewayOf(parts.subnet(slot))),
    vni: n.vnis[slot]!,
    interfaces: parts.interfaces.ofNetwork(slot).length,
    vlans: n.vlans(slot),
    agingMs: n.agingMs[slot]!,
    createdMs: n.createdMs[slot]!,
  };
}

/** "10,20,30" -> [10, 20, 30]: each a VLAN id 1..VLAN_ID_MAX, none twice. */
export function parseVlanList(text: string): number[] {
  const words = text.split(",");
  const ids = words.map((word) => (/^[1-9]\d{0,3}$/.test(word) ? Number(word) : NaN));
  const bad = words.find((_, at) => !(ids[at]! >= 1 && ids[at]! <= VLAN_ID_MAX));
  if (bad !== undefined) fail("EINVAL", `bad VLAN '${bad}' in '${text}'`, `write VLAN ids 1..${VLAN_ID_MAX} separated by commas, e.g. 10,20`);
  if (new Set(ids).size !== ids.length) fail("EINVAL", `a VLAN is listed twice in '${text}'`);
  return ids;
}
