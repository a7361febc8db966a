// VXLAN (RFC 7348): an inner Ethernet frame carried in UDP to port 4789 across an IPv4 underlay.
// Outer Ethernet | outer IPv4 | UDP (checksum 0, which RFC 7348 allows and Linux sends) |
// VXLAN header: flags (0x08: the VNI is valid) | 24 reserved bits | VNI:24 | 8 reserved bits |
// the inner frame, without its FCS. The UDP source port is a hash of the inner headers, so one
// flow keeps one port and the underlay can spread flows (the RFC's recommendation).

import { fail } from "../../../src/errors.js";
import { checkUnsigned } from "./checks.js";
import { ETHERNET_HEADER_BYTES, EtherType, ethernetHeaderBytes, readEthernet, writeEthernetHeader } from "./ethernet.js";
import { IPV4_HEADER_BYTES, IpProtocol, readIpv4Packet, writeIpv4Header } from "./ipv4.js";
import { UDP_HEADER_BYTES, readUdp, writeUdpHeader } from "./udp.js";

export const VXLAN_PORT = 4789; // IANA
export const VXLAN_HEADER_BYTES = 8;
const VXLAN_FLAG_VNI = 0x08;
export const VXLAN_OVERHEAD_BYTES = ETHERNET_HEADER_BYTES + IPV4_HEADER_BYTES + UDP_HEADER_BYTES + VXLAN_HEADER_BYTES; // 50, untagged underlay

export interface VxlanEncapFields {
  readonly vni: number;
  readonly srcMac: number; // outer (underlay) addresses
  readonly dstMac: number;
  readonly srcIp: number;
  readonly dstIp: number;
  readonly srcPort?: number; // default: vxlanSourcePort(inner)
  readonly ttl?: number;
  readonly id?: number;
  readonly vlan?: number; // an 802.1Q tag on the underlay frame
}

export interface VxlanHeader {
  readonly flags: number;
  readonly vni: number;
  readonly innerOffset: number; // in the array read from
}

export function vxlanEncap(inner: Uint8Array, fields: VxlanEncapFields): Uint8Array {
  const vni = checkUnsigned(fields.vni, 24, "VXLAN VNI");
  const ip = ethernetHeaderBytes(fields.vlan);
  const transport = ip + IPV4_HEADER_BYTES;
  const header = transport + UDP_HEADER_BYTES;
  const frame = new Uint8Array(header + VXLAN_HEADER_BYTES + inner.length);
  writeEthernetHeader(frame, { dst: fields.dstMac, src: fields.srcMac, vlan: fields.vlan, etherType: EtherType.IPv4 });
  const udpLength = UDP_HEADER_BYTES + VXLAN_HEADER_BYTES + inner.length;
  writeIpv4Header(frame, ip, { src: fields.srcIp, dst: fields.dstIp, protocol: IpProtocol.UDP, ttl: fields.ttl ?? 64, id: fields.id ?? 0, dontFragment: true }, udpLength);
  frame[header] = VXLAN_FLAG_VNI;
  frame[header + 4] = vni >>> 16;
  frame[header + 5] = (vni >>> 8) & 0xff;
  frame[header + 6] = vni & 0xff;
  frame.set(inner, header + VXLAN_HEADER_BYTES);
  const srcPort = fields.srcPort ?? vxlanSourcePort(inner);
  writeUdpHeader(frame, transport, { srcPort, dstPort: VXLAN_PORT, src: fields.srcIp, dst: fields.dstIp, checksum: false }, udpLength - UDP_HEADER_BYTES);
  return frame;
}

/** The VXLAN header in the `length` bytes at `offset` (a UDP payload), or undefined when short or without the VNI flag. */
export function readVxlan(bytes: Uint8Array, offset: number, length: number): VxlanHeader | undefined {
  if (length < VXLAN_HEADER_BYTES || bytes.length - offset < length || (bytes[offset]! & VXLAN_FLAG_VNI) === 0) return undefined;
  return { flags: bytes[offset]!, vni: (bytes[offset + 4]! << 16) | (bytes[offset + 5]! << 8) | bytes[offset + 6]!, innerOffset: offset + VXLAN_HEADER_BYTES };
}

/** The VNI and the inner frame (a view into `outer`) of an Ethernet/IPv4/UDP 4789/VXLAN frame; EINVAL otherwise. */
export function vxlanDecap(outer: Uint8Array): { vni: number; inner: Uint8Array; srcIp: number; dstIp: number; srcPort: number } {
  const eth = readEthernet(outer);
  const ip = eth?.etherType === EtherType.IPv4 ? readIpv4Packet(outer, eth.payloadOffset) : undefined;
  const datagram = ip?.protocol === IpProtocol.UDP ? readUdp(outer, ip.payloadOffset, ip.payloadLength) : undefined;
  const header = datagram?.dstPort === VXLAN_PORT ? readVxlan(outer, datagram.payloadOffset, datagram.payloadLength) : undefined;
  if (ip === undefined || datagram === undefined || header === undefined) {
    fail("EINVAL", `frame of ${outer.length} bytes is not VXLAN: expected Ethernet, IPv4, UDP to port ${VXLAN_PORT} and a VXLAN header with the VNI flag`);
  }
  const inner = outer.subarray(header.innerOffset, datagram.payloadOffset + datagram.payloadLength);
  return { vni: header.vni, inner, srcIp: ip.src, dstIp: ip.dst, srcPort: datagram.srcPort };
}

/** A source port in 49152..65535 from a hash (FNV-1a) of the inner frame's MACs and EtherType. */
export function vxlanSourcePort(inner: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < Math.min(inner.length, ETHERNET_HEADER_BYTES); i++) hash = Math.imul(hash ^ inner[i]!, 0x01000193) >>> 0;
  return 49152 + (hash % 16384);
}
