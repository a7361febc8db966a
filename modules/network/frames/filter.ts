// A capture filter compiled once into a predicate over frames: the tree from filter-parse.ts
// becomes nested closures over one dissection of the frame (dissect.ts), so a filter costs one
// pass over the headers per frame whatever its size. Malformed frames simply do not match.

import { BROADCAST_MAC, inCidr, isMulticastMac } from "./addresses.js";
import { dissect, type Dissection } from "./dissect.js";
import { EtherType } from "./ethernet.js";
import { IpProtocol } from "./ipv4.js";
import { parseFilter, type Direction, type FilterNode } from "./filter-parse.js";

export type FramePredicate = (frame: Uint8Array) => boolean;
type Test = (d: Dissection) => boolean;

/** `text` in tcpdump's words as a predicate; EINVAL naming the bad word. The empty filter matches every frame. */
export function compileFilter(text: string): FramePredicate {
  const test = compileNode(parseFilter(text));
  return (frame) => test(dissect(frame));
}

function either(dir: Direction, src: number | undefined, dst: number | undefined, match: (value: number) => boolean): boolean {
  return (dir !== "dst" && src !== undefined && match(src)) || (dir !== "src" && dst !== undefined && match(dst));
}

/** IPv4 source and destination, or ARP sender and target: tcpdump's `host` covers both. */
function ends(d: Dissection): [number | undefined, number | undefined] {
  if (d.ip !== undefined) return [d.ip.src, d.ip.dst];
  if (d.arp !== undefined) return [d.arp.senderIp, d.arp.targetIp];
  return [undefined, undefined];
}

const PROTOCOLS: Record<"arp" | "ip" | "icmp" | "udp", Test> = {
  arp: (d) => d.eth?.etherType === EtherType.ARP,
  ip: (d) => d.eth?.etherType === EtherType.IPv4,
  icmp: (d) => d.ip?.protocol === IpProtocol.ICMP,
  udp: (d) => d.ip?.protocol === IpProtocol.UDP,
};

function compileNode(node: FilterNode): Test {
  switch (node.kind) {
    case "and": {
      const [left, right] = [compileNode(node.left), compileNode(node.right)];
      return (d) => left(d) && right(d);
    }
    case "or": {
      const [left, right] = [compileNode(node.left), compileNode(node.right)];
      return (d) => left(d) || right(d);
    }
    case "not": {
      const operand = compileNode(node.operand);
      return (d) => !operand(d);
    }
    case "all":
      return () => true;
    case "proto":
      return PROTOCOLS[node.proto];
    case "port":
      return (d) => either(node.dir, d.udp?.srcPort, d.udp?.dstPort, (port) => port === node.port);
    case "host":
      return (d) => either(node.dir, ...ends(d), (ip) => ip === node.ip);
    case "net":
      return (d) => either(node.dir, ...ends(d), (ip) => inCidr(ip, node.network, node.prefix));
    case "ether":
      return (d) => either(node.dir, d.eth?.src, d.eth?.dst, (mac) => mac === node.mac);
    case "broadcast":
      return (d) => d.eth?.dst === BROADCAST_MAC;
    case "multicast":
      return (d) => d.eth !== undefined && isMulticastMac(d.eth.dst);
    case "vlan":
      return (d) => d.eth?.vlan !== undefined && (node.vlan === undefined || d.eth.vlan === node.vlan);
    case "vxlan":
      return (d) => d.vxlan !== undefined && (node.vni === undefined || d.vxlan.vni === node.vni);
  }
}
