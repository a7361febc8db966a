// VirtualInterface operations on the shared parts: attach an interface to a network's bridge
// (a free port of BRIDGE_PORT_MAX, a MAC from the seeded PRNG under libvirt's 52:54:00 prefix
// unless given, an address leased from IPAM unless given, an access VLAN or a trunk), detach it
// (its port freed, its lease returned), set it up or down, and the rows `net if list` and
// `net leases` print.

import { fail } from "../../src/errors.js";
import { BRIDGE_PORT_MAX, INTERFACE_NAME_LENGTH_MAX, VLAN_COUNT_MAX } from "../../src/limits.js";
import { transition } from "../../src/state-machine.js";
import { validateName } from "../../src/table/slot-table.js";
import { formatIpv4, formatMac, libvirtMac, parseIpv4, parseMacText } from "./address-text.js";
import { checkGivenAddress, leaseAddress } from "./ipam.js";
import type { NetworkParts } from "./network-parts.js";
import { addVlan, DEFAULT_VLAN, refuseOnDirect, requireConfigurable } from "./networks.js";
import { INTERFACE_MACHINE, OPERSTATE_NAMES, VLAN_MODES, type InterfaceInfo } from "./types.js";

export interface InterfaceSpec {
  readonly network: string;
  readonly name: string;
  readonly mac?: string;
  readonly ip?: string;
  readonly vlan?: number; // access VLAN (default 1)
  readonly trunk?: readonly number[]; // allowed VLANs of a trunk port
  readonly pvid?: number; // a trunk's untagged VLAN
  readonly host?: string;
  readonly isolated?: boolean;
}

export interface Lease {
  readonly network: string;
  readonly interface: string;
  readonly mac: string;
  readonly ip: string;
  readonly prefix: number;
  readonly source: "ipam" | "static";
  readonly leasedMs: number;
}

/** Attaches a new interface; returns its row and the VLANs it added to the network. */
export function addInterface(parts: NetworkParts, spec: InterfaceSpec): { info: InterfaceInfo; vlansAdded: number[] } {
  const network = parts.networkSlot(spec.network);
  requireConfigurable(parts, network, `add interface '${spec.name}'`);
  validateName("interface", spec.name, INTERFACE_NAME_LENGTH_MAX);
  if (parts.interfaces.slots.has(spec.name)) fail("EEXIST", `interface '${spec.name}' already exists`);
  if (spec.vlan !== undefined || spec.trunk !== undefined || spec.pvid !== undefined) refuseOnDirect(parts, network, "VLANs (--vlan, --trunk, --pvid)");
  if (spec.isolated === true) refuseOnDirect(parts, network, "port isolation (--isolated)");
  const port = parts.networks.freePort(network);
  if (port < 0) fail("ENOSPC", `bridge of network '${spec.network}' has all ${BRIDGE_PORT_MAX} ports in use (BRIDGE_PORT_MAX): cannot attach '${spec.name}'`, `net if del <interface> first`);
  const mac = spec.mac === undefined ? freshMac(parts) : parseMacText(spec.mac);
  if (macTaken(parts, mac)) fail("EEXIST", `MAC ${formatMac(mac)} is already used by another interface`);
  const subnet = parts.subnet(network);
  const ip = spec.ip === undefined ? leaseAddress(subnet, (a) => parts.addressTaken(network, a)) : parseIpv4(spec.ip);
  if (spec.ip !== undefined) checkGivenAddress(subnet, ip, (a) => parts.addressTaken(network, a));
  const vlans = checkVlans(spec);
  const vlansAdded = vlans.filter((id) => parts.networks.vlanCell(network, id) < 0);
  if (parts.networks.vlans(network).length + vlansAdded.length > VLAN_COUNT_MAX) fail("ENOSPC", `network '${spec.network}' cannot take VLANs ${vlansAdded.join(", ")}: it would have more than ${VLAN_COUNT_MAX} (VLAN_COUNT_MAX)`);
  for (const id of vlansAdded) addVlan(parts, network, id);
  const slot = parts.interfaces.allocate(spec.name);
  writeRow(parts, slot, { network, port, mac, ip, spec });
  return { info: interfaceInfo(parts, slot), vlansAdded };
}

