// Argument checks for the frame builders: a value that cannot go on the wire is one clear EINVAL
// naming the field and its range, never a silently wrapped byte.

import { fail } from "../../../src/errors.js";
import { VLAN_ID_MAX } from "../../../src/limits.js";

/** `value` is a whole number 0..2^bits-1, or EINVAL naming `what`. */
export function checkUnsigned(value: number, bits: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) fail("EINVAL", `${what} ${value} is out of range: expected 0..${2 ** bits - 1}`);
  return value;
}

export function checkMac(mac: number, what: string): number {
  if (!Number.isInteger(mac) || mac < 0 || mac >= 2 ** 48) fail("EINVAL", `${what} ${mac} is not a MAC address (a 48-bit number)`, "parseMac('52:54:00:12:34:56') gives one");
  return mac;
}

export function checkIpv4(ip: number, what: string): number {
  if (!Number.isInteger(ip) || ip < 0 || ip >= 2 ** 32) fail("EINVAL", `${what} ${ip} is not an IPv4 address (a uint32)`, "parseIpv4('10.0.0.1') gives one");
  return ip;
}

/** An 802.1Q VLAN id: 1..VLAN_ID_MAX (0 means priority-tagged and 4095 is reserved). */
export function checkVlan(vlan: number): number {
  if (!Number.isInteger(vlan) || vlan < 1 || vlan > VLAN_ID_MAX) fail("EINVAL", `VLAN ${vlan} is out of range: expected 1..${VLAN_ID_MAX} (VLAN_ID_MAX)`);
  return vlan;
}
