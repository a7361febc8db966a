// Wire formats and capture for virtual networking (issue 14), a pure library: no kernel, no shell.
// Frames are Uint8Arrays of real Ethernet II bytes (no FCS); MACs are 48-bit numbers and IPv4
// addresses uint32s. Builders make one layer each (ethernet wraps ipv4 wraps udp/icmpEcho);
// packets.ts makes whole frames in one call. read* return undefined on bytes that do not hold
// the layer, parse* fail with EINVAL; dissect reads every layer of a frame at once.
//
//   const frame = icmpEchoFrame({ srcMac, dstMac, src, dst, vlan: 10, type: "request", id: 1, seq: 1, data });
//   decodeLine(frame)  // "52:54:00:… > 52:54:00:…, vlan 10, IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64"
//   const ring = new CaptureRing({ filter: compileFilter("icmp and vlan 10"), snaplen: 96 });
//   ring.offer(frame, nowMs); writeFileSync("ping.pcap", pcapFile(ring.records(), ring.snaplen));

export * from "./addresses.js";
export { internetChecksum, onesComplementSum, pseudoHeaderSum } from "./checksum.js";
export { ARP_BYTES, ArpOp, arpReply, arpRequest, parseArp, readArp, type ArpPacket } from "./arp.js";
export { CaptureRing, type CaptureOptions, type CaptureRecord, type SavedCaptureRing } from "./capture-ring.js";
export { decodeLine } from "./decode.js";
export { dissect, type Dissection, type Layer } from "./dissect.js";
export { ETHERNET_HEADER_BYTES, EtherType, VLAN_TAG_BYTES, ethernet, ethernetHeaderBytes, parseEthernet, readEthernet, withVlanTag, withoutVlanTag, writeEthernetHeader, type EthernetFields, type EthernetHeader } from "./ethernet.js";
export { compileFilter, type FramePredicate } from "./filter.js";
export { parseFilter, type Direction, type FilterNode } from "./filter-parse.js";
export { ICMP_ECHO_HEADER_BYTES, IcmpType, icmpEcho, icmpError, parseIcmp, readIcmp, writeIcmpEchoHeader, type IcmpEchoFields, type IcmpMessage } from "./icmp.js";
export { DEFAULT_TTL, IPV4_HEADER_BYTES, IpProtocol, decrementTtl, ipv4, parseIpv4Packet, readIpv4Packet, writeIpv4Header, type Ipv4Fields, type Ipv4Packet } from "./ipv4.js";
export { arpReplyFrame, arpRequestFrame, icmpEchoFrame, udpFrame } from "./packets.js";
export { LINKTYPE_ETHERNET, PCAP_MAGIC, pcapFile, readPcapFile } from "./pcap.js";
export { UDP_HEADER_BYTES, parseUdp, readUdp, udp, writeUdpHeader, type UdpDatagram, type UdpFields } from "./udp.js";
export { VXLAN_HEADER_BYTES, VXLAN_OVERHEAD_BYTES, VXLAN_PORT, readVxlan, vxlanDecap, vxlanEncap, vxlanSourcePort, type VxlanEncapFields, type VxlanHeader } from "./vxlan.js";
