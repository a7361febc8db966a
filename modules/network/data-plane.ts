// The data plane: where frames move. One LearningBridge per network slot (made at boot, fixed),
// which port holds which interface, the IP stacks of every endpoint (ip-stack.ts), the router
// (router.ts), the capture tap (capture.ts) and a fixed queue of frames in flight.
//
// An endpoint is an interface (its slot) or a network's gateway (INTERFACE_COUNT_MAX + network).
// send(endpoint, frame, atMs) queues a frame; run() moves frames until none is left: a frame an
// interface sends enters its bridge at its port (the bridge learns, polices, filters VLANs,
// isolates, and says where it goes), leaves at each egress port tagged or untagged as that port
// needs, crosses the underlay in VXLAN when its two interfaces are on different hosts of an
// overlay, and reaches the receiving stack, whose answer is queued in turn. The gateway is the
// bridge's own port (as Linux's br0): frames to its MAC go up to it, and what it sends goes
// straight to the interface holding the destination MAC. Time: each frame arrives later than it
// left by its bytes at LINK_BITS_PER_SECOND plus HOP_LATENCY_MS (and UNDERLAY_LATENCY_MS over
// the underlay); the caller moves the clock past the last arrival.
//
// Counters (stats.ts) are kept here: tx on the sender, rx on the receiver, broadcasts, floods,
// drops by reason; `tally` counts this command's drops by reason for its audit entry.

import { assert } from "../../src/assert.js";
import { BRIDGE_PORT_MAX, FRAME_QUEUE_MAX, FRAME_STEPS_MAX, HOP_LATENCY_MS, INTERFACE_COUNT_MAX, LINK_BITS_PER_SECOND, NETWORK_COUNT_MAX, UNDERLAY_LATENCY_MS } from "../../src/limits.js";
import { Ring } from "../../src/table/ring.js";
import { LearningBridge, type DropReason as BridgeDropReason, type SavedBridge } from "./bridge/index.js";
import { NetworkCapture } from "./capture.js";
import { BROADCAST_MAC, readEthernet, vxlanDecap, vxlanEncap, vxlanSourcePort, withoutVlanTag, withVlanTag } from "./frames/index.js";
import { IpStacks, type EndpointAddress } from "./ip-stack.js";
import { gatewayOf } from "./ipam.js";
import type { NetworkParts } from "./network-parts.js";
import { Routers } from "./router.js";
import { DROP_REASONS, NETWORK_TYPES, NetworkState, type DropReason } from "./types.js";

const GATEWAY_MAC_BASE = 0x525400fe0000; // 52:54:00:fe:00:<network>: each gateway's MAC
const HOST_MAC_BASE = 0x525400fd0000; // 52:54:00:fd:00:<host>: each overlay host's underlay NIC
const HOST_IP_BASE = 0xc0000200; // 192.0.2.<host> (TEST-NET-1): each overlay host's underlay address

export class DataPlane {
  readonly bridges: LearningBridge[] = Array.from({ length: NETWORK_COUNT_MAX }, () => new LearningBridge());
  readonly stacks = new IpStacks();
  readonly capture = new NetworkCapture();
  readonly routers: Routers;
  readonly tally = new Float64Array(DROP_REASONS.length);
  private readonly portOwner = new Int16Array(NETWORK_COUNT_MAX * BRIDGE_PORT_MAX).fill(-1);
  private readonly queue = new Ring("frame in flight", FRAME_QUEUE_MAX, "FRAME_QUEUE_MAX", "fail");
  private readonly queueFrom = new Int16Array(FRAME_QUEUE_MAX);
  private readonly queueAt = new Float64Array(FRAME_QUEUE_MAX);
  private readonly queueFrames: (Uint8Array | undefined)[] = new Array(FRAME_QUEUE_MAX).fill(undefined);
  lastArrivalMs = 0;

  constructor(private readonly parts: NetworkParts) {
    this.routers = new Routers(parts, this);
  }

  static gatewayEndpoint(network: number): number {
    return INTERFACE_COUNT_MAX + network; // router.ts numbers them the same way
  }

  gatewayMac(network: number): number {
    return GATEWAY_MAC_BASE + network;
  }

  address(endpoint: number): EndpointAddress {
    if (endpoint >= INTERFACE_COUNT_MAX) {
      const network = endpoint - INTERFACE_COUNT_MAX;
      return { mac: this.gatewayMac(network), ip: gatewayOf(this.parts.subnet(network)) };
    }
    return { mac: this.parts.interfaces.macs[endpoint]!, ip: this.parts.interfaces.ips[endpoint]! };
  }

