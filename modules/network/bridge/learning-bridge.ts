// A learning bridge (Linux's bridge with vlan_filtering on, OVS's NORMAL action): up to
// BRIDGE_PORT_MAX ports, each an access port (one VLAN, untagged) or a trunk (its allowed VLANs
// tagged, the PVID untagged), optionally isolated, with a link that is up or down and an optional
// ingress policer. It holds no frames and sends nothing: forward() reads one frame's header and
// says where it goes, and the caller (the network subsystem) tags, untags and delivers.
//
// forward(port, frame, now), in order, as Linux's br_handle_frame does it:
//   1. the ingress link must be up ('link-down'); the frame is counted received;
//   2. the port's policer admits it or drops it ('policed'); a runt is 'malformed';
//   3. ingress VLAN filtering classifies it: untagged (or priority-tagged) frames take the port's
//      PVID; a tag is accepted on a trunk that allows it, or on an access port when it is the
//      port's own VLAN (as Linux accepts the PVID tagged), and dropped otherwise ('vlan');
//   4. a multicast or zero source is dropped ('invalid-source'); otherwise the source is learned
//      on (MAC, VLAN): a new entry, a refresh, or a move from another port. A full FDB refuses to
//      learn (counted learnRefused) and the frame still goes on, as Linux does at max_learned;
//   5. a multicast/broadcast or unknown destination floods to the VLAN's other member ports whose
//      link is up, skipping isolated ports when the frame came from one; a known destination goes
//      to its one port unless that is the ingress port ('same-port'), down, or isolated from it.
//
// The entries and their ageing are fdb.ts's. Static entries never age and, as in Linux, learning
// does move them to the port a frame came in on unless they were added sticky. Detaching a port
// flushes all its entries; its link going down flushes its learned ones (br_stp_disable_port).
// Typical use:
//   const bridge = new LearningBridge();
//   bridge.attach(0, { mode: "access", vlan: 10 });
//   bridge.attach(1, { mode: "trunk", allowed: [10, 20], pvid: 1 });
//   const decision = bridge.forward(0, frameBytes, clock.nowMs);

import { assert } from "../../../src/assert.js";
import { fail } from "../../../src/errors.js";
import { BRIDGE_PORT_MAX, FDB_ENTRY_MAX } from "../../../src/limits.js";
import { formatMac } from "../frames/addresses.js";
import { Fdb, Learned } from "./fdb.js";
import { ETHERNET_HEADER_BYTES, VLAN_TAG_BYTES, isBroadcast, isZeroSource, macHigh, macHighOf, macLow, vlanTag } from "./frame-header.js";
import { Policer, type PoliceSettings } from "./policer.js";
import { Counter, PortCounters, RETIRED_ROW, dropCounter } from "./port-stats.js";
import { checkSavedPorts, type SavedBridge, type SavedPort } from "./saved-bridge.js";
import { DROP_REASONS, type DropReason, type FdbEntry, type ForwardDecision, type PortInfo, type PortMode, type PortOptions, type PortStats } from "./types.js";
import { VlanTable, checkVlanId, maskPorts } from "./vlan-table.js";

const KIND_FREE = 0;
const KIND_ACCESS = 1;
const KIND_TRUNK = 2;
const MAC_COUNT = 2 ** 48;
const FLOOD_CACHE_LINES = 256; // remembered flood port lists: a power of two

const DROPPED = Object.fromEntries(DROP_REASONS.map((reason) => [reason, Object.freeze({ kind: "drop", reason })])) as Record<DropReason, ForwardDecision>;
const SINGLE_PORT = Array.from({ length: BRIDGE_PORT_MAX }, (_, port) => Object.freeze([port]));

export class LearningBridge {
  private readonly entries: Fdb;
  private readonly vlanTable = new VlanTable();
  private readonly policer = new Policer();
  private readonly counters = new PortCounters();
  private readonly kinds = new Uint8Array(BRIDGE_PORT_MAX);
  private readonly pvids = new Uint16Array(BRIDGE_PORT_MAX); // the VLAN of untagged frames; 0 = none (a trunk without PVID)
  private attachedMask = 0;
  private linkUpMask = 0;
  private isolatedMask = 0;
  private readonly floodCacheMasks = new Int32Array(FLOOD_CACHE_LINES).fill(-1);
  private readonly floodCachePorts: (readonly number[])[] = new Array<readonly number[]>(FLOOD_CACHE_LINES).fill(SINGLE_PORT[0]!);

