// IPv4 (RFC 791) without options: version 4 / IHL 5 | TOS | total length | id | flags:3
// fragment offset:13 | TTL | protocol | header checksum | source | destination. The checksum
// covers the 20-byte header only. Readers bound the payload by the total length, so Ethernet
// padding after it is ignored, and report whether the checksum holds rather than refusing.

import { fail } from "../../../src/errors.js";
import { readIpv4, writeIpv4 } from "./addresses.js";
import { checkIpv4, checkUnsigned } from "./checks.js";
import { internetChecksum, onesComplementSum } from "./checksum.js";

export const IPV4_HEADER_BYTES = 20;
export const IpProtocol = { ICMP: 1, TCP: 6, UDP: 17 } as const;
export const DEFAULT_TTL = 64; // Linux's net.ipv4.ip_default_ttl

export interface Ipv4Fields {
  readonly src: number;
  readonly dst: number;
  readonly protocol: number;
  readonly ttl?: number;
  readonly id?: number;
  readonly tos?: number;
  readonly dontFragment?: boolean;
  readonly payload: Uint8Array;
}

export interface Ipv4Packet {
  readonly src: number;
  readonly dst: number;
  readonly protocol: number;
  readonly ttl: number;
  readonly id: number;
  readonly tos: number;
  readonly dontFragment: boolean;
  readonly headerLength: number;
  readonly totalLength: number;
  readonly checksum: number;
  readonly checksumValid: boolean;
  readonly payloadOffset: number; // in the array read from
  readonly payloadLength: number;
}

export function ipv4(fields: Ipv4Fields): Uint8Array {
  const packet = new Uint8Array(IPV4_HEADER_BYTES + fields.payload.length);
  writeIpv4Header(packet, 0, fields, fields.payload.length);
  packet.set(fields.payload, IPV4_HEADER_BYTES);
  return packet;
}

/** Writes a 20-byte header with its checksum at `offset`, for a payload of `payloadLength` bytes after it. */
export function writeIpv4Header(bytes: Uint8Array, offset: number, fields: Omit<Ipv4Fields, "payload">, payloadLength: number): void {
  const totalLength = checkUnsigned(IPV4_HEADER_BYTES + payloadLength, 16, "IPv4 total length");
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, IPV4_HEADER_BYTES);
  bytes[offset] = 0x45;
  bytes[offset + 1] = checkUnsigned(fields.tos ?? 0, 8, "IPv4 TOS");
  view.setUint16(2, totalLength);
  view.setUint16(4, checkUnsigned(fields.id ?? 0, 16, "IPv4 id"));
  view.setUint16(6, fields.dontFragment === true ? 0x4000 : 0);
  bytes[offset + 8] = checkUnsigned(fields.ttl ?? DEFAULT_TTL, 8, "IPv4 TTL");
  bytes[offset + 9] = checkUnsigned(fields.protocol, 8, "IPv4 protocol");
  view.setUint16(10, 0);
  writeIpv4(bytes, offset + 12, checkIpv4(fields.src, "IPv4 source"));
  writeIpv4(bytes, offset + 16, checkIpv4(fields.dst, "IPv4 destination"));
  view.setUint16(10, internetChecksum(bytes, offset, IPV4_HEADER_BYTES));
}

/** The packet at `offset`, or undefined when it is not IPv4 or shorter than its lengths say. */
export function readIpv4Packet(bytes: Uint8Array, offset = 0): Ipv4Packet | undefined {
  if (bytes.length - offset < IPV4_HEADER_BYTES || bytes[offset]! >>> 4 !== 4) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, bytes.length - offset);
  const headerLength = (bytes[offset]! & 0x0f) * 4;
  const totalLength = view.getUint16(2);
  if (headerLength < IPV4_HEADER_BYTES || totalLength < headerLength || totalLength > bytes.length - offset) return undefined;
  return {
    src: readIpv4(bytes, offset + 12),
    dst: readIpv4(bytes, offset + 16),
    protocol: view.getUint8(9),
    ttl: view.getUint8(8),
    id: view.getUint16(4),
    tos: view.getUint8(1),
    dontFragment: (view.getUint16(6) & 0x4000) !== 0,
    headerLength,
    totalLength,
    checksum: view.getUint16(10),
    checksumValid: onesComplementSum(bytes, offset, headerLength) === 0xffff,
    payloadOffset: offset + headerLength,
    payloadLength: totalLength - headerLength,
  };
}

export function parseIpv4Packet(bytes: Uint8Array, offset = 0): Ipv4Packet {
  return readIpv4Packet(bytes, offset) ?? fail("EINVAL", `no whole IPv4 packet at byte ${offset} (${bytes.length - offset} bytes left)`);
}

/**
 * A router's hop, in place: TTL minus one and the checksum updated incrementally (RFC 1624,
 * HC' = ~(~HC + ~m + m')). Returns the new TTL; a TTL already 0 is left alone (the caller drops).
 */
export function decrementTtl(bytes: Uint8Array, offset: number): number {
  const ttl = bytes[offset + 8]!;
  if (ttl === 0) return 0;
  const oldWord = (ttl << 8) | bytes[offset + 9]!;
  const newWord = oldWord - 0x100;
  const checksum = (bytes[offset + 10]! << 8) | bytes[offset + 11]!;
  let sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + newWord;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const updated = ~sum & 0xffff;
  bytes[offset + 8] = ttl - 1;
  bytes[offset + 10] = updated >>> 8;
  bytes[offset + 11] = updated & 0xff;
  return ttl - 1;
}
