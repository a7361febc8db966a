// A real tool reads what kshell writes: a pcap of frames built here (ARP request and reply and a
// ping on 802.1Q-tagged trunk hops, UDP, ICMP inside VXLAN on a tagged underlay) goes through
// `tshark -r`, and every field tshark decodes — MACs, VLAN ids, ARP opcodes and addresses, IPs,
// ICMP type/id/seq, UDP ports, the VXLAN VNI, checksums, timestamps — must be what was built.
// tshark must be installed (.ci/run installs it); without it this test fails and says so.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { arpReplyFrame, arpRequestFrame, formatIpv4, formatMac, icmpEchoFrame, pcapFile, udpFrame, vxlanEncap } from "../../../modules/network/frames/index.js";
import { HOST_IP_1, HOST_IP_2, HOST_MAC_1, HOST_MAC_2, IP_A, IP_B, MAC_A, MAC_B, PING_DATA } from "./fixtures.js";

const FIELDS = [
  "frame.time_epoch", "eth.src", "eth.dst", "vlan.id", "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4",
  "ip.src", "ip.dst", "ip.checksum.status", "icmp.type", "icmp.ident", "icmp.seq", "icmp.checksum.status",
  "udp.srcport", "udp.dstport", "udp.checksum.status", "vxlan.vni", "_ws.malformed", "_ws.expert",
] as const;
type Row = Partial<Record<(typeof FIELDS)[number], string>>;

const GOOD = "1"; // Wireshark's checksum status: 1 good, 0 bad, 3 not present
const [macA, macB, ipA, ipB] = [formatMac(MAC_A), formatMac(MAC_B), formatIpv4(IP_A), formatIpv4(IP_B)];
const ping = icmpEchoFrame({ srcMac: MAC_A, dstMac: MAC_B, src: IP_A, dst: IP_B, type: "request", id: 7, seq: 3, data: PING_DATA });

/** What kshell sends, and what tshark must decode from it. */
const CASES: readonly { frame: Uint8Array; expected: Row }[] = [
  { frame: arpRequestFrame({ srcMac: MAC_A, srcIp: IP_A, targetIp: IP_B, vlan: 10 }), expected: { "eth.src": macA, "eth.dst": "ff:ff:ff:ff:ff:ff", "vlan.id": "10", "arp.opcode": "1", "arp.src.proto_ipv4": ipA, "arp.dst.proto_ipv4": ipB } },
  { frame: arpReplyFrame({ srcMac: MAC_B, srcIp: IP_B, dstMac: MAC_A, dstIp: IP_A, vlan: 10 }), expected: { "eth.src": macB, "eth.dst": macA, "vlan.id": "10", "arp.opcode": "2", "arp.src.proto_ipv4": ipB, "arp.dst.proto_ipv4": ipA } },
  {
    frame: icmpEchoFrame({ srcMac: MAC_A, dstMac: MAC_B, src: IP_A, dst: IP_B, vlan: 10, type: "request", id: 7, seq: 1, data: PING_DATA }),
    expected: { "eth.src": macA, "eth.dst": macB, "vlan.id": "10", "ip.src": ipA, "ip.dst": ipB, "ip.checksum.status": GOOD, "icmp.type": "8", "icmp.ident": "7", "icmp.seq": "1", "icmp.checksum.status": GOOD },
  },
  {
    frame: icmpEchoFrame({ srcMac: MAC_B, dstMac: MAC_A, src: IP_B, dst: IP_A, vlan: 20, type: "reply", id: 7, seq: 1, data: PING_DATA }),
    expected: { "eth.src": macB, "eth.dst": macA, "vlan.id": "20", "ip.src": ipB, "ip.dst": ipA, "ip.checksum.status": GOOD, "icmp.type": "0", "icmp.ident": "7", "icmp.seq": "1", "icmp.checksum.status": GOOD },
  },
  {
    frame: udpFrame({ srcMac: MAC_A, dstMac: MAC_B, src: IP_A, dst: IP_B, srcPort: 40000, dstPort: 9000, payload: new Uint8Array(100).fill(0x61) }),
    expected: { "eth.src": macA, "eth.dst": macB, "ip.src": ipA, "ip.dst": ipB, "ip.checksum.status": GOOD, "udp.srcport": "40000", "udp.dstport": "9000", "udp.checksum.status": GOOD },
  },
  {
    frame: vxlanEncap(ping, { vni: 42, srcMac: HOST_MAC_1, dstMac: HOST_MAC_2, srcIp: HOST_IP_1, dstIp: HOST_IP_2, srcPort: 50000, vlan: 30 }),
    expected: {
      "eth.src": `${formatMac(HOST_MAC_1)},${macA}`, "eth.dst": `${formatMac(HOST_MAC_2)},${macB}`, "vlan.id": "30",
      "ip.src": `${formatIpv4(HOST_IP_1)},${ipA}`, "ip.dst": `${formatIpv4(HOST_IP_2)},${ipB}`, "ip.checksum.status": `${GOOD},${GOOD}`,
      "icmp.type": "8", "icmp.ident": "7", "icmp.seq": "3", "icmp.checksum.status": GOOD,
      "udp.srcport": "50000", "udp.dstport": "4789", "udp.checksum.status": "3", "vxlan.vni": "42",
    },
  },
];

const dir = mkdtempSync(join(tmpdir(), "kshell-tshark-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tshark(args: readonly string[]): string {
  const result = spawnSync("tshark", args, { encoding: "utf8" });
  if (result.error !== undefined) {
    expect.fail(`tshark is not installed (${result.error.message}): install it with 'sudo apt-get install -y tshark' (.ci/run does this)`);
  }
  expect(result.status, `tshark ${args.join(" ")} failed: ${result.stderr}`).toBe(0);
  return result.stdout;
}

describe("tshark reads kshell's pcap", () => {
  it("decodes every field as it was built: MACs, VLANs, ARP, ICMP, UDP, VXLAN, checksums and simulated times", () => {
    const path = join(dir, "frames.pcap");
    writeFileSync(path, pcapFile(CASES.map(({ frame }, i) => ({ timeMs: 60_000 + 250 * i, frame, origLen: frame.length }))));
    const output = tshark(["-r", path, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-T", "fields", "-E", "separator=|", ...FIELDS.flatMap((field) => ["-e", field])]);
    const rows = output.trimEnd().split("\n").map((line) => Object.fromEntries(line.split("|").map((value, i) => [FIELDS[i]!, value])) as Row);
    expect(rows).toHaveLength(CASES.length);
    CASES.forEach(({ expected }, i) => {
      const blank = Object.fromEntries(FIELDS.map((field) => [field, ""]));
      expect(rows[i], `frame ${i + 1}`).toEqual({ ...blank, "frame.time_epoch": (60 + 0.25 * i).toFixed(9), ...expected });
    });
  });

  it("reads the frames' lengths, and a snaplen-cut frame as cut", () => {
    const path = join(dir, "snap.pcap");
    writeFileSync(path, pcapFile([{ timeMs: 0, frame: ping, origLen: ping.length }], 64));
    const output = tshark(["-r", path, "-T", "fields", "-E", "separator=|", "-e", "frame.len", "-e", "frame.cap_len", "-e", "ip.src"]);
    expect(output.trim()).toBe(`${ping.length}|64|${ipA}`);
  });
});
