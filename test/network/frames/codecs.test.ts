// The wire formats byte for byte: checksums against hand-worked RFC examples, exact layouts,
// 802.1Q tag insert and remove, VXLAN (RFC 7348), and round trips over random fields.

import { fc, test as prop } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  EtherType,
  IpProtocol,
  arpReply,
  arpRequest,
  decrementTtl,
  ethernet,
  formatCidr,
  formatIpv4,
  formatMac,
  icmpEcho,
  internetChecksum,
  onesComplementSum,
  ipv4,
  isBroadcastMac,
  isMulticastMac,
  parseArp,
  parseCidr,
  parseEthernet,
  parseIcmp,
  parseIpv4,
  parseIpv4Packet,
  parseMac,
  parseUdp,
  readIpv4Packet,
  udp,
  vxlanDecap,
  vxlanEncap,
  withVlanTag,
  withoutVlanTag,
} from "../../../modules/network/frames/index.js";
import { HOST_IP_1, HOST_IP_2, HOST_MAC_1, HOST_MAC_2, IP_A, IP_B, MAC_A, MAC_B, hex } from "./fixtures.js";

const mac = fc.integer({ min: 0, max: 2 ** 48 - 1 });
const ip = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const port = fc.integer({ min: 0, max: 65535 });
const vlan = fc.integer({ min: 1, max: 4094 });
const bytes = fc.uint8Array({ maxLength: 200 });

describe("addresses", () => {
  it("parses and formats MACs, IPv4 addresses and CIDRs", () => {
    expect(parseMac("52:54:00:AA:bb:cc")).toBe(0x525400aabbcc);
    expect(parseMac("52-54-00-aa-bb-cc")).toBe(0x525400aabbcc);
    expect(formatMac(0x525400aabbcc)).toBe("52:54:00:aa:bb:cc");
    expect(formatMac(1)).toBe("00:00:00:00:00:01");
    expect(parseIpv4("10.0.0.1")).toBe(0x0a000001);
    expect(parseIpv4("255.255.255.255")).toBe(0xffffffff);
    expect(formatIpv4(0xc0a80001)).toBe("192.168.0.1");
    expect(parseCidr("10.0.0.7/24")).toEqual({ network: 0x0a000000, prefix: 24, address: 0x0a000007 });
    expect(parseCidr("0.0.0.0/0").network).toBe(0);
    expect(formatCidr(0x0a000000, 8)).toBe("10.0.0.0/8");
    expect(isBroadcastMac(parseMac("ff:ff:ff:ff:ff:ff"))).toBe(true);
    expect(isMulticastMac(parseMac("01:00:5e:00:00:01"))).toBe(true);
    expect(isMulticastMac(MAC_A)).toBe(false);
  });

  it.each(["52:54:00:aa:bb", "52:54:00:aa:bb:cc:dd", "52:54:00:aa:bb:zz", "52:54-00:aa:bb:cc", ""])("refuses the MAC '%s' with EINVAL", (text) => {
    expect(() => parseMac(text)).toThrow(expect.objectContaining({ code: "EINVAL", message: expect.stringContaining(`'${text}'`) }));
  });

  it.each(["10.0.0", "10.0.0.256", "10.0.0.01", "a.b.c.d", "10.0.0.1.2"])("refuses the IPv4 address '%s' with EINVAL", (text) => {
    expect(() => parseIpv4(text)).toThrow(expect.objectContaining({ code: "EINVAL" }));
  });

  it.each(["10.0.0.0", "10.0.0.0/33", "10.0.0.0/x", "10.0.0.0/24/1"])("refuses the CIDR '%s' with EINVAL", (text) => {
    expect(() => parseCidr(text)).toThrow(expect.objectContaining({ code: "EINVAL" }));
  });

  prop.prop([mac, ip])("formats and parses back every MAC and IPv4 address", (m, a) => {
    expect(parseMac(formatMac(m))).toBe(m);
    expect(parseIpv4(formatIpv4(a))).toBe(a);
  });
});