function writeRow(parts: NetworkParts, slot: number, row: { network: number; port: number; mac: number; ip: number; spec: InterfaceSpec }): void {
  const t = parts.interfaces;
  const trunk = row.spec.trunk !== undefined;
  t.networks[slot] = row.network;
  t.ports[slot] = row.port;
  t.macs[slot] = row.mac;
  t.ips[slot] = row.ip;
  t.ipStatic[slot] = row.spec.ip === undefined ? 0 : 1;
  t.operstates[slot] = transition(INTERFACE_MACHINE, row.spec.name, 0, "up");
  t.modes[slot] = VLAN_MODES.indexOf(trunk ? "trunk" : "access");
  t.vlans[slot] = trunk ? (row.spec.pvid ?? 0) : (row.spec.vlan ?? DEFAULT_VLAN);
  t.setTrunk(slot, row.spec.trunk ?? []);
  t.isolated[slot] = row.spec.isolated === true ? 1 : 0;
  t.hosts[slot] = row.spec.host ?? "";
  t.leasedMs[slot] = parts.clock.now();
  parts.networks.portMasks[row.network]! |= 1 << row.port;
}

/** The VLANs the interface needs on its network: its access VLAN, or its trunk's (and PVID). */
function checkVlans(spec: InterfaceSpec): number[] {
  if (spec.trunk === undefined) {
    if (spec.pvid !== undefined) fail("EINVAL", "--pvid is for trunk ports (--trunk)");
    return [spec.vlan ?? DEFAULT_VLAN];
  }
  if (spec.vlan !== undefined) fail("EINVAL", "--vlan (access) and --trunk exclude each other");
  const unique = [...new Set(spec.trunk)];
  if (unique.length === 0 || unique.length > VLAN_COUNT_MAX) fail("EINVAL", `a trunk carries 1..${VLAN_COUNT_MAX} VLANs, not ${unique.length}`);
  if (spec.pvid !== undefined && !unique.includes(spec.pvid)) fail("EINVAL", `PVID ${spec.pvid} is not among the trunk's VLANs ${unique.join(",")}`);
  return unique;
}

function freshMac(parts: NetworkParts): number {
  for (;;) {
    const mac = libvirtMac(parts.rng.nextUint32());
    if (!macTaken(parts, mac)) return mac;
  }
}

function macTaken(parts: NetworkParts, mac: number): boolean {
  return parts.interfaces.slots.slots().some((slot) => parts.interfaces.macs[slot] === mac);
}

/** Detaches an interface: its port and lease freed, its counters gone. */
export function removeInterface(parts: NetworkParts, slot: number, leaveBridge: () => void): void {
  const network = parts.interfaces.networks[slot]!;
  requireConfigurable(parts, network, `delete interface '${parts.interfaces.slots.nameOf(slot)}'`);
  leaveBridge();
  freeInterface(parts, slot);
}

export function freeInterface(parts: NetworkParts, slot: number): void {
  const network = parts.interfaces.networks[slot]!;
  parts.networks.portMasks[network]! &= ~(1 << parts.interfaces.ports[slot]!);
  parts.counters.clearInterface(slot);
  parts.interfaces.free(slot);
}

export function setOperstate(parts: NetworkParts, slot: number, up: boolean): boolean {
  const state = parts.interfaces.operstates[slot]!;
  if (state === (up ? 1 : 0)) return false; // ip link set up on an up link changes nothing
  parts.interfaces.operstates[slot] = transition(INTERFACE_MACHINE, parts.interfaces.slots.nameOf(slot), state, up ? "up" : "down");
  return true;
}

export function interfaceInfo(parts: NetworkParts, slot: number): InterfaceInfo {
  const t = parts.interfaces;
  return {
    name: t.slots.nameOf(slot),
    network: parts.networks.slots.nameOf(t.networks[slot]!),
    port: t.ports[slot]!,
    mac: formatMac(t.macs[slot]!),
    ip: formatIpv4(t.ips[slot]!),
    ipSource: t.ipStatic[slot] === 1 ? "static" : "ipam",
    operstate: OPERSTATE_NAMES[t.operstates[slot]!]!,
    mode: VLAN_MODES[t.modes[slot]!]!,
    vlan: t.vlans[slot]!,
    trunk: t.trunk(slot),
    host: t.hosts[slot] || null,
    isolated: t.isolated[slot] === 1,
  };
}

export function leaseOf(parts: NetworkParts, slot: number): Lease {
  const t = parts.interfaces;
  const network = t.networks[slot]!;
  return { network: parts.networks.slots.nameOf(network), interface: t.slots.nameOf(slot), mac: formatMac(t.macs[slot]!), ip: formatIpv4(t.ips[slot]!), prefix: parts.networks.prefixes[network]!, source: t.ipStatic[slot] === 1 ? "static" : "ipam", leasedMs: t.leasedMs[slot]! };
}
