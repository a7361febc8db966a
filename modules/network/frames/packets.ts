// Whole frames in one call, for the IP stack and tests: ARP, ICMP echo and UDP, each wrapped in
// its IPv4 packet (where it has one) and an Ethernet frame, tagged when `vlan` is given.

import { BROADCAST_MAC } from "./addresses.js";
import { arpReply, arpRequest } from "./arp.js";
import { EtherType, ethernet } from "./ethernet.js";
import { icmpEcho } from "./icmp.js";
import { IpProtocol, ipv4 } from "./ipv4.js";
import { udp } from "./udp.js";

interface LinkFields {
  readonly srcMac: number;
  readonly vlan?: number | undefined;
}

interface IpFields extends LinkFields {
  readonly dstMac: number;
  readonly src: number;
  readonly dst: number;
  readonly ttl?: number;
  readonly ipId?: number;
}

/** A broadcast ARP request: who has `targetIp`? */
export function arpRequestFrame(fields: LinkFields & { srcIp: number; targetIp: number }): Uint8Array {
  const payload = arpRequest({ senderMac: fields.srcMac, senderIp: fields.srcIp, targetIp: fields.targetIp });
  return ethernet({ dst: BROADCAST_MAC, src: fields.srcMac, vlan: fields.vlan, etherType: EtherType.ARP, payload });
}

/** A unicast ARP reply to the asker: `srcIp` is at `srcMac`. */
export function arpReplyFrame(fields: LinkFields & { srcIp: number; dstMac: number; dstIp: number }): Uint8Array {
  const payload = arpReply({ senderMac: fields.srcMac, senderIp: fields.srcIp, targetMac: fields.dstMac, targetIp: fields.dstIp });
  return ethernet({ dst: fields.dstMac, src: fields.srcMac, vlan: fields.vlan, etherType: EtherType.ARP, payload });
}

export function icmpEchoFrame(fields: IpFields & { type: "request" | "reply"; id: number; seq: number; data: Uint8Array }): Uint8Array {
  const message = icmpEcho({ type: fields.type, id: fields.id, seq: fields.seq, data: fields.data });
  return ipFrame(fields, IpProtocol.ICMP, message);
}

export function udpFrame(fields: IpFields & { srcPort: number; dstPort: number; payload: Uint8Array }): Uint8Array {
  const datagram = udp({ srcPort: fields.srcPort, dstPort: fields.dstPort, src: fields.src, dst: fields.dst, payload: fields.payload });
  return ipFrame(fields, IpProtocol.UDP, datagram);
}

function ipFrame(fields: IpFields, protocol: number, payload: Uint8Array): Uint8Array {
  const packet = ipv4({ src: fields.src, dst: fields.dst, protocol, ttl: fields.ttl, id: fields.ipId, payload });
  return ethernet({ dst: fields.dstMac, src: fields.srcMac, vlan: fields.vlan, etherType: EtherType.IPv4, payload: packet });
}
