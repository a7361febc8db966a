// The tiny IP stack of every endpoint (each interface, and each network's gateway): an ARP cache
// of ARP_CACHE_MAX entries per endpoint in typed arrays, an ARP responder for its own address, an
// ICMP echo responder, and a counter of UDP datagrams it took in. `receive` reads one frame that
// reached the endpoint and returns the frame it answers with, if any; the data plane sends it.
// The pinger's echo replies are noted in one `awaiting` slot (a ping waits for one reply at a
// time). An ARP from a sender already cached updates its entry (RFC 826's merge flag), so a
// gratuitous ARP moves a peer to its new MAC. Frames not addressed to the endpoint (a flood's copy) are ignored, as a NIC does.

import { ARP_CACHE_MAX, ENDPOINT_COUNT_MAX } from "../../src/limits.js";
import { arpReplyFrame, EtherType, icmpEchoFrame, IpProtocol, readArp, readEthernet, readIcmp, readIpv4Packet, readUdp, BROADCAST_MAC } from "./frames/index.js";

export interface EndpointAddress {
  readonly mac: number;
  readonly ip: number;
}

/** What a frame that reached an endpoint was, for the data plane (a router forwards "foreign" IPv4). */
export type Received =
  | { readonly kind: "ignored" }
  | { readonly kind: "answered"; readonly reply: Uint8Array }
  | { readonly kind: "taken" }
  | { readonly kind: "foreign"; readonly ipOffset: number; readonly dst: number };

/** One endpoint's stack in state.json: its ARP cells in order ([ip, mac, vlan]), the cell a full cache overwrites next, its UDP intake. */
export interface SavedIpStack {
  readonly endpoint: number;
  readonly arp: [number, number, number][];
  readonly arpNext: number;
  readonly udpReceived: number;
  readonly udpBytes: number;
}

export class IpStacks {
  private readonly arpIps = new Uint32Array(ENDPOINT_COUNT_MAX * ARP_CACHE_MAX);
  private readonly arpMacs = new Float64Array(ENDPOINT_COUNT_MAX * ARP_CACHE_MAX);
  private readonly arpVlans = new Uint16Array(ENDPOINT_COUNT_MAX * ARP_CACHE_MAX);
  private readonly arpNext = new Uint8Array(ENDPOINT_COUNT_MAX); // the cell a new entry takes when the cache is full (round robin)
  readonly udpReceived = new Float64Array(ENDPOINT_COUNT_MAX);
  readonly udpBytes = new Float64Array(ENDPOINT_COUNT_MAX);
  /** The echo reply a ping waits for: endpoint, id, seq, and when it came (-1 until then). */
  readonly awaiting = { endpoint: -1, id: 0, seq: 0, arrivedMs: -1, ttl: 0 };

  /** The MAC (and VLAN it was heard on) of `ip` in `endpoint`'s ARP cache, or undefined. */
  lookup(endpoint: number, ip: number): { mac: number; vlan: number } | undefined {
    const base = endpoint * ARP_CACHE_MAX;
    for (let cell = 0; cell < ARP_CACHE_MAX; cell++) if (this.arpIps[base + cell] === ip && this.arpMacs[base + cell] !== 0) return { mac: this.arpMacs[base + cell]!, vlan: this.arpVlans[base + cell]! };
    return undefined;
  }

  learn(endpoint: number, ip: number, mac: number, vlan: number): void {
    const base = endpoint * ARP_CACHE_MAX;
    let cell = 0;
    while (cell < ARP_CACHE_MAX && this.arpIps[base + cell] !== ip && this.arpMacs[base + cell] !== 0) cell++;
    if (cell === ARP_CACHE_MAX) {
      cell = this.arpNext[endpoint]!;
      this.arpNext[endpoint] = (cell + 1) % ARP_CACHE_MAX;
    }
    this.arpIps[base + cell] = ip;
    this.arpMacs[base + cell] = mac;
    this.arpVlans[base + cell] = vlan;
  }

  /** Entries of `endpoint`'s cache, as `ip neigh` lists them. */
  neighbours(endpoint: number): { ip: number; mac: number; vlan: number }[] {
    const rows: { ip: number; mac: number; vlan: number }[] = [];
    const base = endpoint * ARP_CACHE_MAX;
    for (let cell = 0; cell < ARP_CACHE_MAX; cell++) if (this.arpMacs[base + cell] !== 0) rows.push({ ip: this.arpIps[base + cell]!, mac: this.arpMacs[base + cell]!, vlan: this.arpVlans[base + cell]! });
    return rows;
  }

  clear(endpoint: number): void {
    const base = endpoint * ARP_CACHE_MAX;
    this.arpIps.fill(0, base, base + ARP_CACHE_MAX);
    this.arpMacs.fill(0, base, base + ARP_CACHE_MAX);
    this.arpVlans.fill(0, base, base + ARP_CACHE_MAX);
    this.arpNext[endpoint] = 0;
    this.udpReceived[endpoint] = 0;
    this.udpBytes[endpoint] = 0;
  }

