// One pass over a frame's layers, as a capture tool does before it prints or filters: Ethernet
// (and its 802.1Q tag), then ARP or IPv4, then ICMP or UDP, then VXLAN on UDP port 4789. Each
// layer is read only if the one below is whole; the first that is not is named in `truncated`
// (tcpdump's "[|ip]"). Never throws: a capture sees whatever is on the wire.

import { readArp, type ArpPacket } from "./arp.js";
import { EtherType, readEthernet, type EthernetHeader } from "./ethernet.js";
import { readIcmp, type IcmpMessage } from "./icmp.js";
import { IpProtocol, readIpv4Packet, type Ipv4Packet } from "./ipv4.js";
import { readUdp, type UdpDatagram } from "./udp.js";
import { VXLAN_PORT, readVxlan, type VxlanHeader } from "./vxlan.js";

export type Layer = "ether" | "arp" | "ip" | "icmp" | "udp" | "vxlan";

export interface Dissection {
  readonly eth?: EthernetHeader;
  readonly arp?: ArpPacket;
  readonly ip?: Ipv4Packet;
  readonly icmp?: IcmpMessage;
  readonly udp?: UdpDatagram;
  readonly vxlan?: VxlanHeader;
  readonly truncated?: Layer;
}

export function dissect(frame: Uint8Array): Dissection {
  const eth = readEthernet(frame);
  if (eth === undefined) return { truncated: "ether" };
  if (eth.etherType === EtherType.ARP) {
    const arp = readArp(frame, eth.payloadOffset);
    return arp === undefined ? { eth, truncated: "arp" } : { eth, arp };
  }
  if (eth.etherType !== EtherType.IPv4) return { eth };
  const ip = readIpv4Packet(frame, eth.payloadOffset);
  if (ip === undefined) return { eth, truncated: "ip" };
  return { eth, ip, ...transport(frame, ip) };
}

function transport(frame: Uint8Array, ip: Ipv4Packet): Pick<Dissection, "icmp" | "udp" | "vxlan" | "truncated"> {
  if (ip.protocol === IpProtocol.ICMP) {
    const icmp = readIcmp(frame, ip.payloadOffset, ip.payloadLength);
    return icmp === undefined ? { truncated: "icmp" } : { icmp };
  }
  if (ip.protocol !== IpProtocol.UDP) return {};
  const udp = readUdp(frame, ip.payloadOffset, ip.payloadLength, ip);
  if (udp === undefined) return { truncated: "udp" };
  if (udp.dstPort !== VXLAN_PORT) return { udp };
  const vxlan = readVxlan(frame, udp.payloadOffset, udp.payloadLength);
  return vxlan === undefined ? { udp, truncated: "vxlan" } : { udp, vxlan };
}
