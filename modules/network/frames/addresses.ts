// Addresses as numbers: a MAC is a 48-bit integer (exact in a double), an IPv4 address a uint32.
// Numbers compare with ===, index typed arrays and hash cheaply; text exists only at the edge
// (parse on the way in, format on the way out). Byte readers and writers put them on the wire
// in network order.

import { fail } from "../../../src/errors.js";

const TWO_32 = 2 ** 32;
const MAC_TEXT = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i;
const IPV4_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

export const BROADCAST_MAC = 0xffff_ffff_ffff;

/** `52:54:00:12:34:56` (or with dashes) as a number; EINVAL otherwise. */
export function parseMac(text: string): number {
  if (!MAC_TEXT.test(text)) fail("EINVAL", `invalid MAC address '${text}': expected six hex pairs`, "like 52:54:00:12:34:56");
  return Number.parseInt(text.replace(/[:-]/g, ""), 16);
}

export function formatMac(mac: number): string {
  return mac.toString(16).padStart(12, "0").replace(/(..)(?!$)/g, "$1:");
}

/** `10.0.0.1` as a uint32; EINVAL otherwise (no leading zeros: inet_aton would read them as octal). */
export function parseIpv4(text: string): number {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => IPV4_OCTET.test(part) && Number(part) <= 255)) {
    fail("EINVAL", `invalid IPv4 address '${text}': expected four numbers 0..255`, "like 10.0.0.1");
  }
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

export function formatIpv4(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** The netmask of a prefix length as a uint32 (/0 is 0, /32 is 255.255.255.255). */
function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffff_ffff << (32 - prefix)) >>> 0;
}

/** `10.0.0.0/24` -> the network (host bits cleared), the prefix, and the address as written. */
export function parseCidr(text: string): { network: number; prefix: number; address: number } {
  const [ip, length, extra] = text.split("/");
  if (ip === undefined || length === undefined || extra !== undefined || !/^(?:[0-9]|[12][0-9]|3[0-2])$/.test(length)) {
    fail("EINVAL", `invalid CIDR '${text}': expected an IPv4 address and a prefix length 0..32`, "like 10.0.0.0/24");
  }
  const address = parseIpv4(ip);
  const prefix = Number(length);
  return { network: (address & prefixMask(prefix)) >>> 0, prefix, address };
}

export function formatCidr(network: number, prefix: number): string {
  return `${formatIpv4(network)}/${prefix}`;
}

export function inCidr(ip: number, network: number, prefix: number): boolean {
  const mask = prefixMask(prefix);
  return ((ip & mask) >>> 0) === ((network & mask) >>> 0);
}

export function isBroadcastMac(mac: number): boolean {
  return mac === BROADCAST_MAC;
}

/** The group bit (the first octet's lowest bit): multicast, broadcast included. */
export function isMulticastMac(mac: number): boolean {
  return Math.floor(mac / 2 ** 40) % 2 === 1;
}

// Byte by byte rather than through a DataView: these run for every frame, and a view per call costs more than the read.
export function readMac(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 8) | bytes[offset + 1]!) * TWO_32 + readIpv4(bytes, offset + 2);
}

export function writeMac(bytes: Uint8Array, offset: number, mac: number): void {
  const high = Math.floor(mac / TWO_32);
  bytes[offset] = high >>> 8;
  bytes[offset + 1] = high & 0xff;
  writeIpv4(bytes, offset + 2, mac % TWO_32);
}

export function readIpv4(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

export function writeIpv4(bytes: Uint8Array, offset: number, ip: number): void {
  bytes[offset] = ip >>> 24;
  bytes[offset + 1] = (ip >>> 16) & 0xff;
  bytes[offset + 2] = (ip >>> 8) & 0xff;
  bytes[offset + 3] = ip & 0xff;
}
