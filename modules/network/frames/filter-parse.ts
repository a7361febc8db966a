// The capture filter language: tcpdump's words for the protocols kshell puts on the wire, read by
// a small recursive-descent parser into a tree that filter.ts turns into a predicate.
//
//   expr      := and ( ("or" | "||") and )*
//   and       := unary ( ("and" | "&&") unary )*
//   unary     := ("not" | "!") unary | "(" expr ")" | primitive
//   primitive := arp | ip | icmp | vxlan [VNI] | vlan [ID] | broadcast | multicast
//              | udp [src|dst] [port N] | [src|dst] port N
//              | [src|dst] host IP | [src|dst] net CIDR | (src|dst) IP
//              | ether [src|dst] [host] MAC | ether broadcast | ether multicast
//
// Unlike tcpdump, protocol words look through an 802.1Q tag (`icmp` matches tagged ICMP too);
// like tcpdump, they do not look inside VXLAN (`vxlan 42` selects the tunnel). Any bad word is
// one EINVAL that names it and its position.

import { fail } from "../../../src/errors.js";
import { CAPTURE_FILTER_DEPTH_MAX, CAPTURE_FILTER_LENGTH_MAX, VLAN_ID_MAX } from "../../../src/limits.js";
import { parseCidr, parseIpv4, parseMac } from "./addresses.js";

export type Direction = "src" | "dst" | "any";
export type FilterNode =
  | { readonly kind: "and" | "or"; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: "not"; readonly operand: FilterNode }
  | { readonly kind: "all" }
  | { readonly kind: "proto"; readonly proto: "arp" | "ip" | "icmp" | "udp" }
  | { readonly kind: "port"; readonly port: number; readonly dir: Direction }
  | { readonly kind: "host"; readonly ip: number; readonly dir: Direction }
  | { readonly kind: "net"; readonly network: number; readonly prefix: number; readonly dir: Direction }
  | { readonly kind: "ether"; readonly mac: number; readonly dir: Direction }
  | { readonly kind: "broadcast" | "multicast" }
  | { readonly kind: "vlan"; readonly vlan: number | undefined }
  | { readonly kind: "vxlan"; readonly vni: number | undefined };

const KNOWN_WORDS = "arp, ip, icmp, udp, port, host, net, src, dst, ether, vlan, vxlan, broadcast, multicast, and, or, not, ( )";
const NUMBER = /^(?:0|[1-9][0-9]*)$/;

