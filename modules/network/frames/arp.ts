// ARP for IPv4 over Ethernet (RFC 826), the 28-byte payload of an EtherType 0x0806 frame:
// htype 1 | ptype 0x0800 | hlen 6 | plen 4 | op (1 request, 2 reply) | sender MAC | sender IP |
// target MAC | target IP. A request asks who has the target IP (target MAC zero, sent to
// broadcast); the reply comes back unicast with the sender's MAC filled in.

import { fail } from "../../../src/errors.js";
import { readIpv4, readMac, writeIpv4, writeMac } from "./addresses.js";
import { checkIpv4, checkMac } from "./checks.js";
import { EtherType } from "./ethernet.js";

export const ARP_BYTES = 28;
export const ArpOp = { Request: 1, Reply: 2 } as const;

export interface ArpPacket {
  readonly op: "request" | "reply";
  readonly senderMac: number;
  readonly senderIp: number;
  readonly targetMac: number;
  readonly targetIp: number;
}

function arp(op: number, senderMac: number, senderIp: number, targetMac: number, targetIp: number): Uint8Array {
  const bytes = new Uint8Array(ARP_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 1); // Ethernet
  view.setUint16(2, EtherType.IPv4);
  bytes[4] = 6;
  bytes[5] = 4;
  view.setUint16(6, op);
  writeMac(bytes, 8, checkMac(senderMac, "ARP sender MAC"));
  writeIpv4(bytes, 14, checkIpv4(senderIp, "ARP sender IP"));
  writeMac(bytes, 18, checkMac(targetMac, "ARP target MAC"));
  writeIpv4(bytes, 24, checkIpv4(targetIp, "ARP target IP"));
  return bytes;
}

/** Who has `targetIp`? Tell `senderIp` (at `senderMac`). */
export function arpRequest(fields: { senderMac: number; senderIp: number; targetIp: number }): Uint8Array {
  return arp(ArpOp.Request, fields.senderMac, fields.senderIp, 0, fields.targetIp);
}

/** `senderIp` is at `senderMac`, answered to the asker (`targetMac`, `targetIp`). */
export function arpReply(fields: { senderMac: number; senderIp: number; targetMac: number; targetIp: number }): Uint8Array {
  return arp(ArpOp.Reply, fields.senderMac, fields.senderIp, fields.targetMac, fields.targetIp);
}

/** The ARP packet at `offset`, or undefined when it is short or not IPv4-over-Ethernet request/reply. */
export function readArp(bytes: Uint8Array, offset = 0): ArpPacket | undefined {
  if (bytes.length - offset < ARP_BYTES) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, ARP_BYTES);
  const op = view.getUint16(6);
  if (view.getUint16(0) !== 1 || view.getUint16(2) !== EtherType.IPv4 || view.getUint8(4) !== 6 || view.getUint8(5) !== 4) return undefined;
  if (op !== ArpOp.Request && op !== ArpOp.Reply) return undefined;
  return {
    op: op === ArpOp.Request ? "request" : "reply",
    senderMac: readMac(bytes, offset + 8),
    senderIp: readIpv4(bytes, offset + 14),
    targetMac: readMac(bytes, offset + 18),
    targetIp: readIpv4(bytes, offset + 24),
  };
}

export function parseArp(bytes: Uint8Array, offset = 0): ArpPacket {
  return readArp(bytes, offset) ?? fail("EINVAL", `no ARP request or reply for IPv4 over Ethernet at byte ${offset} (${bytes.length - offset} bytes left, ${ARP_BYTES} needed)`);
}
