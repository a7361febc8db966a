// Traffic an interface starts: `net ping` (ARP for the next hop, then ICMP echo requests one
// second apart, each reply's round trip in simulated time, and ping's summary) and `net send`
// (ARP, then UDP datagrams of a given size back to back at link speed). The next hop is the
// destination on the interface's own network, else its gateway (a router's leg or the uplink).
// The clock moves to when the last frame arrived. Drops the command caused are written once to
// the audit trail (type network), counted by reason, never one entry per frame.

import { fail } from "../../src/errors.js";
import { LINK_BITS_PER_SECOND, PING_COUNT_MAX, SEND_BYTES_MAX, SEND_COUNT_MAX } from "../../src/limits.js";
import { formatIpv4, parseIpv4 } from "./address-text.js";
import type { DataPlane } from "./data-plane.js";
import { arpRequestFrame, icmpEchoFrame, udpFrame } from "./frames/index.js";
import { contains, gatewayOf } from "./ipam.js";
import type { NetworkParts } from "./network-parts.js";
import { DROP_REASONS, NetworkState } from "./types.js";

const PING_DATA_BYTES = 56; // ping's default: 64 bytes of ICMP, 84 of IP
const PING_INTERVAL_MS = 1000;
const DISCARD_PORT = 9; // RFC 863: what net send sends to unless told
const EPHEMERAL_PORT_BASE = 49_152;

export interface PingReply {
  readonly seq: number;
  readonly rttMs: number | undefined; // undefined: no reply
  readonly ttl: number;
}

export interface TrafficDrops {
  readonly drops: Readonly<Record<string, number>>;
}

export interface PingResult extends TrafficDrops {
  readonly from: string;
  readonly source: string;
  readonly destination: string;
  readonly bytes: number;
  readonly resolved: boolean;
  readonly replies: PingReply[];
}

export interface SendResult extends TrafficDrops {
  readonly from: string;
  readonly destination: string;
  readonly resolved: boolean;
  readonly sent: number;
  readonly delivered: number;
  readonly bytes: number;
  readonly vlan: number | undefined;
}

interface Origin {
  readonly slot: number;
  readonly network: number;
  readonly nextHop: number;
  readonly dst: number;
}

function origin(parts: NetworkParts, name: string, dstText: string, what: string): Origin {
  const slot = parts.interfaceSlot(name);
  const network = parts.interfaces.networks[slot]!;
  parts.lifecycle.require(network, [NetworkState.Active], `${what} from '${name}'`);
  if (parts.interfaces.operstates[slot] !== 1) fail("EBUSY", `interface '${name}' is down`, `net if up ${name}`);
  const dst = parseIpv4(dstText, "destination address");
  const subnet = parts.subnet(network);
  return { slot, network, dst, nextHop: contains(subnet, dst) ? dst : gatewayOf(subnet) };
}

/** The next hop's MAC from the ARP cache, or after asking with ARP at `atMs`. */
function resolve(plane: DataPlane, o: Origin, vlan: number | undefined, atMs: number): number | undefined {
  const known = plane.stacks.lookup(o.slot, o.nextHop);
  if (known !== undefined) return known.mac;
  const self = plane.address(o.slot);
  plane.send(o.slot, arpRequestFrame({ srcMac: self.mac, srcIp: self.ip, targetIp: o.nextHop, vlan }), atMs);
  plane.run();
  return plane.stacks.lookup(o.slot, o.nextHop)?.mac;
}

export function ping(parts: NetworkParts, plane: DataPlane, name: string, dstText: string, count: number, vlan?: number): PingResult {
  if (!(Number.isInteger(count) && count >= 1 && count <= PING_COUNT_MAX)) fail("EINVAL", `ping count ${count} is out of range`, `1..${PING_COUNT_MAX} (PING_COUNT_MAX)`);
  const o = origin(parts, name, dstText, "ping");
  plane.resetTally();
  const self = plane.address(o.slot);
  const start = parts.clock.now();
  const replies: PingReply[] = [];
  let resolved = false;
  for (let seq = 1; seq <= count; seq++) {
    const sentMs = start + (seq - 1) * PING_INTERVAL_MS;
    if (sentMs > parts.clock.now()) parts.clock.advanceTo(sentMs);
    const mac = resolve(plane, o, vlan, sentMs);
    if (mac === undefined) {
      replies.push({ seq, rttMs: undefined, ttl: 0 });
      continue;
    }
    resolved = true;
    const id = 0x4b00 + o.slot; // ping's identifier: one per interface
    Object.assign(plane.stacks.awaiting, { endpoint: o.slot, id, seq, arrivedMs: -1, ttl: 0 });
    const data = new Uint8Array(PING_DATA_BYTES).map((_, i) => (0x10 + i) & 0xff);
    // sent once ARP has answered; its time counts from when ping stamped it, so the first one includes the ARP exchange, as on Linux
    plane.send(o.slot, icmpEchoFrame({ srcMac: self.mac, dstMac: mac, src: self.ip, dst: o.dst, vlan, type: "request", id, seq, data }), Math.max(sentMs, plane.lastArrivalMs));
    plane.run();
    const w = plane.stacks.awaiting;
    replies.push({ seq, rttMs: w.arrivedMs < 0 ? undefined : w.arrivedMs - sentMs, ttl: w.ttl });
  }
  plane.stacks.awaiting.endpoint = -1;
  finish(parts, plane);
  return { from: name, source: formatIpv4(self.ip), destination: formatIpv4(o.dst), bytes: PING_DATA_BYTES + 8, resolved, replies, drops: tally(plane) };
}

