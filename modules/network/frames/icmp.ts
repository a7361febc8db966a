// ICMP echo (RFC 792): type (8 request, 0 reply) | code 0 | checksum | identifier | sequence |
// data. The checksum covers the whole message. Besides echo (what ping needs), the two errors a
// router sends are built: time exceeded (TTL reached 0) and destination unreachable (no route),
// each quoting the offending packet's IP header and first 8 payload bytes after 4 unused bytes.

import { fail } from "../../../src/errors.js";
import { checkUnsigned } from "./checks.js";
import { internetChecksum, onesComplementSum } from "./checksum.js";

export const ICMP_ECHO_HEADER_BYTES = 8;
export const IcmpType = { EchoReply: 0, DestinationUnreachable: 3, EchoRequest: 8, TimeExceeded: 11 } as const;

export interface IcmpEchoFields {
  readonly type: "request" | "reply";
  readonly id: number;
  readonly seq: number;
  readonly data: Uint8Array;
}

export interface IcmpMessage {
  readonly type: "request" | "reply" | "other";
  readonly icmpType: number;
  readonly code: number;
  readonly id: number; // echo only (0 otherwise)
  readonly seq: number; // echo only (0 otherwise)
  readonly length: number; // header and data, as tcpdump's "length"
  readonly dataOffset: number; // in the array read from
  readonly dataLength: number;
  readonly checksumValid: boolean;
}

export function icmpEcho(fields: IcmpEchoFields): Uint8Array {
  const message = new Uint8Array(ICMP_ECHO_HEADER_BYTES + fields.data.length);
  message.set(fields.data, ICMP_ECHO_HEADER_BYTES);
  writeIcmpEchoHeader(message, 0, fields, fields.data.length);
  return message;
}

/** Writes the 8-byte echo header at `offset` over the `dataLength` bytes already after it (the checksum covers them). */
export function writeIcmpEchoHeader(bytes: Uint8Array, offset: number, fields: Omit<IcmpEchoFields, "data">, dataLength: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, ICMP_ECHO_HEADER_BYTES);
  view.setUint8(0, fields.type === "request" ? IcmpType.EchoRequest : IcmpType.EchoReply);
  view.setUint8(1, 0);
  view.setUint16(2, 0);
  view.setUint16(4, checkUnsigned(fields.id, 16, "ICMP echo id"));
  view.setUint16(6, checkUnsigned(fields.seq, 16, "ICMP echo sequence"));
  view.setUint16(2, internetChecksum(bytes, offset, ICMP_ECHO_HEADER_BYTES + dataLength));
}

/** Time exceeded (11/0) or unreachable (3/code) about `original` (an IPv4 packet): its header and 8 bytes quoted. */
export function icmpError(fields: { type: "time-exceeded" | "unreachable"; code?: number; original: Uint8Array }): Uint8Array {
  const headerLength = fields.original.length > 0 ? (fields.original[0]! & 0x0f) * 4 : 0;
  const quoted = fields.original.subarray(0, Math.min(fields.original.length, headerLength + 8));
  const message = new Uint8Array(ICMP_ECHO_HEADER_BYTES + quoted.length);
  message[0] = fields.type === "time-exceeded" ? IcmpType.TimeExceeded : IcmpType.DestinationUnreachable;
  message[1] = checkUnsigned(fields.code ?? 0, 8, "ICMP code");
  message.set(quoted, ICMP_ECHO_HEADER_BYTES);
  new DataView(message.buffer).setUint16(2, internetChecksum(message, 0, message.length));
  return message;
}

/** The ICMP message of `length` bytes at `offset`, or undefined when shorter than a header. */
export function readIcmp(bytes: Uint8Array, offset = 0, length = bytes.length - offset): IcmpMessage | undefined {
  if (length < ICMP_ECHO_HEADER_BYTES || bytes.length - offset < length) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
  const icmpType = view.getUint8(0);
  const echo = icmpType === IcmpType.EchoRequest || icmpType === IcmpType.EchoReply;
  return {
    type: icmpType === IcmpType.EchoRequest ? "request" : icmpType === IcmpType.EchoReply ? "reply" : "other",
    icmpType,
    code: view.getUint8(1),
    id: echo ? view.getUint16(4) : 0,
    seq: echo ? view.getUint16(6) : 0,
    length,
    dataOffset: offset + ICMP_ECHO_HEADER_BYTES,
    dataLength: length - ICMP_ECHO_HEADER_BYTES,
    checksumValid: onesComplementSum(bytes, offset, length) === 0xffff,
  };
}

export function parseIcmp(bytes: Uint8Array, offset = 0, length = bytes.length - offset): IcmpMessage {
  return readIcmp(bytes, offset, length) ?? fail("EINVAL", `no ICMP message at byte ${offset}: ${length} bytes, ${ICMP_ECHO_HEADER_BYTES} needed`);
}
