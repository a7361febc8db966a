// VirtualNetworkManager: the kernel's virtual networks (seed Task 2), NETWORK_COUNT_MAX of them,
// each with a CIDR and IPAM, a learning bridge of BRIDGE_PORT_MAX ports, up to VLAN_COUNT_MAX
// VLANs, and its interfaces (INTERFACE_COUNT_MAX in all, names unique kernel-wide).
//
// States (types.ts): Created -> Configuring -> Active <-> Suspended; Failed (net fail, or an
// uplink lost) -> Configuring on recover; Deactivating while interfaces detach on down or delete,
// then Created or Destroyed; Destroyed for one tick, then the slot is free. Configuring and
// Deactivating last simulated time (lifecycle.ts). A Failed network raises an alert (the alerts
// port: an audit entry of type network) that recover, down or delete resolve.
//
// Interface, in call order: create -> addVlan / addInterface -> (sleep) -> suspend / resume /
// fail / recover / down / up -> removeInterface / removeVlan -> delete. Reads: list, show,
// interfaces, leases, vlans, stats. Typical: create("lan", isolated, 10.0.0.0/24);
// addInterface(lan, eth0); sleep 1s; list() shows lan Active with one interface.

import { assert } from "../../src/assert.js";
import type { Clock } from "../../src/clock.js";
import { NETWORK_CONFIGURE_MS } from "../../src/limits.js";
import type { Rng } from "../../src/rng.js";
import { freeInterface, interfaceInfo, leaseOf, removeInterface, setOperstate, addInterface, type InterfaceSpec, type Lease } from "./interfaces.js";
import { NetworkParts, type NetworkPorts } from "./network-parts.js";
import { addVlan, createNetwork, deleteNetwork, networkInfo, removeVlan, setAging, startNetwork, stopNetwork, type NetworkSpec } from "./networks.js";
import { restoreNetworks, saveNetworks, type SavedNetworks } from "./saved-network.js";
import type { PacketStats } from "./stats.js";
import { NETWORK_TYPES, NetworkState, type InterfaceInfo, type NetworkInfo } from "./types.js";

export type { SavedNetworks } from "./saved-network.js";

export class VirtualNetworkManager {
  readonly parts: NetworkParts;

  constructor(clock: Clock, rng: Rng, ports: NetworkPorts) {
    this.parts = new NetworkParts(clock, rng, ports, { detached: (slot) => this.detached(slot), reap: (slot) => this.reap(slot) });
  }

  create(spec: NetworkSpec): NetworkInfo {
    return createNetwork(this.parts, spec);
  }

  /** net up: a Created network starts Configuring. */
  up(name: string): NetworkInfo {
    const slot = this.parts.networkSlot(name);
    startNetwork(this.parts, slot);
    return networkInfo(this.parts, slot);
  }

  down(name: string): NetworkInfo {
    const slot = this.parts.networkSlot(name);
    stopNetwork(this.parts, slot);
    this.resolveAlert(slot, "net down");
    return networkInfo(this.parts, slot);
  }

  suspend(name: string): NetworkInfo {
    return this.move(name, "suspend");
  }

  resume(name: string): NetworkInfo {
    return this.move(name, "resume");
  }

  /** The network fails (its uplink lost, for bridged and direct ones): Failed, with an alert. */
  fail(name: string, reason?: string): NetworkInfo {
    const info = this.move(name, "fail");
    const slot = this.parts.networkSlot(name);
    const id = this.parts.nextAlertId++;
    this.parts.networks.alertIds[slot] = id;
    const type = NETWORK_TYPES[this.parts.networks.types[slot]!];
    const what = reason ?? (type === "bridged" || type === "direct" ? "uplink lost" : "bridge failed");
    this.parts.ports.alerts.raised({ id, severity: "ERROR", category: "network", source: `net/${name}`, message: `network '${name}' Failed: ${what}`, resolvedBy: "" });
    return info;
  }

  /** Failed -> Configuring: the bridge comes up again; the alert is resolved. */
  recover(name: string): NetworkInfo {
    const slot = this.parts.networkSlot(name);
    this.parts.lifecycle.move(slot, "recover");
    this.parts.lifecycle.hold(slot, NETWORK_CONFIGURE_MS);
    this.resolveAlert(slot, "net recover");
    return networkInfo(this.parts, slot);
  }

  delete(name: string): NetworkInfo {
    const slot = this.parts.networkSlot(name);
    deleteNetwork(this.parts, slot);
    this.resolveAlert(slot, "net delete");
    return networkInfo(this.parts, slot);
  }

  list(): NetworkInfo[] {
    return this.parts.networks.slots.slots().map((slot) => networkInfo(this.parts, slot));
  }

  show(name: string): NetworkInfo & { readonly interfaceRows: InterfaceInfo[]; readonly stats: PacketStats } {
    const slot = this.parts.networkSlot(name);
    return { ...networkInfo(this.parts, slot), interfaceRows: this.interfacesOf(slot), stats: this.networkStats(slot) };
  }

