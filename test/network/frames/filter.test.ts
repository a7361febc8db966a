// compileFilter: tcpdump's words on frames kshell builds, clear errors naming the bad word, and a
// property: on random frames, a random filter written as text agrees with a reference evaluator
// that reads the frame's description instead of its bytes.

import { fc, test as prop } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  BROADCAST_MAC,
  EtherType,
  arpReplyFrame,
  arpRequestFrame,
  compileFilter,
  ethernet,
  formatIpv4,
  formatMac,
  icmpEchoFrame,
  inCidr,
  isMulticastMac,
  parseCidr,
  parseIpv4,
  parseMac,
  udpFrame,
  vxlanEncap,
} from "../../../modules/network/frames/index.js";
import { CAPTURE_FILTER_DEPTH_MAX, CAPTURE_FILTER_LENGTH_MAX } from "../../../src/limits.js";
import { HOST_IP_1, HOST_IP_2, HOST_MAC_1, HOST_MAC_2, IP_A, IP_B, MAC_A, MAC_B, PING_DATA } from "./fixtures.js";

const arp = arpRequestFrame({ srcMac: MAC_A, srcIp: IP_A, targetIp: IP_B, vlan: 10 });
const ping = icmpEchoFrame({ srcMac: MAC_A, dstMac: MAC_B, src: IP_A, dst: IP_B, type: "request", id: 1, seq: 1, data: PING_DATA });
const dns = udpFrame({ srcMac: MAC_B, dstMac: MAC_A, src: IP_B, dst: IP_A, srcPort: 40000, dstPort: 53, payload: new Uint8Array(30), vlan: 20 });
const tunnel = vxlanEncap(ping, { vni: 42, srcMac: HOST_MAC_1, dstMac: HOST_MAC_2, srcIp: HOST_IP_1, dstIp: HOST_IP_2, srcPort: 50000 });
const FRAMES = { arp, ping, dns, tunnel };

function matching(filter: string): string[] {
  const test = compileFilter(filter);
  return Object.entries(FRAMES).flatMap(([name, frame]) => (test(frame) ? [name] : []));
}

