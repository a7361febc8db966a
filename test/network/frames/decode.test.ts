// decodeLine: one tcpdump-style line per frame, for every frame kshell puts on the wire and for
// the malformed ones a capture may still see.

import { fc, test as prop } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { arpReplyFrame, arpRequestFrame, decodeLine, ethernet, icmpEcho, icmpEchoFrame, icmpError, ipv4, parseIcmp, udpFrame, vxlanEncap } from "../../../modules/network/frames/index.js";
import { HOST_IP_1, HOST_IP_2, HOST_MAC_1, HOST_MAC_2, IP_A, IP_B, MAC_A, MAC_B, PING_DATA } from "./fixtures.js";

const ping = icmpEchoFrame({ srcMac: MAC_A, dstMac: MAC_B, src: IP_A, dst: IP_B, type: "request", id: 1, seq: 1, data: PING_DATA });

describe("decodeLine", () => {
  it("prints ARP requests and replies as tcpdump does, with the VLAN tag", () => {
    expect(decodeLine(arpRequestFrame({ srcMac: MAC_A, srcIp: IP_A, targetIp: IP_B, vlan: 10 }))).toBe("52:54:00:aa:bb:cc > ff:ff:ff:ff:ff:ff, vlan 10, ARP, Request who-has 10.0.0.2 tell 10.0.0.1");
    expect(decodeLine(arpReplyFrame({ srcMac: MAC_B, srcIp: IP_B, dstMac: MAC_A, dstIp: IP_A }))).toBe("52:54:00:dd:ee:ff > 52:54:00:aa:bb:cc, ARP, Reply 10.0.0.2 is-at 52:54:00:dd:ee:ff");
  });

  it("prints ICMP echo with id, sequence and the ICMP length", () => {
    expect(decodeLine(ping)).toBe("52:54:00:aa:bb:cc > 52:54:00:dd:ee:ff, IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64");
    const reply = icmpEchoFrame({ srcMac: MAC_B, dstMac: MAC_A, src: IP_B, dst: IP_A, vlan: 10, type: "reply", id: 1, seq: 2, data: PING_DATA });
    expect(decodeLine(reply)).toBe("52:54:00:dd:ee:ff > 52:54:00:aa:bb:cc, vlan 10, IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 1, seq 2, length 64");
  });

  it("prints UDP with address.port ends and the payload length", () => {
    const frame = udpFrame({ srcMac: MAC_A, dstMac: MAC_B, src: IP_A, dst: IP_B, srcPort: 5000, dstPort: 6000, payload: new Uint8Array(100), vlan: 20 });
    expect(decodeLine(frame)).toBe("52:54:00:aa:bb:cc > 52:54:00:dd:ee:ff, vlan 20, IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP, length 100");
  });

  it("prints VXLAN's outer line, flags and VNI, then the inner frame", () => {
    const outer = vxlanEncap(ping, { vni: 42, srcMac: HOST_MAC_1, dstMac: HOST_MAC_2, srcIp: HOST_IP_1, dstIp: HOST_IP_2, srcPort: 50000 });
    expect(decodeLine(outer)).toBe(
      "02:00:00:00:01:01 > 02:00:00:00:02:02, IP 192.168.100.1.50000 > 192.168.100.2.4789: VXLAN, flags [I] (0x08), vni 42: " +
        "52:54:00:aa:bb:cc > 52:54:00:dd:ee:ff, IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64",
    );
    const twice = vxlanEncap(outer, { vni: 7, srcMac: HOST_MAC_2, dstMac: HOST_MAC_1, srcIp: HOST_IP_2, dstIp: HOST_IP_1, srcPort: 50001 });
    expect(decodeLine(twice)).toMatch(/vni 7: .*VXLAN, flags \[I\] \(0x08\), vni 42$/);
  });

  it("marks truncated layers and bad checksums, and names other EtherTypes and protocols", () => {
    expect(decodeLine(ping.subarray(0, 40))).toBe("52:54:00:aa:bb:cc > 52:54:00:dd:ee:ff, IP [|ip]");
    expect(decodeLine(new Uint8Array(5))).toBe("[|ether] length 5");
    expect(decodeLine(ethernet({ dst: MAC_B, src: MAC_A, etherType: 0x86dd, payload: new Uint8Array(40) }))).toBe("52:54:00:aa:bb:cc > 52:54:00:dd:ee:ff, ethertype IPv6 (0x86dd), length 54");
    expect(decodeLine(ethernet({ dst: MAC_B, src: MAC_A, etherType: 0x88cc, payload: new Uint8Array(4) }))).toMatch(/ethertype 0x88cc, length 18$/);
    expect(decodeLine(ethernet({ dst: MAC_B, src: MAC_A, etherType: 0x0800, payload: ipv4({ src: IP_A, dst: IP_B, protocol: 6, payload: new Uint8Array(20) }) }))).toMatch(/IP 10.0.0.1 > 10.0.0.2: ip-proto-6, length 20$/);
    expect(decodeLine(ethernet({ dst: MAC_B, src: MAC_A, etherType: 0x0806, payload: new Uint8Array(10) }))).toMatch(/ARP, \[\|arp\]$/);
    const corrupt = ping.slice();
    corrupt[50]! ^= 0xff; // a data byte
    expect(decodeLine(corrupt)).toMatch(/ICMP echo request, id 1, seq 1, length 64 \[bad icmp cksum\]$/);
    corrupt[22]! ^= 1; // the TTL
    expect(decodeLine(corrupt)).toMatch(/\[bad ip cksum\]$/);
    const unreachable = icmpEcho({ type: "request", id: 0, seq: 0, data: new Uint8Array(0) });
    unreachable[0] = 3;
    unreachable[1] = 1;
    const frame = ethernet({ dst: MAC_B, src: MAC_A, etherType: 0x0800, payload: ipv4({ src: IP_A, dst: IP_B, protocol: 1, payload: unreachable }) });
    expect(decodeLine(frame)).toMatch(/ICMP unreachable 3 code 1, length 8 \[bad icmp cksum\]$/);
  });
});