describe("checksums", () => {
  it("matches RFC 1071's worked example (00 01 f2 03 f4 f5 f6 f7 sums to ddf2)", () => {
    expect(internetChecksum(Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]), 0, 8)).toBe(0xffff - 0xddf2);
  });

  prop.prop([fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 0xffff })])("sums as RFC 1071's 16-bit words do, at any offset and length", (data, a, b, initial) => {
    const offset = data.length === 0 ? 0 : a % data.length;
    const length = (data.length - offset === 0 ? 0 : b % (data.length - offset + 1));
    let sum = initial;
    for (let i = 0; i < length; i += 2) sum += (data[offset + i]! << 8) | (i + 1 < length ? data[offset + i + 1]! : 0);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    expect(onesComplementSum(data, offset, length, initial)).toBe(sum);
  });

  it("builds the textbook IPv4 header 4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7", () => {
    const packet = ipv4({ src: parseIpv4("192.168.0.1"), dst: parseIpv4("192.168.0.199"), protocol: IpProtocol.UDP, ttl: 64, id: 0, dontFragment: true, payload: new Uint8Array(0x73 - 20) });
    expect(hex(packet.subarray(0, 20))).toBe("450000730000400040 11b861c0a80001c0a800c7".replace(" ", ""));
    expect(parseIpv4Packet(packet).checksumValid).toBe(true);
  });

  it("builds an ICMP echo request id 1 seq 1 with no data as 08 00 f7fd 0001 0001 (worked by hand)", () => {
    expect(hex(icmpEcho({ type: "request", id: 1, seq: 1, data: new Uint8Array(0) }))).toBe("0800f7fd00010001");
  });

  it("builds UDP 1000 -> 2000 from 10.0.0.1 to 10.0.0.2 carrying 01 02 with checksum df1d (pseudo-header worked by hand)", () => {
    expect(hex(udp({ srcPort: 1000, dstPort: 2000, src: IP_A, dst: IP_B, payload: Uint8Array.from([1, 2]) }))).toBe("03e807d0000adf1d0102");
  });

  it("sends a computed UDP checksum of 0 as ffff (RFC 768), and reads 0 as no checksum", () => {
    // Payload chosen so the sum comes to ffff: the checksum field would be 0.
    const probe = udp({ srcPort: 0, dstPort: 0, src: 0, dst: 0, payload: new Uint8Array(2) });
    const datagram = udp({ srcPort: 0, dstPort: 0, src: 0, dst: 0, payload: probe.subarray(6, 8) }); // the sum plus its complement is ffff
    expect(hex(datagram.subarray(6, 8))).toBe("ffff");
    expect(parseUdp(datagram, 0, datagram.length, { src: 0, dst: 0 }).checksumValid).toBe(true);
    const none = udp({ srcPort: 1, dstPort: 2, src: IP_A, dst: IP_B, payload: new Uint8Array(4), checksum: false });
    expect(parseUdp(none, 0, none.length, { src: IP_A, dst: IP_B })).toMatchObject({ checksum: 0, checksumValid: true });
  });

  it("notices a flipped bit in each checksummed layer", () => {
    const packet = ipv4({ src: IP_A, dst: IP_B, protocol: IpProtocol.ICMP, payload: icmpEcho({ type: "reply", id: 7, seq: 9, data: new Uint8Array(8) }) });
    const badHeader = packet.slice();
    badHeader[15]! ^= 1;
    expect(parseIpv4Packet(badHeader).checksumValid).toBe(false);
    const badData = packet.slice();
    badData[30]! ^= 4;
    expect(parseIcmp(badData, 20).checksumValid).toBe(false);
    const datagram = udp({ srcPort: 5, dstPort: 6, src: IP_A, dst: IP_B, payload: new Uint8Array(3) });
    expect(parseUdp(datagram, 0, datagram.length, { src: IP_A, dst: IP_B + 1 }).checksumValid).toBe(false);
  });

  prop.prop([ip, ip, fc.integer({ min: 1, max: 255 }), fc.integer({ min: 0, max: 65535 }), bytes])("decrements a TTL with the checksum a full recomputation gives (RFC 1624)", (src, dst, ttl, id, payload) => {
    const packet = ipv4({ src, dst, protocol: IpProtocol.UDP, ttl, id, payload });
    expect(decrementTtl(packet, 0)).toBe(ttl - 1);
    expect(hex(packet)).toBe(hex(ipv4({ src, dst, protocol: IpProtocol.UDP, ttl: ttl - 1, id, payload })));
  });
});