describe("compileFilter", () => {
  it.each([
    ["", ["arp", "ping", "dns", "tunnel"]],
    ["arp", ["arp"]],
    ["icmp", ["ping"]],
    ["udp", ["dns", "tunnel"]],
    ["ip", ["ping", "dns", "tunnel"]],
    ["udp port 53", ["dns"]],
    ["port 4789", ["tunnel"]],
    ["udp dst port 53 or udp src port 53", ["dns"]],
    ["src port 53", []],
    ["host 10.0.0.2", ["arp", "ping", "dns"]],
    ["src host 10.0.0.2", ["dns"]],
    ["dst host 10.0.0.2", ["arp", "ping"]],
    ["dst 10.0.0.2", ["arp", "ping"]],
    ["net 192.168.100.0/24", ["tunnel"]],
    ["ether host 52:54:00:aa:bb:cc", ["arp", "ping", "dns"]],
    ["ether src 52:54:00:AA:BB:CC", ["arp", "ping"]],
    ["ether dst host 52:54:00:aa:bb:cc", ["dns"]],
    ["ether broadcast", ["arp"]],
    ["broadcast or multicast", ["arp"]],
    ["vlan", ["arp", "dns"]],
    ["vlan 10", ["arp"]],
    ["vlan 20 and udp", ["dns"]],
    ["vxlan", ["tunnel"]],
    ["vxlan 42", ["tunnel"]],
    ["vxlan 43", []],
    ["not vlan", ["ping", "tunnel"]],
    ["!(arp || icmp) && udp", ["dns", "tunnel"]],
    ["(arp or icmp) and not vlan 10", ["ping"]],
    ["not not arp", ["arp"]],
    ["ARP OR ICMP", ["arp", "ping"]],
  ])("'%s' matches %j", (filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });

  it("matches ARP replies by sender and target too (tcpdump's host covers ARP)", () => {
    const reply = arpReplyFrame({ srcMac: MAC_B, srcIp: IP_B, dstMac: MAC_A, dstIp: IP_A });
    expect(compileFilter("src host 10.0.0.2 and dst host 10.0.0.1 and arp")(reply)).toBe(true);
  });

  it("does not match, nor throw on, frames too short to read", () => {
    const test = compileFilter("not icmp");
    expect(test(new Uint8Array(3))).toBe(true);
    expect(compileFilter("icmp")(ping.subarray(0, 30))).toBe(false);
    expect(compileFilter("arp or udp or vlan or host 10.0.0.1 or ether broadcast")(new Uint8Array(0))).toBe(false);
  });

  it.each([
    ["tcp", "unknown word 'tcp' (word 1)"],
    ["icmp and foo", "unknown word 'foo' (word 3)"],
    ["udp port", "ends early: expected a port number after 'port'"],
    ["udp port 70000", "expected a port number 0..65535 (word 3), got '70000'"],
    ["port http", "got 'http'"],
    ["host 10.0.0", "expected an IPv4 address (word 2), got '10.0.0'"],
    ["host 10.0.0.300", "invalid IPv4 address '10.0.0.300'"],
    ["ether host 52:54:00", "expected a MAC address after 'ether' (word 3), got '52:54:00'"],
    ["vlan 4095", "expected a VLAN id 1..4094 (word 2), got '4095'"],
    ["(arp or icmp", "ends early: expected ')'"],
    ["arp)", "unexpected ')' (word 2)"],
    ["arp icmp", "unexpected 'icmp' (word 2) after a whole expression"],
    ["arp & icmp", "unexpected '&'"],
    ["net 10.0.0.0", "expected a network like 10.0.0.0/24"],
    ["and", "unknown word 'and'"],
    ["not", "ends early"],
  ])("refuses '%s' with EINVAL: %s", (filter, message) => {
    expect(() => compileFilter(filter)).toThrow(expect.objectContaining({ code: "EINVAL", message: expect.stringContaining(message) }));
  });

  it("refuses filters longer or deeper than the limits", () => {
    expect(() => compileFilter("arp or ".repeat(CAPTURE_FILTER_LENGTH_MAX / 7) + "arp")).toThrow(/CAPTURE_FILTER_LENGTH_MAX/);
    expect(() => compileFilter("not ".repeat(CAPTURE_FILTER_DEPTH_MAX) + "arp")).toThrow(/CAPTURE_FILTER_DEPTH_MAX/);
    expect(compileFilter("not ".repeat(CAPTURE_FILTER_DEPTH_MAX - 1) + "arp")(arp)).toBe(CAPTURE_FILTER_DEPTH_MAX % 2 === 1);
    expect(() => compileFilter("(".repeat(CAPTURE_FILTER_DEPTH_MAX + 1) + "arp" + ")".repeat(CAPTURE_FILTER_DEPTH_MAX + 1))).toThrow(/CAPTURE_FILTER_DEPTH_MAX/);
  });
});

// The property: frames as descriptions, filters as trees; the reference reads the description.

const MACS = [MAC_A, MAC_B, BROADCAST_MAC, parseMac("01:00:5e:00:00:01")];
const IPS = ["10.0.0.1", "10.0.0.2", "10.0.1.9", "192.168.100.1"].map(parseIpv4);
const PORTS = [53, 5000, 6000, 4789];
const NETS = ["10.0.0.0/24", "10.0.0.0/16", "192.168.0.0/16", "0.0.0.0/0"];

type Kind = "arp-request" | "arp-reply" | "icmp" | "udp" | "vxlan" | "ipv6";
interface FrameSpec {
  readonly kind: Kind;
  readonly srcMac: number;
  readonly dstMac: number;
  readonly vlan: number | undefined;
  readonly src: number;
  readonly dst: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly vni: number;
}