  networkOf(endpoint: number): number {
    return endpoint >= INTERFACE_COUNT_MAX ? endpoint - INTERFACE_COUNT_MAX : this.parts.interfaces.networks[endpoint]!;
  }

  // ---- ports -------------------------------------------------------------------------------

  attach(slot: number): void {
    const t = this.parts.interfaces;
    const network = t.networks[slot]!;
    const bridge = this.bridges[network]!;
    for (const vlan of this.parts.networks.vlans(network)) bridge.addVlan(vlan);
    const trunk = t.modes[slot] === 1;
    bridge.attach(t.ports[slot]!, trunk ? { mode: "trunk", allowed: t.trunk(slot), ...(t.vlans[slot]! > 0 ? { pvid: t.vlans[slot]! } : {}) } : { mode: "access", vlan: t.vlans[slot]! }, { isolated: t.isolated[slot] === 1 });
    bridge.setLink(t.ports[slot]!, t.operstates[slot] === 1);
    this.portOwner[network * BRIDGE_PORT_MAX + t.ports[slot]!] = slot;
    this.stacks.clear(slot);
  }

  /** A restored bridge already holds the interface's port: only the port's owner and the stack are set. */
  claimPort(slot: number): void {
    this.portOwner[this.parts.interfaces.networks[slot]! * BRIDGE_PORT_MAX + this.parts.interfaces.ports[slot]!] = slot;
    this.stacks.clear(slot);
  }

  restoreBridge(network: number, saved: SavedBridge): void {
    this.bridges[network] = LearningBridge.restore(saved);
  }

  detach(slot: number): void {
    const network = this.parts.interfaces.networks[slot]!;
    const port = this.parts.interfaces.ports[slot]!;
    this.bridges[network]!.detach(port);
    this.portOwner[network * BRIDGE_PORT_MAX + port] = -1;
    this.stacks.clear(slot);
    this.capture.forget("interface", slot);
  }

  setLink(slot: number, up: boolean): void {
    this.bridges[this.parts.interfaces.networks[slot]!]!.setLink(this.parts.interfaces.ports[slot]!, up);
  }

  /** A network's slot is freed: a fresh bridge for the next network there. */
  resetNetwork(network: number): void {
    this.bridges[network] = new LearningBridge();
    this.portOwner.fill(-1, network * BRIDGE_PORT_MAX, (network + 1) * BRIDGE_PORT_MAX);
    this.stacks.clear(DataPlane.gatewayEndpoint(network));
    this.capture.forget("network", network);
    this.routers.forgetNetwork(network);
  }

  interfaceAt(network: number, port: number): number {
    return this.portOwner[network * BRIDGE_PORT_MAX + port]!;
  }

  // ---- moving frames -----------------------------------------------------------------------

  send(endpoint: number, frame: Uint8Array, atMs: number): void {
    const at = this.queue.push();
    this.queueFrom[at] = endpoint;
    this.queueAt[at] = atMs;
    this.queueFrames[at] = frame;
  }

  /** Moves every queued frame, and the frames they cause, to where they go. */
  run(): void {
    for (let steps = 0; this.queue.length > 0; steps++) {
      assert(steps < FRAME_STEPS_MAX, "frames stop moving within FRAME_STEPS_MAX");
      const at = this.queue.shift();
      const frame = this.queueFrames[at]!;
      this.queueFrames[at] = undefined;
      const from = this.queueFrom[at]!;
      const atMs = this.queueAt[at]!;
      if (from >= INTERFACE_COUNT_MAX) this.fromGateway(from - INTERFACE_COUNT_MAX, frame, atMs);
      else this.fromInterface(from, frame, atMs);
    }
  }

  resetTally(): void {
    this.tally.fill(0);
    this.lastArrivalMs = 0;
  }

  drop(slot: number, reason: DropReason): void {
    this.parts.counters.drop(slot, reason);
    this.tally[DROP_REASONS.indexOf(reason)]! += 1;
  }

  networkDrop(network: number, reason: DropReason): void {
    this.parts.counters.networkDrop(network, reason);
    this.tally[DROP_REASONS.indexOf(reason)]! += 1;
  }

