// One line per frame in tcpdump's style (`tcpdump -e -n`, trimmed): the MACs, the 802.1Q tag,
// then the protocol as tcpdump prints it. A VXLAN frame shows its outer line, then its inner
// frame after a colon, so the underlay and the overlay read on one line:
//   52:54:00:aa:bb:cc > ff:ff:ff:ff:ff:ff, vlan 10, ARP, Request who-has 10.0.0.2 tell 10.0.0.1
//   52:54:00:aa:bb:cc > 52:54:00:dd:ee:ff, IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64
//   ... IP 192.168.0.1.50000 > 192.168.0.2.4789: VXLAN, flags [I] (0x08), vni 42: <inner frame>

import { formatIpv4, formatMac } from "./addresses.js";
import { dissect, type Dissection } from "./dissect.js";
import { EtherType } from "./ethernet.js";
import { IcmpType } from "./icmp.js";
import { IpProtocol, type Ipv4Packet } from "./ipv4.js";

const NESTED_FRAMES = 2; // VXLAN in VXLAN is decoded this deep, then shown as its header only

export function decodeLine(frame: Uint8Array, depth = 0): string {
  const d = dissect(frame);
  if (d.eth === undefined) return `[|ether] length ${frame.length}`;
  const link = `${formatMac(d.eth.src)} > ${formatMac(d.eth.dst)}, ${d.eth.vlan === undefined ? "" : `vlan ${d.eth.vlan}, `}`;
  if (d.eth.etherType === EtherType.ARP) return link + arpText(d);
  if (d.eth.etherType !== EtherType.IPv4) return `${link}ethertype ${etherTypeName(d.eth.etherType)}, length ${frame.length}`;
  if (d.ip === undefined) return `${link}IP [|ip]`;
  const checksum = d.ip.checksumValid ? "" : " [bad ip cksum]";
  return `${link}IP ${ipText(frame, d, d.ip, depth)}${checksum}`;
}

function arpText(d: Dissection): string {
  if (d.arp === undefined) return "ARP, [|arp]";
  if (d.arp.op === "request") return `ARP, Request who-has ${formatIpv4(d.arp.targetIp)} tell ${formatIpv4(d.arp.senderIp)}`;
  return `ARP, Reply ${formatIpv4(d.arp.senderIp)} is-at ${formatMac(d.arp.senderMac)}`;
}

function ipText(frame: Uint8Array, d: Dissection, ip: Ipv4Packet, depth: number): string {
  const src = formatIpv4(ip.src);
  const dst = formatIpv4(ip.dst);
  if (ip.protocol === IpProtocol.ICMP) return `${src} > ${dst}: ${icmpText(d)}`;
  if (ip.protocol !== IpProtocol.UDP) return `${src} > ${dst}: ip-proto-${ip.protocol}, length ${ip.payloadLength}`;
  if (d.udp === undefined) return `${src} > ${dst}: UDP [|udp]`;
  const ends = `${src}.${d.udp.srcPort} > ${dst}.${d.udp.dstPort}: `;
  const bad = d.udp.checksumValid === false ? " [bad udp cksum]" : "";
  if (d.vxlan === undefined) return `${ends}${d.truncated === "vxlan" ? "VXLAN [|vxlan]" : `UDP, length ${d.udp.payloadLength}`}${bad}`;
  const header = `VXLAN, flags [I] (0x${d.vxlan.flags.toString(16).padStart(2, "0")}), vni ${d.vxlan.vni}`;
  const inner = frame.subarray(d.vxlan.innerOffset, d.udp.payloadOffset + d.udp.payloadLength);
  return depth + 1 < NESTED_FRAMES ? `${ends}${header}: ${decodeLine(inner, depth + 1)}` : `${ends}${header}`;
}

function icmpText(d: Dissection): string {
  const icmp = d.icmp;
  if (icmp === undefined) return "ICMP [|icmp]";
  const bad = icmp.checksumValid ? "" : " [bad icmp cksum]";
  if (icmp.type !== "other") return `ICMP echo ${icmp.type}, id ${icmp.id}, seq ${icmp.seq}, length ${icmp.length}${bad}`;
  const name = icmp.icmpType === IcmpType.TimeExceeded ? "time exceeded in-transit" : icmp.icmpType === IcmpType.DestinationUnreachable ? "unreachable" : "type";
  return `ICMP ${name} ${icmp.icmpType} code ${icmp.code}, length ${icmp.length}${bad}`;
}

function etherTypeName(etherType: number): string {
  const hex = `0x${etherType.toString(16).padStart(4, "0")}`;
  return etherType === EtherType.IPv6 ? `IPv6 (${hex})` : hex;
}