const frameSpec = fc.record({
  kind: fc.constantFrom<Kind>("arp-request", "arp-reply", "icmp", "udp", "vxlan", "ipv6"),
  srcMac: fc.constantFrom(...MACS),
  dstMac: fc.constantFrom(...MACS),
  vlan: fc.constantFrom(undefined, 10, 20),
  src: fc.constantFrom(...IPS),
  dst: fc.constantFrom(...IPS),
  srcPort: fc.constantFrom(...PORTS),
  dstPort: fc.constantFrom(...PORTS.filter((port) => port !== 4789)),
  vni: fc.constantFrom(42, 43),
});

function build(spec: FrameSpec): Uint8Array {
  const link = { srcMac: spec.srcMac, dstMac: spec.dstMac, vlan: spec.vlan, src: spec.src, dst: spec.dst };
  switch (spec.kind) {
    case "arp-request":
      return arpRequestFrame({ srcMac: spec.srcMac, srcIp: spec.src, targetIp: spec.dst, vlan: spec.vlan });
    case "arp-reply":
      return arpReplyFrame({ srcMac: spec.srcMac, srcIp: spec.src, dstMac: spec.dstMac, dstIp: spec.dst, vlan: spec.vlan });
    case "icmp":
      return icmpEchoFrame({ ...link, type: "request", id: 1, seq: 1, data: PING_DATA });
    case "udp":
      return udpFrame({ ...link, srcPort: spec.srcPort, dstPort: spec.dstPort, payload: new Uint8Array(12) });
    case "vxlan":
      return vxlanEncap(ping, { vni: spec.vni, srcMac: spec.srcMac, dstMac: spec.dstMac, srcIp: spec.src, dstIp: spec.dst, srcPort: spec.srcPort, vlan: spec.vlan });
    case "ipv6":
      return ethernet({ dst: spec.dstMac, src: spec.srcMac, vlan: spec.vlan, etherType: EtherType.IPv6, payload: new Uint8Array(40) });
  }
}

type Dir = "src" | "dst" | "any";
type Tree =
  | { op: "and" | "or"; left: Tree; right: Tree; symbol: boolean }
  | { op: "not"; operand: Tree; symbol: boolean }
  | { op: "arp" | "ip" | "icmp" | "udp" | "broadcast" | "multicast" }
  | { op: "port" | "host" | "ether"; value: number; dir: Dir }
  | { op: "net"; value: string; dir: Dir }
  | { op: "vlan" | "vxlan"; value: number | undefined };

const dir = fc.constantFrom<Dir>("src", "dst", "any");
const leaf: fc.Arbitrary<Tree> = fc.oneof(
  fc.constantFrom<Tree>({ op: "arp" }, { op: "ip" }, { op: "icmp" }, { op: "udp" }, { op: "broadcast" }, { op: "multicast" }),
  fc.record({ op: fc.constant("port" as const), value: fc.constantFrom(...PORTS), dir }),
  fc.record({ op: fc.constant("host" as const), value: fc.constantFrom(...IPS), dir }),
  fc.record({ op: fc.constant("ether" as const), value: fc.constantFrom(...MACS), dir }),
  fc.record({ op: fc.constant("net" as const), value: fc.constantFrom(...NETS), dir }),
  fc.record({ op: fc.constant("vlan" as const), value: fc.constantFrom(undefined, 10, 20, 30) }),
  fc.record({ op: fc.constant("vxlan" as const), value: fc.constantFrom(undefined, 42, 43) }),
);
const tree = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ op: fc.constantFrom("and" as const, "or" as const), left: tie("tree"), right: tie("tree"), symbol: fc.boolean() }),
    fc.record({ op: fc.constant("not" as const), operand: tie("tree"), symbol: fc.boolean() }),
  ),
})).tree;

