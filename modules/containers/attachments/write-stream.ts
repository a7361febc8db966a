// What a pod's workload writes: `write /data 1M/s` lands real bytes in the volume mounted at /data.
// The bytes are a stream of fixed 32-byte text records, "<container> <record number>" padded and
// ended by a newline, so `vol read` shows who wrote what, and every byte is a function of its
// position alone: a run writes its stream from offset 0, wrapping at the volume's size, and landing
// any part of it again (after a restart of the kernel, which forgets what had landed) writes the
// same bytes. Each run of a container starts its stream again at 0, as a program that opens its
// device and writes from the start.

import { IO_LENGTH_MAX } from "../../../src/limits.js";

export const WRITE_RECORD_BYTES = 32;
const RECORD_LABEL_CHARACTERS = 20; // characters of the container's name in a record (the rest is its number)
const RECORD_NUMBER_DIGITS = 10;

/** Record `index` of `writer`'s stream: 32 bytes of text. */
export function writeRecord(writer: string, index: number): string {
  return `${writer.slice(0, RECORD_LABEL_CHARACTERS)} ${String(index).padStart(RECORD_NUMBER_DIGITS, "0")}`.padEnd(WRITE_RECORD_BYTES - 1) + "\n";
}

/**
 * Bytes [from, to) of `writer`'s stream. A landing makes millions of records, so they are not
 * formatted one by one: the first is copied over the whole span (doubling), then each one's number
 * is written in from a decimal counter.
 */
export function streamBytes(writer: string, from: number, to: number): Uint8Array {
  const first = Math.floor(from / WRITE_RECORD_BYTES);
  const count = Math.floor((to - 1) / WRITE_RECORD_BYTES) - first + 1;
  const records = new Uint8Array(count * WRITE_RECORD_BYTES);
  records.set(Buffer.from(writeRecord(writer, first), "latin1"));
  for (let filled = WRITE_RECORD_BYTES; filled < records.length; filled *= 2) records.copyWithin(filled, 0, Math.min(filled, records.length - filled));
  const digitsAt = Math.min(writer.length, RECORD_LABEL_CHARACTERS) + 1;
  const digits = records.slice(digitsAt, digitsAt + RECORD_NUMBER_DIGITS);
  for (let at = WRITE_RECORD_BYTES + digitsAt; at < records.length; at += WRITE_RECORD_BYTES) {
    for (let d = RECORD_NUMBER_DIGITS - 1; d >= 0 && ++digits[d]! > 0x39; d--) digits[d] = 0x30; // + 1, carrying
    records.set(digits, at);
  }
  const start = from - first * WRITE_RECORD_BYTES;
  return records.subarray(start, start + (to - from));
}

/**
 * Lands stream bytes [from, to) in a volume of `sizeBytes`, position p at offset p mod size; only
 * the last `sizeBytes` of it matter (the rest would be written over), in pieces that neither cross
 * the wrap nor pass IO_LENGTH_MAX.
 */
export function landStream(writer: string, from: number, to: number, sizeBytes: number, write: (offset: number, data: Uint8Array) => void): void {
  let position = Math.max(from, to - sizeBytes);
  while (position < to) {
    const offset = position % sizeBytes;
    const end = Math.min(to, position + (sizeBytes - offset), position + IO_LENGTH_MAX);
    write(offset, streamBytes(writer, position, end));
    position = end;
  }
}
