// The classic libpcap file format, which tcpdump, tshark and Wireshark all read: a 24-byte
// global header (magic 0xa1b2c3d4 written in this machine's order, here little-endian, so
// readers see which order to use; version 2.4; GMT offset 0; accuracy 0; snaplen; link type 1,
// Ethernet), then per frame a 16-byte header (seconds, microseconds, captured length, original
// length) and the captured bytes. Timestamps are simulated time since the kernel's epoch.

import { fail } from "../../../src/errors.js";
import { CAPTURE_SNAPLEN_MAX } from "../../../src/limits.js";
import type { CaptureRecord } from "./capture-ring.js";

export const PCAP_MAGIC = 0xa1b2c3d4; // microsecond timestamps
export const LINKTYPE_ETHERNET = 1;
const PCAP_HEADER_BYTES = 24;
const PCAP_RECORD_HEADER_BYTES = 16;

export function pcapFile(records: readonly CaptureRecord[], snaplen = CAPTURE_SNAPLEN_MAX): Uint8Array {
  if (!Number.isInteger(snaplen) || snaplen < 1 || snaplen > CAPTURE_SNAPLEN_MAX) fail("EINVAL", `snaplen ${snaplen} is out of range: expected 1..${CAPTURE_SNAPLEN_MAX} (CAPTURE_SNAPLEN_MAX)`);
  let size = PCAP_HEADER_BYTES;
  for (const record of records) size += PCAP_RECORD_HEADER_BYTES + Math.min(record.frame.length, snaplen);
  const file = new Uint8Array(size);
  const view = new DataView(file.buffer);
  view.setUint32(0, PCAP_MAGIC, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, snaplen, true);
  view.setUint32(20, LINKTYPE_ETHERNET, true);
  let offset = PCAP_HEADER_BYTES;
  for (const record of records) {
    const micros = Math.floor(record.timeMs * 1000);
    if (!(micros >= 0 && micros / 1e6 < 2 ** 32)) fail("EINVAL", `capture time ${record.timeMs} ms does not fit a pcap timestamp (0 to 2^32 s)`);
    const length = Math.min(record.frame.length, snaplen);
    view.setUint32(offset, Math.floor(micros / 1e6), true);
    view.setUint32(offset + 4, micros % 1e6, true);
    view.setUint32(offset + 8, length, true);
    view.setUint32(offset + 12, Math.max(record.origLen, record.frame.length), true);
    file.set(record.frame.subarray(0, length), offset + PCAP_RECORD_HEADER_BYTES);
    offset += PCAP_RECORD_HEADER_BYTES + length;
  }
  return file;
}

/** The records of a classic pcap file (either byte order, microsecond magic, Ethernet); EINVAL naming what is wrong. */
export function readPcapFile(file: Uint8Array): { snaplen: number; records: CaptureRecord[] } {
  if (file.length < PCAP_HEADER_BYTES) fail("EINVAL", `pcap file of ${file.length} bytes is shorter than its ${PCAP_HEADER_BYTES}-byte header`);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const little = view.getUint32(0, true) === PCAP_MAGIC;
  if (!little && view.getUint32(0, false) !== PCAP_MAGIC) fail("EINVAL", `not a classic pcap file: magic 0x${view.getUint32(0, false).toString(16)}, expected 0xa1b2c3d4`);
  if (view.getUint32(20, little) !== LINKTYPE_ETHERNET) fail("EINVAL", `pcap link type ${view.getUint32(20, little)} is not Ethernet (1)`);
  const records: CaptureRecord[] = [];
  for (let offset = PCAP_HEADER_BYTES; offset < file.length; ) {
    if (file.length - offset < PCAP_RECORD_HEADER_BYTES) fail("EINVAL", `pcap record header at byte ${offset} is cut short`);
    const length = view.getUint32(offset + 8, little);
    const start = offset + PCAP_RECORD_HEADER_BYTES;
    if (start + length > file.length) fail("EINVAL", `pcap record at byte ${offset} says ${length} bytes, ${file.length - start} are left`);
    const timeMs = view.getUint32(offset, little) * 1000 + view.getUint32(offset + 4, little) / 1000;
    records.push({ timeMs, frame: file.subarray(start, start + length), origLen: view.getUint32(offset + 12, little) });
    offset = start + length;
  }
  return { snaplen: view.getUint32(16, little), records };
}