class Parser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly words: readonly string[],
  ) {}

  parse(): FilterNode {
    if (this.words.length === 0) return { kind: "all" };
    const node = this.or();
    const extra = this.peek();
    if (extra === ")") this.error(`unexpected ')' (word ${this.position + 1}): no '(' opens it`);
    if (extra !== undefined) this.error(`unexpected '${extra}' (word ${this.position + 1}) after a whole expression`, "join primitives with 'and' or 'or'");
    return node;
  }

  private or(): FilterNode {
    let node = this.and();
    while (this.peek() === "or" || this.peek() === "||") node = { kind: "or", left: node, right: (this.next(), this.and()) };
    return node;
  }

  private and(): FilterNode {
    let node = this.unary();
    while (this.peek() === "and" || this.peek() === "&&") node = { kind: "and", left: node, right: (this.next(), this.unary()) };
    return node;
  }

  private unary(): FilterNode {
    if (++this.depth > CAPTURE_FILTER_DEPTH_MAX) this.error(`nests deeper than ${CAPTURE_FILTER_DEPTH_MAX} (CAPTURE_FILTER_DEPTH_MAX)`);
    const word = this.next("a primitive");
    let node: FilterNode;
    if (word === "not" || word === "!") node = { kind: "not", operand: this.unary() };
    else if (word === "(") {
      node = this.or();
      if (this.next("')'") !== ")") this.error(`expected ')' at word ${this.position}, got '${this.words[this.position - 1]}'`);
    } else node = this.primitive(word);
    this.depth--;
    return node;
  }

  private primitive(word: string): FilterNode {
    switch (word) {
      case "arp":
      case "ip":
      case "icmp":
        return { kind: "proto", proto: word };
      case "udp":
        return this.udp();
      case "vlan":
        return { kind: "vlan", vlan: this.optionalNumber(1, VLAN_ID_MAX, "VLAN id") };
      case "vxlan":
        return { kind: "vxlan", vni: this.optionalNumber(0, 2 ** 24 - 1, "VXLAN VNI") };
      case "broadcast":
      case "multicast":
        return { kind: word };
      case "ether":
        return this.ether();
      case "src":
      case "dst":
        return this.address(word);
      default:
        return this.address("any", word);
    }
  }

  private udp(): FilterNode {
    const udp: FilterNode = { kind: "proto", proto: "udp" };
    const dir = this.peek() === "src" || this.peek() === "dst" ? (this.next() as Direction) : "any";
    if (dir === "any" && this.peek() !== "port") return udp;
    if (this.next("'port'") !== "port") this.error(`expected 'port' after 'udp ${dir}' (word ${this.position})`);
    return { kind: "and", left: udp, right: { kind: "port", port: this.number(0, 65535, "port number"), dir } };
  }

  private ether(): FilterNode {
    const word = this.next("src, dst, host, broadcast, multicast or a MAC");
    if (word === "broadcast" || word === "multicast") return { kind: word };
    const dir: Direction = word === "src" || word === "dst" ? word : "any";
    let mac = dir === "any" ? word : this.next("a MAC address");
    if (mac === "host") mac = this.next("a MAC address");
    if (!/^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i.test(mac)) this.error(`expected a MAC address after 'ether' (word ${this.position}), got '${mac}'`, "like 52:54:00:12:34:56");
    return { kind: "ether", mac: parseMac(mac), dir };
  }

  /** After an optional src/dst: port N, host IP, net CIDR, or a bare IP (host). */
  private address(dir: Direction, first?: string): FilterNode {
    const word = first ?? this.next("port, host, net or an IP address");
    if (word === "port") return { kind: "port", port: this.number(0, 65535, "port number"), dir };
    if (word === "host") return { kind: "host", ip: this.ipv4(this.next("an IPv4 address")), dir };
    if (word === "net") return this.net(dir);
    if (dir !== "any" && /^[0-9.]+$/.test(word)) return { kind: "host", ip: this.ipv4(word), dir };
    return this.error(`unknown word '${word}' (word ${this.position})`, `capture filters know: ${KNOWN_WORDS}`);
  }

  private net(dir: Direction): FilterNode {
    const word = this.next("a network like 10.0.0.0/24");
    if (!/^[0-9.]+\/[0-9]+$/.test(word)) this.error(`expected a network like 10.0.0.0/24 after 'net' (word ${this.position}), got '${word}'`);
    const { network, prefix } = parseCidr(word);
    return { kind: "net", network, prefix, dir };
  }

  private ipv4(word: string): number {
    if (!/^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/.test(word)) this.error(`expected an IPv4 address (word ${this.position}), got '${word}'`, "like 10.0.0.1");
    return parseIpv4(word);
  }

  private number(min: number, max: number, what: string): number {
    const word = this.next(`a ${what}`);
    if (!NUMBER.test(word) || Number(word) < min || Number(word) > max) this.error(`expected a ${what} ${min}..${max} (word ${this.position}), got '${word}'`);
    return Number(word);
  }

  private optionalNumber(min: number, max: number, what: string): number | undefined {
    const word = this.peek();
    return word !== undefined && /^[0-9]/.test(word) ? this.number(min, max, what) : undefined;
  }

  private peek(): string | undefined {
    return this.words[this.position];
  }

  private next(expected?: string): string {
    const word = this.words[this.position++];
    if (word === undefined) this.error(`ends early: expected ${expected ?? "a word"} after '${this.words.at(-1)}'`);
    return word;
  }

  private error(message: string, hint?: string): never {
    return fail("EINVAL", `capture filter '${this.text}': ${message}`, hint);
  }
}

/** The filter's words: names and numbers, parentheses, and the operators ! && ||. */
function tokenize(text: string): string[] {
  if (text.length > CAPTURE_FILTER_LENGTH_MAX) fail("EINVAL", `capture filter is ${text.length} characters: at most ${CAPTURE_FILTER_LENGTH_MAX} (CAPTURE_FILTER_LENGTH_MAX)`);
  const words: string[] = [];
  for (const match of text.matchAll(/\s*(?:([()!]|&&|\|\|)|([^\s()!&|]+)|(\S))/g)) {
    if (match[3] !== undefined) fail("EINVAL", `capture filter '${text}': unexpected '${match[3]}' at character ${match.index + match[0].length}`, "use and/&&, or/||, not/!");
    const word = match[1] ?? match[2];
    if (word !== undefined) words.push(word.toLowerCase());
  }
  return words;
}

export function parseFilter(text: string): FilterNode {
  return new Parser(text, tokenize(text)).parse();
}
