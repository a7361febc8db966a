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
import { fail } from "../../src/errors.js";
import { formatMac, parseMacText } from "./address-text.js";
import { UNDERLAY, type CaptureHeld, type CaptureStarted, type CaptureStatus } from "./capture.js";
import type { RouteRow } from "./router.js";
import { announce, ping, send, type PingResult, type SendResult } from "./traffic.js";
import type { Clock } from "../../src/clock.js";
import { NETWORK_CONFIGURE_MS } from "../../src/limits.js";
import type { Rng } from "../../src/rng.js";
import { freeInterface, interfaceInfo, leaseOf, removeInterface, setOperstate, addInterface, type InterfaceSpec, type Lease } from "./interfaces.js";
import { DataPlane } from "./data-plane.js";
import { NetworkParts, type NetworkPorts } from "./network-parts.js";
import { addVlan, createNetwork, deleteNetwork, networkInfo, refuseOnDirect, removeVlan, setAging, startNetwork, stopNetwork, type NetworkSpec } from "./networks.js";
import { restoreNetworks, saveNetworks, type SavedNetworks } from "./saved-network.js";
import type { PacketStats } from "./stats.js";
import { NETWORK_STATE_NAMES, NETWORK_TYPES, NetworkState, type InterfaceInfo, type NetworkInfo } from "./types.js";

export type { SavedNetworks } from "./saved-network.js";

/** One FDB entry as `net fdb` prints it. */
export interface FdbRow {
  readonly mac: string;
  readonly vlan: number;
  readonly port: number;
  readonly interface: string;
  readonly static: boolean;
  readonly ageMs: number;
}

export class VirtualNetworkManager {
  readonly parts: NetworkParts;
  readonly plane: DataPlane;

  constructor(clock: Clock, rng: Rng, ports: NetworkPorts) {
    this.parts = new NetworkParts(clock, rng, ports, { detached: (slot) => this.detached(slot), reap: (slot) => this.reap(slot), ended: (slot, from, to) => this.ended(slot, from, to) });
    this.plane = new DataPlane(this.parts);
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
    this.plane.capture.disown(name); // its label goes now: frames it held are guarded as the underlay's
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
    const slot = this.parts.networkSlot(network);
    refuseOnDirect(this.parts, slot, "VLANs (net vlan add)");
    const added = addVlan(this.parts, slot, id);
    this.plane.bridges[slot]!.addVlan(id);
    return added;
  }

  removeVlan(network: string, id: number): void {
    const slot = this.parts.networkSlot(network);
    removeVlan(this.parts, slot, id);
    this.plane.bridges[slot]!.removeVlan(id);
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
    this.plane.bridges[slot]!.setAging(this.parts.networks.agingMs[slot]!);
    return networkInfo(this.parts, slot);
  }

  addInterface(spec: InterfaceSpec): { info: InterfaceInfo; vlansAdded: number[] } {
    const added = addInterface(this.parts, spec);
    this.plane.attach(this.parts.interfaceSlot(spec.name));
    return added;
  }

  removeInterface(name: string): InterfaceInfo & { readonly flushed: number } {
    const slot = this.parts.interfaceSlot(name);
    const info = interfaceInfo(this.parts, slot);
    const flushed = this.plane.bridges[this.parts.interfaces.networks[slot]!]!.fdb(this.parts.clock.now()).filter((e) => e.port === info.port).length;
    removeInterface(this.parts, slot, () => this.plane.detach(slot));
    return { ...info, flushed };
  }

  setInterfaceUp(name: string, up: boolean): { info: InterfaceInfo; changed: boolean } {
    const slot = this.parts.interfaceSlot(name);
    const changed = setOperstate(this.parts, slot, up);
    this.plane.setLink(slot, up);
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
    const saved = saveNetworks(this.parts);
    return { ...saved, networks: saved.networks.map((row) => ({ ...row, bridge: this.plane.bridges[row.slot]!.save() })), routers: this.plane.routers.toJSON(), stacks: this.plane.stacks.save(), capture: this.plane.capture.save() };
  }

  // ---- traffic, the FDB, QoS, capture and routing (the data plane) ----------------------------

  ping(name: string, destination: string, count: number, uid: number, vlan?: number): PingResult {
    return this.audited(name, uid, () => ping(this.parts, this.plane, name, destination, count, vlan));
  }

  /** A gratuitous ARP from `name` (traffic.ts): how a pod's new interface tells the network where it is. */
  announce(name: string): void {
    announce(this.parts, this.plane, name);
  }

  send(name: string, destination: string, options: { bytes: number; count: number; vlan?: number; port?: number }, uid: number): SendResult {
    return this.audited(name, uid, () => send(this.parts, this.plane, name, destination, options));
  }