  constructor(fdbCapacity: number = FDB_ENTRY_MAX) {
    this.entries = new Fdb(fdbCapacity);
  }

  // ---- ports -------------------------------------------------------------------------------

  /** Joins `port` to the bridge, link up, not policed, its counters at zero. */
  attach(port: number, mode: PortMode, options: PortOptions = {}): void {
    checkPortNumber(port);
    if (this.isAttached(port)) fail("EBUSY", `bridge port ${port} is already attached`, "detach it first, or take freePort()");
    const vlans = portVlans(mode);
    this.vlanTable.checkRoom(vlans);
    const pvid = mode.mode === "access" ? mode.vlan : (mode.pvid ?? 0);
    for (const vlan of vlans) this.vlanTable.join(port, vlan, vlan === pvid);
    const bit = 1 << port;
    this.kinds[port] = mode.mode === "access" ? KIND_ACCESS : KIND_TRUNK;
    this.pvids[port] = pvid;
    this.attachedMask |= bit;
    this.linkUpMask |= bit;
    this.isolatedMask = options.isolated === true ? this.isolatedMask | bit : this.isolatedMask & ~bit;
    this.policer.clear(port);
  }

  /** The lowest free port; fails when all BRIDGE_PORT_MAX are taken (the 17th interface). */
  freePort(): number {
    for (let port = 0; port < BRIDGE_PORT_MAX; port++) if (!this.isAttached(port)) return port;
    return fail("ENOSPC", `bridge full: ${BRIDGE_PORT_MAX} of ${BRIDGE_PORT_MAX} ports in use (BRIDGE_PORT_MAX)`, "detach an interface first");
  }

  /** Attaches at the lowest free port and returns it. */
  attachNext(mode: PortMode, options: PortOptions = {}): number {
    const port = this.freePort();
    this.attach(port, mode, options);
    return port;
  }

  /** Frees `port`: its FDB entries (static ones too) go, and VLANs no port carries any more. Returns the entries flushed. */
  detach(port: number): number {
    this.requireAttached(port);
    const flushed = this.entries.flush(port, true);
    this.vlanTable.leave(port);
    const keep = ~(1 << port);
    this.attachedMask &= keep;
    this.linkUpMask &= keep;
    this.isolatedMask &= keep;
    this.kinds[port] = KIND_FREE;
    this.pvids[port] = 0;
    this.policer.clear(port);
    this.counters.retirePort(port);
    return flushed;
  }

  /** Sets the port's link (carrier). Going down forgets what was learned on it, as Linux does. */
  setLink(port: number, up: boolean): void {
    this.requireAttached(port);
    const bit = 1 << port;
    if (up) this.linkUpMask |= bit;
    else if ((this.linkUpMask & bit) !== 0) {
      this.linkUpMask &= ~bit;
      this.entries.flush(port);
    }
  }

  setIsolated(port: number, isolated: boolean): void {
    this.requireAttached(port);
    this.isolatedMask = isolated ? this.isolatedMask | (1 << port) : this.isolatedMask & ~(1 << port);
  }

  /** Ingress policing on `port` (rate 0 turns it off). */
  police(port: number, settings: PoliceSettings, nowMs = 0): void {
    this.requireAttached(port);
    this.policer.set(port, settings, nowMs);
  }

  isAttached(port: number): boolean {
    return Number.isInteger(port) && port >= 0 && port < BRIDGE_PORT_MAX && (this.attachedMask & (1 << port)) !== 0;
  }

  port(port: number): PortInfo {
    this.requireAttached(port);
    const pvid = this.pvids[port]!;
    const mode: PortMode = this.kinds[port] === KIND_ACCESS ? { mode: "access", vlan: pvid } : { mode: "trunk", allowed: this.vlanTable.vlansOf(port), ...(pvid === 0 ? {} : { pvid }) };
    const bit = 1 << port;
    return { port, mode, isolated: (this.isolatedMask & bit) !== 0, linkUp: (this.linkUpMask & bit) !== 0, police: this.policer.settings(port) };
  }

  /** Every attached port, ascending. */
  ports(): PortInfo[] {
    return maskPorts(this.attachedMask).map((port) => this.port(port));
  }

