// UDP (RFC 768): source port | destination port | length | checksum | payload. The checksum
// covers a pseudo-header (source and destination IPv4 addresses, zero, protocol 17, UDP length)
// and the datagram; a computed 0 is sent as 0xffff, and a 0 received means "no checksum", which
// IPv4 allows (VXLAN's outer UDP uses it).

import { fail } from "../../../src/errors.js";
import { checkIpv4, checkUnsigned } from "./checks.js";
import { internetChecksum, onesComplementSum, pseudoHeaderSum } from "./checksum.js";
import { IpProtocol } from "./ipv4.js";

export const UDP_HEADER_BYTES = 8;

export interface UdpFields {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly src: number; // IPv4 source, for the pseudo-header
  readonly dst: number; // IPv4 destination, for the pseudo-header
  readonly payload: Uint8Array;
  readonly checksum?: boolean; // false: send 0 (no checksum); default true
}

export interface UdpDatagram {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly length: number; // header and payload
  readonly checksum: number;
  /** true: it holds or is 0 (none); false: it does not; undefined: not checked (no addresses given). */
  readonly checksumValid: boolean | undefined;
  readonly payloadOffset: number; // in the array read from
  readonly payloadLength: number;
}

export function udp(fields: UdpFields): Uint8Array {
  const datagram = new Uint8Array(UDP_HEADER_BYTES + fields.payload.length);
  datagram.set(fields.payload, UDP_HEADER_BYTES);
  writeUdpHeader(datagram, 0, fields, fields.payload.length);
  return datagram;
}

/** Writes the 8-byte header at `offset` over the `payloadLength` bytes already after it (the checksum covers them). */
export function writeUdpHeader(bytes: Uint8Array, offset: number, fields: Omit<UdpFields, "payload">, payloadLength: number): void {
  const length = checkUnsigned(UDP_HEADER_BYTES + payloadLength, 16, "UDP length");
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, UDP_HEADER_BYTES);
  view.setUint16(0, checkUnsigned(fields.srcPort, 16, "UDP source port"));
  view.setUint16(2, checkUnsigned(fields.dstPort, 16, "UDP destination port"));
  view.setUint16(4, length);
  view.setUint16(6, 0);
  if (fields.checksum === false) return;
  const pseudo = pseudoHeaderSum(checkIpv4(fields.src, "UDP pseudo-header source"), checkIpv4(fields.dst, "UDP pseudo-header destination"), IpProtocol.UDP, length);
  view.setUint16(6, internetChecksum(bytes, offset, length, pseudo) || 0xffff);
}

/** The datagram in the `available` bytes at `offset` (an IPv4 payload), or undefined when its length field does not fit. */
export function readUdp(bytes: Uint8Array, offset = 0, available = bytes.length - offset, addresses?: { src: number; dst: number }): UdpDatagram | undefined {
  if (available < UDP_HEADER_BYTES || bytes.length - offset < available) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, available);
  const length = view.getUint16(4);
  if (length < UDP_HEADER_BYTES || length > available) return undefined;
  const checksum = view.getUint16(6);
  let checksumValid: boolean | undefined = checksum === 0 ? true : undefined;
  if (checksum !== 0 && addresses !== undefined) {
    checksumValid = onesComplementSum(bytes, offset, length, pseudoHeaderSum(addresses.src, addresses.dst, IpProtocol.UDP, length)) === 0xffff;
  }
  return { srcPort: view.getUint16(0), dstPort: view.getUint16(2), length, checksum, checksumValid, payloadOffset: offset + UDP_HEADER_BYTES, payloadLength: length - UDP_HEADER_BYTES };
}

export function parseUdp(bytes: Uint8Array, offset = 0, available = bytes.length - offset, addresses?: { src: number; dst: number }): UdpDatagram {
  return readUdp(bytes, offset, available, addresses) ?? fail("EINVAL", `no whole UDP datagram at byte ${offset} (${available} bytes)`);
}