  private fromInterface(slot: number, frame: Uint8Array, atMs: number): void {
    const network = this.parts.interfaces.networks[slot]!;
    this.capture.tap("interface", slot, frame, atMs);
    this.capture.tap("network", network, frame, atMs);
    this.parts.counters.frame(slot, "tx", frame.length, atMs);
    if (this.parts.networks.states[network] !== NetworkState.Active) return this.networkDrop(network, "link-down");
    if ((frame[0]! & 1) === 1) this.parts.counters.count(slot, "broadcasts");
    if (NETWORK_TYPES[this.parts.networks.types[network]!] === "direct") return this.fromDirect(slot, network, frame, atMs);
    const decision = this.bridges[network]!.forward(this.parts.interfaces.ports[slot]!, frame, atMs);
    const dst = destinationMac(frame);
    if (decision.kind === "drop") {
      this.drop(slot, bridgeReason(decision.reason));
      // Isolation is between ports: the bridge's own port (the gateway) still hears an isolated one, as Linux's br0 does.
      if (decision.reason === "isolated" && isForGateway(dst, this.gatewayMac(network))) this.toGateway(network, frame, tagOf(frame) > 0 ? tagOf(frame) : nativeVlan(this.parts, slot), atMs + wireMs(frame.length));
      return;
    }
    if (decision.kind === "flood" && dst !== this.gatewayMac(network) && this.bridges[network]!.isolationWithheld(this.parts.interfaces.ports[slot]!, decision.vlan)) this.drop(slot, "isolated"); // reached others, but not the isolated ports
    if (decision.kind === "flood" && dst !== this.gatewayMac(network)) this.parts.counters.count(slot, "floods"); // the bridge's own MAC is never learned on a port
    const arrival = atMs + wireMs(frame.length);
    if (isForGateway(dst, this.gatewayMac(network))) this.toGateway(network, frame, decision.vlan, arrival);
    if (dst === this.gatewayMac(network)) return; // frames to the bridge's own MAC go up to it, not out of its ports
    for (const port of decision.ports) {
      const owner = this.interfaceAt(network, port);
      if (owner < 0) continue;
      const out = retag(frame, decision.vlan, (decision.taggedMask & (1 << port)) !== 0);
      this.toInterface(owner, this.crossUnderlay(slot, owner, out, arrival), decision.vlan, arrival + this.underlayMs(slot, owner));
    }
  }

  /**
   * A direct (macvtap-like) network has no learning bridge: like macvlan's bridge mode, a frame
   * goes to the interface that owns its destination MAC (a lookup of configured MACs, nothing
   * learned), a broadcast to every other interface and the uplink, anything else to the uplink.
   * No VLANs, no policing, no isolation: those are the bridge's.
   */
  private fromDirect(slot: number, network: number, frame: Uint8Array, atMs: number): void {
    const dst = destinationMac(frame);
    const arrival = atMs + wireMs(frame.length);
    const owner = this.parts.interfaces.ofNetwork(network).find((i) => this.parts.interfaces.macs[i] === dst);
    if (owner !== undefined && owner !== slot) {
      if (this.parts.interfaces.operstates[owner] !== 1) return this.drop(slot, "link-down");
      return this.toInterface(owner, frame, nativeVlan(this.parts, owner), arrival);
    }
    if (dst !== BROADCAST_MAC) return this.toGateway(network, frame, 0, arrival);
    for (const other of this.parts.interfaces.ofNetwork(network)) if (other !== slot && this.parts.interfaces.operstates[other] === 1) this.toInterface(other, frame, nativeVlan(this.parts, other), arrival);
    this.toGateway(network, frame, 0, arrival);
  }

  /** The gateway sends: a broadcast to every interface of the VLAN, a unicast to the one holding the MAC. */
  private fromGateway(network: number, frame: Uint8Array, atMs: number): void {
    this.capture.tap("network", network, frame, atMs);
    const eth = readEthernet(frame);
    if (eth === undefined || this.parts.networks.states[network] !== NetworkState.Active) return this.networkDrop(network, "link-down");
    const arrival = atMs + wireMs(frame.length);
    for (const slot of this.parts.interfaces.ofNetwork(network)) {
      if (eth.dst !== BROADCAST_MAC && this.parts.interfaces.macs[slot] !== eth.dst) continue;
      const port = this.parts.interfaces.ports[slot]!;
      const vlan = eth.vlan ?? nativeVlan(this.parts, slot);
      const info = this.bridges[network]!.port(port);
      const carries = info.mode.mode === "access" ? info.mode.vlan === vlan : info.mode.allowed.includes(vlan);
      if (!carries || !info.linkUp) continue;
      this.toInterface(slot, retag(frame, vlan, this.bridges[network]!.egressTagged(port, vlan)), vlan, arrival);
    }
  }