  /** Whether a flood of `vlan` from `port` was kept by isolation from a port that would otherwise get it (both isolated, that one up). */
  isolationWithheld(port: number, vlan: number): boolean {
    const bit = 1 << port;
    return (this.isolatedMask & bit) !== 0 && (this.vlanTable.membersOf(vlan) & this.linkUpMask & this.isolatedMask & ~bit) !== 0;
  }

  /** Whether `port` sends frames of `vlan` tagged (a trunk, and `vlan` is not its PVID). */
  egressTagged(port: number, vlan: number): boolean {
    return (this.vlanTable.membersOf(vlan) & ~this.vlanTable.untaggedOf(vlan) & (1 << port)) !== 0;
  }

  private requireAttached(port: number): void {
    checkPortNumber(port);
    if ((this.attachedMask & (1 << port)) === 0) fail("ENOENT", `bridge port ${port} is not attached`);
  }

  // ---- VLANs -------------------------------------------------------------------------------

  /** Declares a VLAN on the bridge before any port carries it (`net vlan add`). */
  addVlan(vlan: number): void {
    this.vlanTable.declare(vlan);
  }

  /** Forgets a declared VLAN; fails while ports carry it. */
  removeVlan(vlan: number): void {
    this.vlanTable.undeclare(vlan);
  }

  /** Every VLAN with its member ports and the ones that send it untagged. */
  vlans(): { vlan: number; ports: number[]; untagged: number[] }[] {
    return this.vlanTable.list().map((vlan) => ({ vlan, ports: maskPorts(this.vlanTable.membersOf(vlan)), untagged: maskPorts(this.vlanTable.untaggedOf(vlan)) }));
  }

  // ---- the forwarding database -------------------------------------------------------------

  get agingMs(): number {
    return this.entries.agingMs;
  }

  /** Linux's ageing_time: 10 s to 1,000,000 s. */
  setAging(ms: number): void {
    this.entries.setAging(ms);
  }

  /** Pins `mac` on VLAN `vlan` to `port` (`bridge fdb add ... static`); a learned entry becomes static. */
  addStatic(mac: number, vlan: number, port: number, options: { sticky?: boolean } = {}, nowMs = 0): void {
    checkUnicastMac(mac);
    checkVlanId(vlan);
    this.requireAttached(port);
    if ((this.vlanTable.membersOf(vlan) & (1 << port)) === 0) fail("EINVAL", `bridge port ${port} does not carry VLAN ${vlan}`, "a static entry points at a port of its VLAN");
    this.entries.addStatic(mac, vlan, port, options.sticky === true, nowMs);
  }

  removeStatic(mac: number, vlan: number, port: number): void {
    checkUnicastMac(mac);
    checkVlanId(vlan);
    checkPortNumber(port);
    this.entries.removeStatic(mac, vlan, port);
  }

  /** Forgets learned entries (of one port, or all); static ones stay, as `bridge fdb flush` does. Returns how many went. */
  flush(port?: number): number {
    if (port !== undefined) this.requireAttached(port);
    return this.entries.flush(port);
  }

  /** Removes learned entries that have aged out at `nowMs`; returns how many. */
  expire(nowMs: number): number {
    return this.entries.expire(nowMs);
  }

  /** The live entries at `nowMs`, like `bridge fdb show`, by VLAN then MAC. */
  fdb(nowMs: number): FdbEntry[] {
    return this.entries.entries(nowMs);
  }

  /** Entries held (aged ones not yet swept included). */
  get fdbSize(): number {
    return this.entries.size;
  }

  // ---- saved form (saved-bridge.ts) ---------------------------------------------------------

  save(): SavedBridge {
    const ports = this.ports().map((info): SavedPort => {
      const [tokens, refilledMs] = this.policer.bucket(info.port);
      return { port: info.port, mode: info.mode, isolated: info.isolated, linkUp: info.linkUp, police: info.police === undefined ? undefined : { ...info.police, tokens, refilledMs }, counters: this.counters.rawRow(info.port) };
    });
    return { agingMs: this.agingMs, declaredVlans: this.vlanTable.declaredList(), ports, retiredCounters: this.counters.rawRow(RETIRED_ROW), fdb: this.entries.saved() };
  }