  /** `bridge fdb show`: each entry with the interface on its port. */
  fdb(network: string): FdbRow[] {
    const slot = this.parts.networkSlot(network);
    return this.plane.bridges[slot]!.fdb(this.parts.clock.now()).map((e) => ({ mac: formatMac(e.mac), vlan: e.vlan, port: e.port, interface: this.portName(slot, e.port), static: e.static, ageMs: e.ageMs }));
  }

  fdbAdd(network: string, mac: string, name: string, vlan: number | undefined): FdbRow {
    const slot = this.parts.networkSlot(network);
    const i = this.interfaceOn(slot, name);
    const port = this.parts.interfaces.ports[i]!;
    const inVlan = vlan ?? this.parts.interfaces.vlans[i]!;
    this.plane.bridges[slot]!.addStatic(parseMacText(mac), inVlan, port, {}, this.parts.clock.now());
    return { mac: formatMac(parseMacText(mac)), vlan: inVlan, port, interface: name, static: true, ageMs: 0 };
  }

  fdbDel(network: string, mac: string, name: string, vlan: number | undefined): void {
    const slot = this.parts.networkSlot(network);
    const i = this.interfaceOn(slot, name);
    this.plane.bridges[slot]!.removeStatic(parseMacText(mac), vlan ?? this.parts.interfaces.vlans[i]!, this.parts.interfaces.ports[i]!);
  }

  fdbFlush(network: string, name?: string): number {
    const slot = this.parts.networkSlot(network);
    return this.plane.bridges[slot]!.flush(name === undefined ? undefined : this.parts.interfaces.ports[this.interfaceOn(slot, name)]!);
  }

  /** Ingress policing of an interface, like OVS ingress_policing_rate/_burst (rate 0: off). */
  qos(name: string, rateBps: number, burstBytes: number): InterfaceInfo & { readonly rateBps: number; readonly burstBytes: number } {
    const slot = this.parts.interfaceSlot(name);
    const network = this.parts.interfaces.networks[slot]!;
    refuseOnDirect(this.parts, network, "policing (net qos)");
    this.plane.bridges[network]!.police(this.parts.interfaces.ports[slot]!, { rateBps, burstBytes }, this.parts.clock.now());
    const police = this.plane.bridges[network]!.port(this.parts.interfaces.ports[slot]!).police;
    this.parts.interfaces.policeRateBps[slot] = police?.rateBps ?? 0;
    this.parts.interfaces.policeBurstBytes[slot] = police?.burstBytes ?? 0;
    return { ...interfaceInfo(this.parts, slot), rateBps: police?.rateBps ?? 0, burstBytes: police?.burstBytes ?? 0 };
  }

  /** Starts a capture on a network, an interface or "underlay", for user `uid`. */
  captureStart(target: string, filter: string | undefined, snaplen: number | undefined, uid: number): CaptureStarted {
    if (target === UNDERLAY) return this.plane.capture.start("underlay", 0, target, "", filter, snaplen, uid);
    if (this.parts.networks.slots.has(target)) return this.plane.capture.start("network", this.parts.networkSlot(target), target, target, filter, snaplen, uid);
    if (this.parts.interfaces.slots.has(target)) return this.plane.capture.start("interface", this.parts.interfaceSlot(target), target, this.networkOfInterface(target)!, filter, snaplen, uid);
    return fail("ENOENT", `nothing named '${target}' to capture on`, "name a network, an interface, or underlay");
  }

  // The capture's other calls pass straight through (capture.ts).
  captureStop(): CaptureStatus { return this.plane.capture.stop(); }
  captureHeld(): CaptureHeld | undefined { return this.plane.capture.held(); }
  captureClear(): CaptureStatus { return this.plane.capture.clear(); }
  captureStatus(): CaptureStatus { return this.plane.capture.status(); }
  captureLines(limit: number): string[] { return this.plane.capture.lines(limit); }
  capturePcap(): Uint8Array { return this.plane.capture.pcap(); }

  createRouter(name: string, networks: readonly string[]): RouteRow[] {
    const slots = networks.map((network) => this.parts.networkSlot(network));
    this.plane.routers.create(name, slots);
    return this.plane.routers.routes().filter((r) => r.router === name);
  }

  deleteRouter(name: string): void {
    this.plane.routers.delete(name);
  }

  routes(): RouteRow[] {
    return this.plane.routers.routes();
  }

  /** The network interface `name` is on, if there is one. */
  networkOfInterface(name: string): string | undefined {
    const slots = this.parts.interfaces.slots;
    return slots.has(name) ? this.parts.networks.slots.nameOf(this.parts.interfaces.networks[slots.find(name)]!) : undefined;
  }