describe("decodeLine on any bytes", () => {
  const valid = [ping, vxlanEncap(ping, { vni: 42, srcMac: HOST_MAC_1, dstMac: HOST_MAC_2, srcIp: HOST_IP_1, dstIp: HOST_IP_2, srcPort: 50000, vlan: 30 }), arpRequestFrame({ srcMac: MAC_A, srcIp: IP_A, targetIp: IP_B, vlan: 10 })];

  prop.prop([fc.uint8Array({ maxLength: 200 })])("never throws on random bytes, and always prints one line", (bytes) => {
    const line = decodeLine(bytes);
    expect(line).not.toContain("\n");
    expect(line.length).toBeGreaterThan(0);
  });

  prop.prop([fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat()])(
    "never throws on valid frames with bytes changed and the end cut off",
    (frame, changes, cut) => {
      const mutated = frame.slice(0, frame.length - (cut % frame.length));
      for (const [at, value] of changes) if (mutated.length > 0) mutated[at % mutated.length] = value;
      expect(decodeLine(mutated)).not.toContain("\n");
    },
  );
});

describe("ICMP errors a router sends", () => {
  it("quotes the dropped packet's header and 8 bytes in time exceeded and unreachable", () => {
    const original = ping.subarray(14);
    const exceeded = icmpError({ type: "time-exceeded", original });
    expect(exceeded.length).toBe(8 + 20 + 8);
    expect(Buffer.from(exceeded.subarray(8)).equals(Buffer.from(original.subarray(0, 28)))).toBe(true);
    const frame = ethernet({ dst: MAC_A, src: MAC_B, etherType: 0x0800, payload: ipv4({ src: IP_B, dst: IP_A, protocol: 1, payload: exceeded }) });
    expect(decodeLine(frame)).toMatch(/IP 10.0.0.2 > 10.0.0.1: ICMP time exceeded in-transit 11 code 0, length 36$/);
    const unreachable = icmpError({ type: "unreachable", code: 0, original });
    expect(parseIcmp(unreachable)).toMatchObject({ type: "other", icmpType: 3, code: 0, checksumValid: true });
  });
});