  /** A bridge as `save` left it (checked against SAVED_BRIDGE_SCHEMA by the caller). */
  static restore(saved: SavedBridge, fdbCapacity: number = FDB_ENTRY_MAX): LearningBridge {
    checkSavedPorts(saved.ports);
    const bridge = new LearningBridge(fdbCapacity);
    bridge.setAging(saved.agingMs);
    for (const vlan of saved.declaredVlans) bridge.addVlan(vlan);
    for (const port of saved.ports) {
      bridge.attach(port.port, port.mode, { isolated: port.isolated });
      if (port.police !== undefined) {
        bridge.police(port.port, port.police, port.police.refilledMs);
        bridge.policer.setBucket(port.port, port.police.tokens, port.police.refilledMs);
      }
      if (!port.linkUp) bridge.setLink(port.port, false);
      bridge.counters.setRawRow(port.port, port.counters);
    }
    bridge.counters.setRawRow(RETIRED_ROW, saved.retiredCounters);
    for (const entry of saved.fdb) bridge.restoreEntry(entry);
    return bridge;
  }

  private restoreEntry(entry: SavedBridge["fdb"][number]): void {
    const [mac, vlan, port] = entry;
    if ((this.vlanTable.membersOf(vlan) & (1 << port)) === 0) fail("EINVAL", `saved FDB entry for ${formatMac(mac)} names port ${port}, which does not carry VLAN ${vlan}`);
    checkUnicastMac(mac);
    this.entries.restore(entry);
  }

  // ---- statistics --------------------------------------------------------------------------

  /** One port's counters since it was attached. */
  stats(port: number): PortStats {
    this.requireAttached(port);
    return this.counters.read(port);
  }

  /** The bridge's totals, every port that ever was included. */
  totals(): PortStats {
    return this.counters.totals();
  }

  // ---- forwarding --------------------------------------------------------------------------

  /** Where the frame received on `ingressPort` at `nowMs` goes (see the steps at the top). */
  forward(ingressPort: number, frame: Uint8Array, nowMs: number): ForwardDecision {
    const bit = 1 << ingressPort;
    if (!(ingressPort >= 0 && ingressPort < BRIDGE_PORT_MAX && (this.attachedMask & bit) !== 0)) this.requireAttached(ingressPort);
    if ((this.linkUpMask & bit) === 0) return this.drop(ingressPort, "link-down");
    const length = frame.length;
    const counters = this.counters;
    counters.add(ingressPort, Counter.rxPackets, 1);
    counters.add(ingressPort, Counter.rxBytes, length);
    if (length < ETHERNET_HEADER_BYTES) return this.drop(ingressPort, "malformed");
    const groupAddressed = (frame[0]! & 1) !== 0;
    if (groupAddressed) counters.add(ingressPort, isBroadcast(frame) ? Counter.rxBroadcasts : Counter.rxMulticasts, 1);
    if (!this.policer.admit(ingressPort, length, nowMs)) return this.drop(ingressPort, "policed");
    const tag = vlanTag(frame);
    const vlan = this.classify(ingressPort, tag);
    if (vlan === 0) return this.drop(ingressPort, "vlan");
    if ((frame[6]! & 1) !== 0 || isZeroSource(frame)) return this.drop(ingressPort, "invalid-source");
    const learned = this.entries.learn(ingressPort, macHigh(frame, 6), macLow(frame, 6), vlan, nowMs);
    if (learned !== Learned.kept) this.counters.add(ingressPort, learned === Learned.moved ? Counter.macMoves : Counter.learnRefused, 1);
    const untaggedLength = tag >= 0 ? length - VLAN_TAG_BYTES : length;
    if (groupAddressed) return this.flood(ingressPort, vlan, untaggedLength);
    const egressPort = this.entries.portOf(macHigh(frame, 0), macLow(frame, 0), vlan, nowMs);
    return egressPort < 0 ? this.flood(ingressPort, vlan, untaggedLength) : this.unicast(ingressPort, egressPort, vlan, untaggedLength);
  }

  /** The VLAN a frame with `tag` (-1: none, 0: priority tag) belongs to on `port`, or 0 if the port refuses it. */
  private classify(port: number, tag: number): number {
    if (tag <= 0) return this.pvids[port]!;
    if (this.kinds[port] === KIND_ACCESS) return tag === this.pvids[port] ? tag : 0;
    return (this.vlanTable.membersOf(tag) & (1 << port)) !== 0 ? tag : 0;
  }