  names(): string[] {
    return this.parts.networks.slots.slots().map((slot) => this.parts.networks.slots.nameOf(slot));
  }

  addVlan(network: string, id: number): boolean {
    return addVlan(this.parts, this.parts.networkSlot(network), id);
  }

  removeVlan(network: string, id: number): void {
    removeVlan(this.parts, this.parts.networkSlot(network), id);
  }

  vlans(network: string): { vlan: number; access: string[]; trunk: string[] }[] {
    const slot = this.parts.networkSlot(network);
    const t = this.parts.interfaces;
    const members = t.ofNetwork(slot);
    return this.parts.networks.vlans(slot).map((vlan) => ({
      vlan,
      access: members.filter((i) => t.modes[i] === 0 && t.vlans[i] === vlan).map((i) => t.slots.nameOf(i)),
      trunk: members.filter((i) => t.modes[i] === 1 && t.trunk(i).includes(vlan)).map((i) => `${t.slots.nameOf(i)}${t.vlans[i] === vlan ? " (pvid)" : ""}`),
    }));
  }

  setAging(network: string, agingMs: number): NetworkInfo {
    const slot = this.parts.networkSlot(network);
    setAging(this.parts, slot, agingMs);
    return networkInfo(this.parts, slot);
  }

  addInterface(spec: InterfaceSpec): { info: InterfaceInfo; vlansAdded: number[] } {
    return addInterface(this.parts, spec);
  }

  removeInterface(name: string): InterfaceInfo {
    const slot = this.parts.interfaceSlot(name);
    const info = interfaceInfo(this.parts, slot);
    removeInterface(this.parts, slot);
    return info;
  }

  setInterfaceUp(name: string, up: boolean): { info: InterfaceInfo; changed: boolean } {
    const slot = this.parts.interfaceSlot(name);
    const changed = setOperstate(this.parts, slot, up);
    return { info: interfaceInfo(this.parts, slot), changed };
  }

  interfaces(network?: string): InterfaceInfo[] {
    if (network !== undefined) return this.interfacesOf(this.parts.networkSlot(network));
    return this.parts.interfaces.slots.slots().map((slot) => interfaceInfo(this.parts, slot));
  }

  interfaceNames(): string[] {
    return this.parts.interfaces.slots.slots().map((slot) => this.parts.interfaces.slots.nameOf(slot));
  }

  leases(network: string): Lease[] {
    return this.parts.interfaces.ofNetwork(this.parts.networkSlot(network)).map((slot) => leaseOf(this.parts, slot));
  }

  /** `ip -s link`: every interface's counters (of one network, or all). */
  interfaceStats(network?: string): (PacketStats & { readonly name: string; readonly network: string })[] {
    const slots = network === undefined ? this.parts.interfaces.slots.slots() : this.parts.interfaces.ofNetwork(this.parts.networkSlot(network));
    return slots.map((slot) => ({ name: this.parts.interfaces.slots.nameOf(slot), network: this.parts.networks.slots.nameOf(this.parts.interfaces.networks[slot]!), ...this.parts.counters.ofInterface(slot) }));
  }

  statsOf(network: string): PacketStats {
    return this.networkStats(this.parts.networkSlot(network));
  }

  toJSON(): SavedNetworks {
    return saveNetworks(this.parts);
  }

  restore(saved: SavedNetworks): void {
    restoreNetworks(this.parts, saved);
  }

  private interfacesOf(slot: number): InterfaceInfo[] {
    return this.parts.interfaces.ofNetwork(slot).map((i) => interfaceInfo(this.parts, i));
  }

  private networkStats(slot: number): PacketStats {
    return this.parts.counters.ofNetwork(slot, this.parts.interfaces.ofNetwork(slot));
  }

  private move(name: string, action: "suspend" | "resume" | "fail"): NetworkInfo {
    const slot = this.parts.networkSlot(name);
    this.parts.lifecycle.move(slot, action);
    return networkInfo(this.parts, slot);
  }

  private resolveAlert(slot: number, by: string): void {
    const id = this.parts.networks.alertIds[slot]!;
    if (id === 0) return;
    this.parts.networks.alertIds[slot] = 0;
    const name = this.parts.networks.slots.nameOf(slot);
    this.parts.ports.alerts.resolved({ id, severity: "ERROR", category: "network", source: `net/${name}`, message: `network '${name}' is back from Failed`, resolvedBy: by });
  }

  /** Deactivating ended: every interface has left the bridge (its learned entries with it). */
  private detached(slot: number): void {
    assert(this.parts.networks.states[slot] === NetworkState.Deactivating, "interfaces detach while Deactivating");
  }

  /** Destroyed ended: the interfaces, counters and row go. */
  private reap(slot: number): void {
    for (const i of this.parts.interfaces.ofNetwork(slot)) freeInterface(this.parts, i);
    this.parts.counters.clearNetwork(slot);
    this.parts.networks.free(slot);
  }
}