  /** The networks router `name` joins (none if there is no such router). */
  networksOfRouter(name: string): string[] {
    return [...new Set(this.routes().filter((route) => route.router === name).map((route) => route.network))];
  }

  routerNames(): string[] {
    return this.plane.routers.slots.slots().map((slot) => this.plane.routers.slots.nameOf(slot));
  }

  /** Runs traffic from interface `name` and writes the drops it caused to the trail, once, counted by reason. */
  private audited<T extends { readonly drops: Readonly<Record<string, number>> }>(name: string, uid: number, run: () => T): T {
    const result = run();
    const entries = Object.entries(result.drops);
    if (entries.length === 0) return result;
    const network = this.parts.networks.slots.nameOf(this.parts.interfaces.networks[this.parts.interfaceSlot(name)]!);
    const total = entries.reduce((sum, [, n]) => sum + n, 0);
    this.parts.ports.trail.record({ level: "warning", type: "network", uid, action: "net.drop", object: `net/${network}`, result: "dropped", message: `${total} frame(s) from ${name} dropped: ${entries.map(([reason, n]) => `${reason} ${n}`).join(", ")}` });
    return result;
  }

  private interfaceOn(network: number, name: string): number {
    const slot = this.parts.interfaceSlot(name);
    if (this.parts.interfaces.networks[slot] !== network) fail("EINVAL", `interface '${name}' is not on network '${this.parts.networks.slots.nameOf(network)}'`);
    return slot;
  }

  private portName(network: number, port: number): string {
    const owner = this.plane.interfaceAt(network, port);
    return owner < 0 ? "-" : this.parts.interfaces.slots.nameOf(owner);
  }

  restore(saved: SavedNetworks): void {
    restoreNetworks(this.parts, saved);
    for (const row of saved.networks) {
      if (row.bridge !== undefined) this.plane.restoreBridge(row.slot, row.bridge); // its FDB, buckets and counters as they were
      else this.rebuildBridge(row.slot, row.agingMs); // a file from before the bridge was saved
    }
    const withBridge = saved.networks.filter((row) => row.bridge !== undefined).map((row) => row.slot);
    for (const slot of this.parts.interfaces.slots.slots()) {
      if (withBridge.includes(this.parts.interfaces.networks[slot]!)) this.plane.claimPort(slot);
      else this.attachRestored(slot);
    }
    this.plane.routers.restore(saved.routers ?? []);
    this.plane.stacks.restore(saved.stacks ?? []); // after the ports are claimed: claiming clears a stack
    if (saved.capture !== undefined) this.plane.capture.restore(saved.capture, (target) => this.networkOfInterface(target), (network) => this.parts.networks.slots.has(network));
  }

  /** A bridge built from the network's rows: its VLANs and aging here, its ports as the interfaces attach. */
  private rebuildBridge(slot: number, agingMs: number): void {
    for (const vlan of this.parts.networks.vlans(slot)) this.plane.bridges[slot]!.addVlan(vlan);
    this.plane.bridges[slot]!.setAging(agingMs);
  }

  private attachRestored(slot: number): void {
    this.plane.attach(slot);
    const rateBps = this.parts.interfaces.policeRateBps[slot]!;
    if (rateBps > 0) this.plane.bridges[this.parts.interfaces.networks[slot]!]!.police(this.parts.interfaces.ports[slot]!, { rateBps, burstBytes: this.parts.interfaces.policeBurstBytes[slot]! }, this.parts.clock.now());
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

  /** Deactivating ended: every interface has left the bridge, its learned entries with it (the ports stay configured for `net up`). */
  private detached(slot: number): void {
    assert(this.parts.networks.states[slot] === NetworkState.Deactivating, "interfaces detach while Deactivating");
    this.plane.bridges[slot]!.flush();
  }

  /** A timed state ended on the clock: audited as the kernel's (uid 0), so every step of a network is in the trail. */
  private ended(slot: number, from: number, to: number | undefined): void {
    const name = this.parts.networks.slots.nameOf(slot);
    const now = to === undefined ? "removed" : NETWORK_STATE_NAMES[to]!;
    this.parts.ports.trail.record({ level: "info", type: "network", uid: 0, action: "net.state", object: `net/${name}`, result: now, message: `network '${name}': ${NETWORK_STATE_NAMES[from]} -> ${now}` });
  }

  /** Destroyed ended: the interfaces, counters, bridge and row go. */
  private reap(slot: number): void {
    for (const i of this.parts.interfaces.ofNetwork(slot)) freeInterface(this.parts, i);
    this.plane.resetNetwork(slot);
    this.parts.counters.clearNetwork(slot);
    this.parts.networks.free(slot);
  }
}