  private unicast(ingressPort: number, egressPort: number, vlan: number, untaggedLength: number): ForwardDecision {
    const egressBit = 1 << egressPort;
    if ((this.vlanTable.membersOf(vlan) & egressBit) === 0) assert(false, `an FDB entry on VLAN ${vlan} points at a member port (${egressPort})`); // the message is built only on failure (a hot path)
    if (egressPort === ingressPort) return this.drop(ingressPort, "same-port");
    if ((this.linkUpMask & egressBit) === 0) return this.drop(ingressPort, "link-down");
    if ((this.isolatedMask & egressBit) !== 0 && (this.isolatedMask & (1 << ingressPort)) !== 0) return this.drop(ingressPort, "isolated");
    const taggedMask = egressBit & ~this.vlanTable.untaggedOf(vlan);
    this.countTransmit(egressPort, untaggedLength + (taggedMask === 0 ? 0 : VLAN_TAG_BYTES));
    return { kind: "unicast", vlan, ports: SINGLE_PORT[egressPort]!, portMask: egressBit, taggedMask };
  }

  private flood(ingressPort: number, vlan: number, untaggedLength: number): ForwardDecision {
    const ingressBit = 1 << ingressPort;
    const others = this.vlanTable.membersOf(vlan) & ~ingressBit;
    let mask = others & this.linkUpMask;
    if (others !== 0 && mask === 0) return this.drop(ingressPort, "link-down");
    if ((this.isolatedMask & ingressBit) !== 0) {
      const reachable = mask & ~this.isolatedMask;
      if (mask !== 0 && reachable === 0) return this.drop(ingressPort, "isolated");
      mask = reachable;
    }
    this.counters.add(ingressPort, Counter.floods, 1);
    const taggedMask = mask & ~this.vlanTable.untaggedOf(vlan);
    for (let port = 0, rest = mask; rest !== 0; port++, rest >>>= 1) {
      if ((rest & 1) !== 0) this.countTransmit(port, untaggedLength + ((taggedMask >>> port) & 1) * VLAN_TAG_BYTES);
    }
    return { kind: "flood", vlan, ports: this.floodPorts(mask), portMask: mask, taggedMask };
  }

  /** The ports of `mask` as a frozen array, from a small direct-mapped cache (a bridge floods to few distinct sets). */
  private floodPorts(mask: number): readonly number[] {
    const line = (mask ^ (mask >>> 8) ^ (mask >>> 16)) & (FLOOD_CACHE_LINES - 1);
    if (this.floodCacheMasks[line] === mask) return this.floodCachePorts[line]!;
    const ports = Object.freeze(maskPorts(mask));
    this.floodCacheMasks[line] = mask;
    this.floodCachePorts[line] = ports;
    return ports;
  }

  private countTransmit(port: number, bytes: number): void {
    this.counters.add(port, Counter.txPackets, 1);
    this.counters.add(port, Counter.txBytes, bytes);
  }

  private drop(port: number, reason: DropReason): ForwardDecision {
    this.counters.add(port, dropCounter(reason), 1);
    return DROPPED[reason];
  }
}

function checkPortNumber(port: number): void {
  if (!(Number.isInteger(port) && port >= 0 && port < BRIDGE_PORT_MAX))
    fail(Number.isInteger(port) && port >= BRIDGE_PORT_MAX ? "ENOSPC" : "EINVAL", `bridge port ${port} does not exist: a bridge has ports 0..${BRIDGE_PORT_MAX - 1} (BRIDGE_PORT_MAX ${BRIDGE_PORT_MAX})`);
}

/** The VLANs a port in `mode` carries, checked and without repeats. */
function portVlans(mode: PortMode): number[] {
  if (mode.mode === "access") {
    checkVlanId(mode.vlan);
    return [mode.vlan];
  }
  if (mode.mode !== "trunk") fail("EINVAL", `port mode ${String((mode as { mode: unknown }).mode)} is not access or trunk`);
  const vlans = [...mode.allowed, ...(mode.pvid === undefined ? [] : [mode.pvid])];
  if (vlans.length === 0) fail("EINVAL", "a trunk port carries at least one VLAN", "give --trunk 10,20");
  for (const vlan of vlans) checkVlanId(vlan);
  return [...new Set(vlans)].sort((a, b) => a - b);
}

function checkUnicastMac(mac: number): void {
  if (!(Number.isInteger(mac) && mac > 0 && mac < MAC_COUNT)) fail("EINVAL", `MAC ${mac} is not a 48-bit address`);
  if (((macHighOf(mac) >>> 8) & 1) === 1) fail("EINVAL", `MAC ${formatMac(mac)} is a multicast address`, "an FDB entry names one station");
}