  private toInterface(slot: number, frame: Uint8Array, vlan: number, atMs: number): void {
    this.lastArrivalMs = Math.max(this.lastArrivalMs, atMs);
    this.parts.counters.frame(slot, "rx", frame.length, atMs);
    this.capture.tap("interface", slot, frame, atMs);
    const tagged = tagOf(frame) >= 0;
    const received = this.stacks.receive(slot, this.address(slot), frame, vlan, tagged, atMs);
    if (received.kind === "answered") this.send(slot, received.reply, atMs);
  }

  private toGateway(network: number, frame: Uint8Array, vlan: number, atMs: number): void {
    this.lastArrivalMs = Math.max(this.lastArrivalMs, atMs);
    const endpoint = DataPlane.gatewayEndpoint(network);
    const tagged = tagOf(frame) >= 0;
    const received = this.stacks.receive(endpoint, this.address(endpoint), frame, vlan, tagged, atMs);
    if (received.kind === "answered") this.send(endpoint, received.reply, atMs);
    else if (received.kind === "foreign") this.routers.forward(network, frame, received.ipOffset, received.dst, atMs);
    this.routers.flushPending(network, atMs);
  }

  // ---- the overlay's underlay --------------------------------------------------------------

  private underlayMs(from: number, to: number): number {
    return this.crossesUnderlay(from, to) ? UNDERLAY_LATENCY_MS : 0;
  }

  private crossesUnderlay(from: number, to: number): boolean {
    const network = this.parts.interfaces.networks[from]!;
    return NETWORK_TYPES[this.parts.networks.types[network]!] === "overlay" && this.parts.interfaces.hosts[from] !== this.parts.interfaces.hosts[to];
  }

  /** Between hosts of an overlay the frame travels VXLAN-encapsulated: encapsulated, tapped, decapsulated. */
  private crossUnderlay(from: number, to: number, frame: Uint8Array, atMs: number): Uint8Array {
    if (!this.crossesUnderlay(from, to)) return frame;
    const vni = this.parts.networks.vnis[this.parts.interfaces.networks[from]!]!;
    const [a, b] = [this.hostIndex(this.parts.interfaces.hosts[from]!), this.hostIndex(this.parts.interfaces.hosts[to]!)];
    const outer = vxlanEncap(frame, { vni, srcMac: HOST_MAC_BASE + a, dstMac: HOST_MAC_BASE + b, srcIp: HOST_IP_BASE + a, dstIp: HOST_IP_BASE + b, srcPort: vxlanSourcePort(frame) });
    this.capture.tap("underlay", 0, outer, atMs);
    return vxlanDecap(outer).inner;
  }

  /** A host's number (1, 2, ...): its place among the hosts the interfaces name, in name order. */
  private hostIndex(host: string): number {
    const hosts = [...new Set(this.parts.interfaces.slots.slots().map((slot) => this.parts.interfaces.hosts[slot]!))].sort();
    return hosts.indexOf(host) + 1;
  }
}

/** The VLAN an interface sends untagged frames in: its access VLAN or its trunk's PVID. */
function nativeVlan(parts: NetworkParts, slot: number): number {
  return parts.interfaces.vlans[slot]!;
}

/** The frame as a port of `vlan` sends it: tagged or not. */
function retag(frame: Uint8Array, vlan: number, tagged: boolean): Uint8Array {
  const current = tagOf(frame);
  if (tagged) return current === vlan ? frame : withVlanTag(current < 0 ? frame : withoutVlanTag(frame), vlan);
  return current < 0 ? frame : withoutVlanTag(frame);
}

/** The frame's 802.1Q VLAN id, or -1 when it carries no tag (read from the bytes: this runs for every frame). */
function tagOf(frame: Uint8Array): number {
  return frame.length >= 18 && frame[12] === 0x81 && frame[13] === 0x00 ? ((frame[14]! & 0x0f) << 8) | frame[15]! : -1;
}

/** Whether a frame to `dst` goes up to the gateway (every network's gateway answers ARP and echo). */
function isForGateway(dst: number, gatewayMac: number): boolean {
  return dst === gatewayMac || dst === BROADCAST_MAC;
}

function destinationMac(frame: Uint8Array): number {
  return (frame[0]! * 256 + frame[1]!) * 2 ** 32 + ((frame[2]! << 24) >>> 0) + (frame[3]! << 16) + (frame[4]! << 8) + frame[5]!;
}

function wireMs(bytes: number): number {
  return HOP_LATENCY_MS + (bytes * 8 * 1000) / LINK_BITS_PER_SECOND;
}

/** The bridge's drop reasons are the network's (types.ts lists them all). */
function bridgeReason(reason: BridgeDropReason): DropReason {
  assert((DROP_REASONS as readonly string[]).includes(reason), `drop reason ${reason} is counted`);
  return reason as DropReason;
}
