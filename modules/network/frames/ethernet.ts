// Ethernet II frames (no FCS: captures and the simulated wire carry none) with an optional
// 802.1Q tag. Layout: dst MAC (6) | src MAC (6) | [TPID 0x8100 (2) | PCP:3 DEI:1 VID:12 (2)] |
// EtherType (2) | payload. Frames are not padded to 60 bytes: a capture on the sending host sees
// them unpadded too, and every parser here bounds its payload by its own length field.

import { fail } from "../../../src/errors.js";
import { checkMac, checkUnsigned, checkVlan } from "./checks.js";
import { writeMac } from "./addresses.js";

export const EtherType = { IPv4: 0x0800, ARP: 0x0806, VLAN: 0x8100, IPv6: 0x86dd } as const;
export const ETHERNET_HEADER_BYTES = 14;
export const VLAN_TAG_BYTES = 4;

export interface EthernetFields {
  readonly dst: number;
  readonly src: number;
  readonly vlan?: number | undefined; // 802.1Q VLAN id; absent: untagged
  readonly priority?: number; // 802.1Q PCP 0..7 (0 when absent)
  readonly etherType: number;
  readonly payload: Uint8Array;
}

export interface EthernetHeader {
  readonly dst: number;
  readonly src: number;
  readonly vlan: number | undefined;
  readonly priority: number;
  readonly etherType: number;
  readonly payloadOffset: number;
}

export function ethernet(fields: EthernetFields): Uint8Array {
  const frame = new Uint8Array(ethernetHeaderBytes(fields.vlan) + fields.payload.length);
  frame.set(fields.payload, writeEthernetHeader(frame, fields));
  return frame;
}

/** 14 bytes, or 18 with an 802.1Q tag. */
export function ethernetHeaderBytes(vlan: number | undefined): number {
  return ETHERNET_HEADER_BYTES + (vlan === undefined ? 0 : VLAN_TAG_BYTES);
}

/** Writes the header at the start of `frame` (whole frames are built in one array); returns where the payload goes. */
export function writeEthernetHeader(frame: Uint8Array, fields: Omit<EthernetFields, "payload">): number {
  const header = ethernetHeaderBytes(fields.vlan);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  writeMac(frame, 0, checkMac(fields.dst, "destination MAC"));
  writeMac(frame, 6, checkMac(fields.src, "source MAC"));
  if (fields.vlan !== undefined) {
    view.setUint16(12, EtherType.VLAN);
    view.setUint16(14, (checkUnsigned(fields.priority ?? 0, 3, "802.1Q priority") << 13) | checkVlan(fields.vlan));
  }
  view.setUint16(header - 2, checkUnsigned(fields.etherType, 16, "EtherType"));
  return header;
}

/** The header of a frame, or undefined when it is too short to hold one. */
export function readEthernet(frame: Uint8Array): EthernetHeader | undefined {
  if (frame.length < ETHERNET_HEADER_BYTES) return undefined;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const outerType = view.getUint16(12);
  const dst = view.getUint16(0) * 2 ** 32 + view.getUint32(2);
  const src = view.getUint16(6) * 2 ** 32 + view.getUint32(8);
  if (outerType !== EtherType.VLAN) return { dst, src, vlan: undefined, priority: 0, etherType: outerType, payloadOffset: ETHERNET_HEADER_BYTES };
  if (frame.length < ETHERNET_HEADER_BYTES + VLAN_TAG_BYTES) return undefined;
  const tci = view.getUint16(14);
  return { dst, src, vlan: tci & 0x0fff, priority: tci >>> 13, etherType: view.getUint16(16), payloadOffset: ETHERNET_HEADER_BYTES + VLAN_TAG_BYTES };
}

export function parseEthernet(frame: Uint8Array): EthernetHeader {
  return readEthernet(frame) ?? fail("EINVAL", `frame of ${frame.length} bytes is too short for an Ethernet header (14 bytes, 18 with an 802.1Q tag)`);
}

/** The frame with an 802.1Q tag for `vlan` inserted after the MACs (a tagged frame gets its VLAN id replaced: no QinQ). */
export function withVlanTag(frame: Uint8Array, vlan: number, priority = 0): Uint8Array {
  const header = parseEthernet(frame);
  const tci = (checkUnsigned(priority, 3, "802.1Q priority") << 13) | checkVlan(vlan);
  const offset = header.vlan === undefined ? 0 : VLAN_TAG_BYTES;
  const tagged = new Uint8Array(frame.length + VLAN_TAG_BYTES - offset);
  tagged.set(frame.subarray(0, 12), 0);
  tagged[12] = EtherType.VLAN >>> 8;
  tagged[13] = EtherType.VLAN & 0xff;
  tagged[14] = tci >>> 8;
  tagged[15] = tci & 0xff;
  tagged.set(frame.subarray(12 + offset), 16);
  return tagged;
}

/** The frame without its 802.1Q tag; an untagged frame is returned as it is (the same array). */
export function withoutVlanTag(frame: Uint8Array): Uint8Array {
  if (parseEthernet(frame).vlan === undefined) return frame;
  const untagged = new Uint8Array(frame.length - VLAN_TAG_BYTES);
  untagged.set(frame.subarray(0, 12), 0);
  untagged.set(frame.subarray(16), 12);
  return untagged;
}