export function send(parts: NetworkParts, plane: DataPlane, name: string, dstText: string, options: { bytes: number; count: number; vlan?: number; port?: number }): SendResult {
  if (!(Number.isInteger(options.bytes) && options.bytes >= 0 && options.bytes <= SEND_BYTES_MAX)) fail("EINVAL", `--bytes ${options.bytes} is out of range`, `0..${SEND_BYTES_MAX} bytes of UDP payload fit one 1500-byte frame`);
  if (!(Number.isInteger(options.count) && options.count >= 1 && options.count <= SEND_COUNT_MAX)) fail("EINVAL", `--count ${options.count} is out of range`, `1..${SEND_COUNT_MAX} (SEND_COUNT_MAX)`);
  const o = origin(parts, name, dstText, "send");
  plane.resetTally();
  const self = plane.address(o.slot);
  const start = parts.clock.now();
  const vlan = options.vlan;
  const mac = resolve(plane, o, vlan, start);
  const first = Math.max(start, plane.lastArrivalMs); // after the ARP answer
  const before = plane.stacks.udpReceived.reduce((sum, n) => sum + n, 0);
  let sent = 0;
  if (mac !== undefined) {
    const payload = new Uint8Array(options.bytes).map((_, i) => i & 0xff);
    for (let i = 0; i < options.count; i++) {
      const frame = udpFrame({ srcMac: self.mac, dstMac: mac, src: self.ip, dst: o.dst, vlan, srcPort: EPHEMERAL_PORT_BASE + o.slot, dstPort: options.port ?? DISCARD_PORT, payload, ipId: i & 0xffff });
      plane.send(o.slot, frame, first + (i * frame.length * 8 * 1000) / LINK_BITS_PER_SECOND);
      plane.run();
      sent++;
    }
  }
  const delivered = plane.stacks.udpReceived.reduce((sum, n) => sum + n, 0) - before;
  finish(parts, plane);
  return { from: name, destination: formatIpv4(o.dst), resolved: mac !== undefined, sent, delivered, bytes: options.bytes, vlan, drops: tally(plane) };
}

/**
 * A gratuitous ARP from `name` (a request for its own address, broadcast), as the CNI bridge
 * plugin sends for a pod's new interface: the bridges learn its port, and peers that cached the
 * address update its MAC. Nothing when the interface is down or its network not yet Active.
 */
export function announce(parts: NetworkParts, plane: DataPlane, name: string): void {
  const slot = parts.interfaceSlot(name);
  if (parts.interfaces.operstates[slot] !== 1 || parts.lifecycle.state(parts.interfaces.networks[slot]!) !== NetworkState.Active) return;
  const self = plane.address(slot);
  plane.send(slot, arpRequestFrame({ srcMac: self.mac, srcIp: self.ip, targetIp: self.ip }), parts.clock.now());
  plane.run(); // the clock stays: nobody waits for an announcement (and it is sent from inside the scheduler's timers)
}

/** The clock moves to the last arrival; drops are written to the trail once, counted by reason. */
function finish(parts: NetworkParts, plane: DataPlane): void {
  if (plane.lastArrivalMs > parts.clock.now()) parts.clock.advanceTo(Math.ceil(plane.lastArrivalMs)); // whole milliseconds, as every other move of the clock
}

function tally(plane: DataPlane): Record<string, number> {
  const drops: Record<string, number> = {};
  DROP_REASONS.forEach((reason, i) => {
    if (plane.tally[i]! > 0) drops[reason] = plane.tally[i]!;
  });
  return drops;
}
