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

/** Bytes [from, to) of `writer`'s stream: records made from one template with their numbers written in (a landing makes millions). */
export function streamBytes(writer: string, from: number, to: number): Uint8Array {
  const first = Math.floor(from / WRITE_RECORD_BYTES);
  const last = Math.floor((to - 1) / WRITE_RECORD_BYTES);
  const records = new Uint8Array((last - first + 1) * WRITE_RECORD_BYTES);
  const template = Buffer.from(writeRecord(writer, 0), "latin1");
  const digitsEnd = Math.min(writer.length, RECORD_LABEL_CHARACTERS) + 1 + RECORD_NUMBER_DIGITS; // past the number's last digit
  for (let index = first, at = 0; index <= last; index++, at += WRITE_RECORD_BYTES) {
    records.set(template, at);
    for (let digit = digitsEnd - 1, rest = index; rest > 0; digit--, rest = Math.floor(rest / 10)) records[at + digit] = 0x30 + (rest % 10);
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