function text(t: Tree): string {
  const qualified = (d: Dir, words: string): string => (d === "any" ? words : `${d} ${words}`);
  switch (t.op) {
    case "and":
      return `(${text(t.left)}) ${t.symbol ? "&&" : "and"} (${text(t.right)})`;
    case "or":
      return `(${text(t.left)}) ${t.symbol ? "||" : "or"} (${text(t.right)})`;
    case "not":
      return `${t.symbol ? "!" : "not "}(${text(t.operand)})`;
    case "port":
      return qualified(t.dir, `port ${t.value}`);
    case "host":
      return qualified(t.dir, `host ${formatIpv4(t.value)}`);
    case "net":
      return qualified(t.dir, `net ${t.value}`);
    case "ether":
      return t.dir === "any" ? `ether host ${formatMac(t.value)}` : `ether ${t.dir} ${formatMac(t.value)}`;
    case "vlan":
    case "vxlan":
      return t.value === undefined ? t.op : `${t.op} ${t.value}`;
    default:
      return t.op;
  }
}

function either(d: Dir, src: number | undefined, dst: number | undefined, match: (value: number) => boolean): boolean {
  return (d !== "dst" && src !== undefined && match(src)) || (d !== "src" && dst !== undefined && match(dst));
}

function reference(t: Tree, f: FrameSpec): boolean {
  const isIp = f.kind === "icmp" || f.kind === "udp" || f.kind === "vxlan";
  const hasPorts = f.kind === "udp" || f.kind === "vxlan";
  const hasIps = f.kind !== "ipv6";
  const dstMac = f.kind === "arp-request" ? BROADCAST_MAC : f.dstMac; // a request goes to everyone
  switch (t.op) {
    case "and":
      return reference(t.left, f) && reference(t.right, f);
    case "or":
      return reference(t.left, f) || reference(t.right, f);
    case "not":
      return !reference(t.operand, f);
    case "arp":
      return f.kind === "arp-request" || f.kind === "arp-reply";
    case "ip":
      return isIp;
    case "icmp":
      return f.kind === "icmp";
    case "udp":
      return hasPorts;
    case "broadcast":
      return dstMac === BROADCAST_MAC;
    case "multicast":
      return isMulticastMac(dstMac);
    case "port":
      return hasPorts && either(t.dir, f.srcPort, f.kind === "vxlan" ? 4789 : f.dstPort, (p) => p === t.value);
    case "host":
      return hasIps && either(t.dir, f.src, f.dst, (ip) => ip === t.value);
    case "net": {
      const { network, prefix } = parseCidr(t.value);
      return hasIps && either(t.dir, f.src, f.dst, (ip) => inCidr(ip, network, prefix));
    }
    case "ether":
      return either(t.dir, f.srcMac, dstMac, (m) => m === t.value);
    case "vlan":
      return f.vlan !== undefined && (t.value === undefined || f.vlan === t.value);
    case "vxlan":
      return f.kind === "vxlan" && (t.value === undefined || f.vni === t.value);
  }
}

describe("compileFilter against a reference evaluator", () => {
  prop.prop([tree, fc.array(frameSpec, { minLength: 1, maxLength: 8 })], { numRuns: 300 })("agrees on random filters over random frames", (filter, frames) => {
    const compiled = compileFilter(text(filter));
    for (const spec of frames) expect(compiled(build(spec)), `${text(filter)} on ${JSON.stringify(spec)}`).toBe(reference(filter, spec));
  });
});

describe("compiled filters on any bytes", () => {
  const every = compileFilter("arp or icmp or udp port 53 or host 10.0.0.1 or net 10.0.0.0/8 or ether broadcast or multicast or vlan 10 or vxlan 42 or not ip");
  prop.prop([fc.uint8Array({ maxLength: 200 })])("never throw on random bytes", (bytes) => {
    expect(typeof every(bytes)).toBe("boolean");
  });
});