describe("Ethernet and 802.1Q", () => {
  it("lays out an untagged frame: dst, src, EtherType, payload", () => {
    const frame = ethernet({ dst: MAC_B, src: MAC_A, etherType: EtherType.IPv4, payload: Uint8Array.from([9, 8]) });
    expect(hex(frame)).toBe("525400ddeeff525400aabbcc08000908");
    expect(parseEthernet(frame)).toEqual({ dst: MAC_B, src: MAC_A, vlan: undefined, priority: 0, etherType: 0x0800, payloadOffset: 14 });
  });

  it("inserts an 802.1Q tag (8100, PCP/DEI/VID) after the MACs and removes it again", () => {
    const plain = ethernet({ dst: MAC_B, src: MAC_A, etherType: EtherType.ARP, payload: Uint8Array.from([1]) });
    const tagged = withVlanTag(plain, 10, 5);
    expect(hex(tagged)).toBe("525400ddeeff525400aabbcc" + "8100a00a" + "0806" + "01");
    expect(parseEthernet(tagged)).toMatchObject({ vlan: 10, priority: 5, etherType: EtherType.ARP, payloadOffset: 18 });
    expect(hex(withoutVlanTag(tagged))).toBe(hex(plain));
    expect(withoutVlanTag(plain)).toBe(plain);
    expect(parseEthernet(withVlanTag(tagged, 4094)).vlan).toBe(4094);
    expect(withVlanTag(tagged, 20).length).toBe(tagged.length);
    expect(hex(ethernet({ dst: MAC_B, src: MAC_A, vlan: 10, priority: 5, etherType: EtherType.ARP, payload: Uint8Array.from([1]) }))).toBe(hex(tagged));
  });

  it.each([0, 4095, 1.5, -1])("refuses VLAN %s with EINVAL naming the range", (id) => {
    const plain = ethernet({ dst: MAC_B, src: MAC_A, etherType: EtherType.IPv4, payload: new Uint8Array(0) });
    expect(() => withVlanTag(plain, id)).toThrow(expect.objectContaining({ code: "EINVAL", message: expect.stringContaining("1..4094") }));
  });

  it("refuses bad fields and short frames with EINVAL, never a wrapped byte", () => {
    expect(() => ethernet({ dst: 2 ** 48, src: MAC_A, etherType: 0x0800, payload: new Uint8Array(0) })).toThrow(/destination MAC/);
    expect(() => ethernet({ dst: MAC_B, src: MAC_A, etherType: 0x10000, payload: new Uint8Array(0) })).toThrow(/EtherType 65536/);
    expect(() => parseEthernet(new Uint8Array(13))).toThrow(expect.objectContaining({ code: "EINVAL" }));
    expect(() => parseEthernet(Uint8Array.from([...new Uint8Array(12), 0x81, 0x00, 0, 10]))).toThrow(/too short/);
    expect(() => ipv4({ src: IP_A, dst: IP_B, protocol: 17, ttl: 256, payload: new Uint8Array(0) })).toThrow(/TTL 256/);
    expect(() => udp({ srcPort: 70000, dstPort: 1, src: IP_A, dst: IP_B, payload: new Uint8Array(0) })).toThrow(/source port 70000/);
    expect(() => vxlanEncap(new Uint8Array(14), { vni: 2 ** 24, srcMac: HOST_MAC_1, dstMac: HOST_MAC_2, srcIp: HOST_IP_1, dstIp: HOST_IP_2 })).toThrow(/VNI/);
  });

  prop.prop([mac, mac, fc.option(vlan, { nil: undefined }), fc.integer({ min: 0x600, max: 0xffff }).filter((t) => t !== 0x8100), bytes, vlan])(
    "round-trips every frame, and tagging then untagging gives back the untagged bytes",
    (dst, src, tag, etherType, payload, other) => {
      const frame = ethernet({ dst, src, vlan: tag, etherType, payload });
      const header = parseEthernet(frame);
      expect(header).toMatchObject({ dst, src, vlan: tag, etherType });
      expect(hex(frame.subarray(header.payloadOffset))).toBe(hex(payload));
      const plain = withoutVlanTag(frame);
      expect(hex(plain)).toBe(hex(ethernet({ dst, src, etherType, payload })));
      expect(parseEthernet(withVlanTag(plain, other))).toMatchObject({ dst, src, vlan: other, etherType });
    },
  );
});

