// Addresses as numbers, written and read as people do: an IPv4 address is a uint32, a MAC a
// 48-bit integer (exact in a double). The frames library (frames/addresses.ts) has the same
// helpers for the wire; these are the ones the manager's tables and messages need.

import { fail } from "../../src/errors.js";


export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

/** Four decimal octets, no leading zeros; EINVAL naming `what` otherwise. */
export function parseIpv4(text: string, what = "IPv4 address"): number {
  const match = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/.exec(text);
  const octets = match === null ? [] : match.slice(1, 5).map(Number);
  if (match === null || octets.some((octet) => octet > 255)) fail("EINVAL", `bad ${what} '${text}'`, "write four octets, e.g. 10.0.0.5");
  return octets.reduce((sum, octet) => sum * 256 + octet, 0);
}

/** "10.0.0.0/24" (already checked by the shell's cidr kind, checked again here: the kernel trusts no caller). */
export function parseCidrText(text: string): { readonly network: number; readonly prefix: number } {
  const cut = text.indexOf("/");
  const prefix = Number(text.slice(cut + 1));
  if (cut < 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) fail("EINVAL", `bad CIDR '${text}'`, "write an IPv4 network, e.g. 10.0.0.0/24");
  const network = parseIpv4(text.slice(0, cut), "CIDR address");
  if (network % 2 ** (32 - prefix) !== 0) fail("EINVAL", `bad CIDR '${text}': host bits are set`);
  return { network, prefix };
}

export function formatCidr(network: number, prefix: number): string {
  return `${formatIpv4(network)}/${prefix}`;
}

export function formatMac(mac: number): string {
  const pairs: string[] = [];
  for (let shift = 40; shift >= 0; shift -= 8) pairs.push((Math.floor(mac / 2 ** shift) % 256).toString(16).padStart(2, "0"));
  return pairs.join(":");
}

/** Six hex pairs with colons or dashes; a multicast MAC (low bit of the first octet) cannot be an interface's. */
export function parseMacText(text: string): number {
  if (!/^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i.test(text)) fail("EINVAL", `bad MAC '${text}'`, "write six hex pairs, e.g. 52:54:00:12:34:56");
  const mac = parseInt(text.replace(/[:-]/g, ""), 16);
  if (Math.floor(mac / 2 ** 40) % 2 === 1) fail("EINVAL", `MAC ${text} is a multicast address`, "an interface's MAC has the low bit of its first octet clear");
  return mac;
}

/** 52:54:00:xx:xx:xx, as libvirt gives its guests: locally administered under QEMU's prefix. */
export function libvirtMac(random24: number): number {
  return 0x525400 * 2 ** 24 + (random24 % 2 ** 24);
}
