// Addresses and frames the frame tests share: two hosts on 10.0.0.0/24 behind libvirt-style MACs,
// two underlay hosts for VXLAN.

import { parseIpv4, parseMac } from "../../../modules/network/frames/index.js";

export const MAC_A = parseMac("52:54:00:aa:bb:cc");
export const MAC_B = parseMac("52:54:00:dd:ee:ff");
export const IP_A = parseIpv4("10.0.0.1");
export const IP_B = parseIpv4("10.0.0.2");
export const HOST_MAC_1 = parseMac("02:00:00:00:01:01");
export const HOST_MAC_2 = parseMac("02:00:00:00:02:02");
export const HOST_IP_1 = parseIpv4("192.168.100.1");
export const HOST_IP_2 = parseIpv4("192.168.100.2");

/** ping's 56 data bytes (0x10.. as Linux's ping fills them after its timestamp), making a 64-byte ICMP message. */
export const PING_DATA = Uint8Array.from({ length: 56 }, (_, i) => (i + 0x10) & 0xff);

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}
