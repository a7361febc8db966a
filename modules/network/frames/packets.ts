// Whole frames in one call and one array, for the IP stack and tests: ARP, ICMP echo and UDP,
// each in its IPv4 packet (where it has one) and an Ethernet frame, tagged when `vlan` is given.
// The layers' headers are written in place around the payload, which is copied once.

import { BROADCAST_MAC } from "./addresses.js";
import { arpReply, arpRequest } from "./arp.js";
import { EtherType, ethernet, ethernetHeaderBytes, writeEthernetHeader } from "./ethernet.js";
import { ICMP_ECHO_HEADER_BYTES, writeIcmpEchoHeader } from "./icmp.js";
import { IPV4_HEADER_BYTES, IpProtocol, writeIpv4Header } from "./ipv4.js";
import { UDP_HEADER_BYTES, writeUdpHeader } from "./udp.js";

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
  const { frame, transport } = ipFrame(fields, IpProtocol.ICMP, ICMP_ECHO_HEADER_BYTES, fields.data);
  writeIcmpEchoHeader(frame, transport, fields, fields.data.length);
  return frame;
}

export function udpFrame(fields: IpFields & { srcPort: number; dstPort: number; payload: Uint8Array }): Uint8Array {
  const { frame, transport } = ipFrame(fields, IpProtocol.UDP, UDP_HEADER_BYTES, fields.payload);
  writeUdpHeader(frame, transport, fields, fields.payload.length);
  return frame;
}

/** A frame with its Ethernet and IPv4 headers written and `payload` in place after a transport header still to write. */
function ipFrame(fields: IpFields, protocol: number, transportHeader: number, payload: Uint8Array): { frame: Uint8Array; transport: number } {
  const ip = ethernetHeaderBytes(fields.vlan);
  const transport = ip + IPV4_HEADER_BYTES;
  const frame = new Uint8Array(transport + transportHeader + payload.length);
  writeEthernetHeader(frame, { dst: fields.dstMac, src: fields.srcMac, vlan: fields.vlan, etherType: EtherType.IPv4 });
  writeIpv4Header(frame, ip, { src: fields.src, dst: fields.dst, protocol, ttl: fields.ttl, id: fields.ipId }, transportHeader + payload.length);
  frame.set(payload, transport + transportHeader);
  return { frame, transport };
}