  /** The stacks that hold anything (a clean exit keeps what a journal replay would rebuild: the next ping does not ARP again). */
  save(): SavedIpStack[] {
    const saved: SavedIpStack[] = [];
    for (let endpoint = 0; endpoint < ENDPOINT_COUNT_MAX; endpoint++) {
      const arp = this.neighbours(endpoint).map((n): [number, number, number] => [n.ip, n.mac, n.vlan]);
      if (arp.length > 0 || this.udpReceived[endpoint] !== 0) saved.push({ endpoint, arp, arpNext: this.arpNext[endpoint]!, udpReceived: this.udpReceived[endpoint]!, udpBytes: this.udpBytes[endpoint]! });
    }
    return saved;
  }

  /** Puts saved stacks back, cell by cell (cells fill from the first, so their order is the saved order). */
  restore(saved: readonly SavedIpStack[]): void {
    for (const stack of saved) {
      this.clear(stack.endpoint);
      const base = stack.endpoint * ARP_CACHE_MAX;
      stack.arp.forEach(([ip, mac, vlan], cell) => {
        this.arpIps[base + cell] = ip;
        this.arpMacs[base + cell] = mac;
        this.arpVlans[base + cell] = vlan;
      });
      this.arpNext[stack.endpoint] = stack.arpNext;
      this.udpReceived[stack.endpoint] = stack.udpReceived;
      this.udpBytes[stack.endpoint] = stack.udpBytes;
    }
  }

  /** A frame reached `endpoint` (in `vlan`, tagged on the wire when `tagged`) at `atMs`. */
  receive(endpoint: number, self: EndpointAddress, frame: Uint8Array, vlan: number, tagged: boolean, atMs: number): Received {
    const eth = readEthernet(frame);
    if (eth === undefined || (eth.dst !== self.mac && eth.dst !== BROADCAST_MAC)) return { kind: "ignored" };
    const replyVlan = tagged ? vlan : undefined;
    if (eth.etherType === EtherType.ARP) {
      const arp = readArp(frame, eth.payloadOffset);
      if (arp === undefined) return { kind: "ignored" };
      // RFC 826's merge: a sender already cached is updated by any ARP heard (so a gratuitous ARP moves it)
      if (arp.targetIp === self.ip || arp.op === "reply" || this.lookup(endpoint, arp.senderIp) !== undefined) this.learn(endpoint, arp.senderIp, arp.senderMac, vlan);
      if (arp.op !== "request" || arp.targetIp !== self.ip) return { kind: "ignored" };
      return { kind: "answered", reply: arpReplyFrame({ srcMac: self.mac, srcIp: self.ip, dstMac: arp.senderMac, dstIp: arp.senderIp, vlan: replyVlan }) };
    }
    if (eth.etherType !== EtherType.IPv4 || eth.dst !== self.mac) return { kind: "ignored" };
    const ip = readIpv4Packet(frame, eth.payloadOffset);
    if (ip === undefined) return { kind: "ignored" };
    if (ip.dst !== self.ip) return { kind: "foreign", ipOffset: eth.payloadOffset, dst: ip.dst };
    return this.receiveIp(endpoint, self, frame, ip, eth.src, replyVlan, atMs);
  }

  private receiveIp(endpoint: number, self: EndpointAddress, frame: Uint8Array, ip: NonNullable<ReturnType<typeof readIpv4Packet>>, srcMac: number, replyVlan: number | undefined, atMs: number): Received {
    if (ip.protocol === IpProtocol.UDP) {
      const datagram = readUdp(frame, ip.payloadOffset, ip.payloadLength);
      if (datagram === undefined) return { kind: "ignored" };
      this.udpReceived[endpoint]! += 1;
      this.udpBytes[endpoint]! += datagram.payloadLength;
      return { kind: "taken" };
    }
    if (ip.protocol !== IpProtocol.ICMP) return { kind: "ignored" };
    const icmp = readIcmp(frame, ip.payloadOffset, ip.payloadLength);
    if (icmp === undefined) return { kind: "ignored" };
    if (icmp.type === "request") {
      return { kind: "answered", reply: icmpEchoFrame({ srcMac: self.mac, dstMac: srcMac, src: self.ip, dst: ip.src, vlan: replyVlan, type: "reply", id: icmp.id, seq: icmp.seq, data: frame.subarray(icmp.dataOffset, icmp.dataOffset + icmp.dataLength) }) };
    }
    const w = this.awaiting;
    if (icmp.type === "reply" && w.endpoint === endpoint && w.id === icmp.id && w.seq === icmp.seq && w.arrivedMs < 0) {
      w.arrivedMs = atMs;
      w.ttl = ip.ttl;
    }
    return { kind: "taken" };
  }
}