describe("ARP, IPv4, ICMP and UDP", () => {
  it("lays out an ARP request and reply (RFC 826) and reads them back", () => {
    const request = arpRequest({ senderMac: MAC_A, senderIp: IP_A, targetIp: IP_B });
    expect(hex(request)).toBe("0001" + "0800" + "06" + "04" + "0001" + "525400aabbcc" + "0a000001" + "000000000000" + "0a000002");
    expect(parseArp(request)).toEqual({ op: "request", senderMac: MAC_A, senderIp: IP_A, targetMac: 0, targetIp: IP_B });
    const reply = arpReply({ senderMac: MAC_B, senderIp: IP_B, targetMac: MAC_A, targetIp: IP_A });
    expect(parseArp(reply)).toEqual({ op: "reply", senderMac: MAC_B, senderIp: IP_B, targetMac: MAC_A, targetIp: IP_A });
    expect(() => parseArp(request.subarray(0, 27))).toThrow(expect.objectContaining({ code: "EINVAL" }));
  });

  prop.prop([ip, ip, fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), fc.constantFrom("request" as const, "reply" as const), bytes])(
    "round-trips IPv4 carrying ICMP echo, every checksum valid, padding after the packet ignored",
    (src, dst, ttl, id, seq, type, data) => {
      const packet = ipv4({ src, dst, protocol: IpProtocol.ICMP, ttl, id, payload: icmpEcho({ type, id, seq, data }) });
      const padded = Uint8Array.from([...packet, 0, 0, 0]);
      const read = parseIpv4Packet(padded);
      expect(read).toMatchObject({ src, dst, ttl, id, protocol: 1, totalLength: packet.length, checksumValid: true, payloadLength: packet.length - 20 });
      const icmp = parseIcmp(padded, read.payloadOffset, read.payloadLength);
      expect(icmp).toMatchObject({ type, id, seq, length: 8 + data.length, checksumValid: true });
      expect(hex(padded.subarray(icmp.dataOffset, icmp.dataOffset + icmp.dataLength))).toBe(hex(data));
    },
  );

  prop.prop([ip, ip, port, port, bytes])("round-trips UDP with a valid pseudo-header checksum", (src, dst, srcPort, dstPort, payload) => {
    const datagram = udp({ srcPort, dstPort, src, dst, payload });
    expect(parseUdp(datagram, 0, datagram.length, { src, dst })).toMatchObject({ srcPort, dstPort, length: 8 + payload.length, checksumValid: true, payloadLength: payload.length });
  });

  it("does not read a packet shorter than its total length (a truncated capture)", () => {
    const packet = ipv4({ src: IP_A, dst: IP_B, protocol: 17, payload: new Uint8Array(30) });
    expect(readIpv4Packet(packet.subarray(0, 40))).toBeUndefined();
    expect(() => parseIpv4Packet(packet.subarray(0, 40))).toThrow(expect.objectContaining({ code: "EINVAL" }));
  });
});

describe("VXLAN (RFC 7348)", () => {
  const inner = ethernet({ dst: MAC_B, src: MAC_A, etherType: EtherType.IPv4, payload: ipv4({ src: IP_A, dst: IP_B, protocol: 1, payload: icmpEcho({ type: "request", id: 1, seq: 1, data: new Uint8Array(56) }) }) });

  it("wraps a frame in outer Ethernet, IPv4 and UDP to 4789 with flags 08 and a 24-bit VNI", () => {
    const outer = vxlanEncap(inner, { vni: 0x123456, srcMac: HOST_MAC_1, dstMac: HOST_MAC_2, srcIp: HOST_IP_1, dstIp: HOST_IP_2, srcPort: 50000 });
    expect(outer.length).toBe(inner.length + 50);
    const ip = parseIpv4Packet(outer, 14);
    expect(ip).toMatchObject({ src: HOST_IP_1, dst: HOST_IP_2, protocol: 17, checksumValid: true });
    expect(hex(outer.subarray(34, 42))).toBe("c350" + "12b5" + (inner.length + 16).toString(16).padStart(4, "0") + "0000");
    expect(hex(outer.subarray(42, 50))).toBe("08000000" + "123456" + "00");
    expect(hex(outer.subarray(50))).toBe(hex(inner));
    const decapped = vxlanDecap(outer);
    expect(decapped).toMatchObject({ vni: 0x123456, srcIp: HOST_IP_1, dstIp: HOST_IP_2, srcPort: 50000 });
    expect(hex(decapped.inner)).toBe(hex(inner));
  });

  it("takes a source port from the inner headers when none is given (one flow, one port)", () => {
    const fields = { vni: 7, srcMac: HOST_MAC_1, dstMac: HOST_MAC_2, srcIp: HOST_IP_1, dstIp: HOST_IP_2 };
    const first = vxlanDecap(vxlanEncap(inner, fields)).srcPort;
    expect(first).toBeGreaterThanOrEqual(49152);
    expect(vxlanDecap(vxlanEncap(inner, fields)).srcPort).toBe(first);
  });

  it("refuses to decapsulate what is not VXLAN", () => {
    expect(() => vxlanDecap(inner)).toThrow(expect.objectContaining({ code: "EINVAL", message: expect.stringContaining("not VXLAN") }));
    const noFlag = vxlanEncap(inner, { vni: 7, srcMac: HOST_MAC_1, dstMac: HOST_MAC_2, srcIp: HOST_IP_1, dstIp: HOST_IP_2 });
    noFlag[42] = 0;
    expect(() => vxlanDecap(noFlag)).toThrow(/not VXLAN/);
  });
});
