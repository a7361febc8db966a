// Reads a journal file forward with fs.readSync at offsets, through one buffer of
// JOURNAL_READ_BYTES (grown only for an unusually long line, up to the bound the caller gives):
// never the whole file, which may hold gigabytes of payloads. A record's JSON line is taken
// whole; the raw payload after it is handed on in pieces (to its MAC) and passed over, and read
// whole, on its own, only when its command replays (readPayloadAt).
//
// Typical sequence: new JournalCursor(fd, size); then per record line(), pass(length, sink) and
// byte() for the newline after a payload, until atEnd.

import * as fs from "node:fs";
import { JOURNAL_READ_BYTES } from "../limits.js";
import { StateFileError } from "./state-file-error.js";

const NEWLINE = 0x0a;

/** A line read: its bytes without the newline (valid until the next read), and whether the newline was there. */
export interface CursorLine {
  readonly bytes: Buffer;
  readonly complete: boolean; // false: the file ends before a newline
}

export class JournalCursor {
  private buffer = Buffer.allocUnsafe(JOURNAL_READ_BYTES);
  private start = 0; // buffer[start, end) holds the file's bytes from `offset` on
  private end = 0;
  /** The file offset of the next byte not yet taken. */
  offset = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  get atEnd(): boolean {
    return this.offset >= this.size;
  }

  /** The next line; "long" when no newline comes within `bytesMax` bytes (it is then not taken). */
  line(bytesMax: number): CursorLine | "long" {
    let scanned = 0; // bytes after `start` known to hold no newline (fill may move them to the buffer's front)
    for (;;) {
      const newline = this.buffer.subarray(0, this.end).indexOf(NEWLINE, this.start + scanned);
      if (newline !== -1 && newline - this.start <= bytesMax) return { bytes: this.take(newline - this.start, 1), complete: true };
      if (this.end - this.start > bytesMax) return "long";
      scanned = this.end - this.start;
      if (!this.fill(bytesMax + 1)) return { bytes: this.take(this.end - this.start, 0), complete: false };
    }
  }

  /** Hands the next `length` bytes to `sink` in pieces (views valid during the call); returns how many there were. */
  pass(length: number, sink: (piece: Buffer) => void): number {
    let left = length;
    const buffered = Math.min(left, this.end - this.start);
    if (buffered > 0) {
      sink(this.take(buffered, 0));
      left -= buffered;
    }
    while (left > 0) {
      // the buffer is empty here: read straight into it, a piece at a time
      this.start = this.end = 0;
      const read = fs.readSync(this.fd, this.buffer, 0, Math.min(left, this.buffer.length), this.offset);
      if (read === 0) break;
      sink(this.buffer.subarray(0, read));
      this.offset += read;
      left -= read;
    }
    return length - left;
  }

  /** The next byte, taken; -1 at the end of the file. */
  byte(): number {
    if (this.start === this.end && !this.fill(1)) return -1;
    const value = this.buffer[this.start]!;
    this.take(1, 0);
    return value;
  }

  /** Takes `length` bytes (plus `skip` after them, the newline) and returns a view of the first `length`. */
  private take(length: number, skip: number): Buffer {
    const bytes = this.buffer.subarray(this.start, this.start + length);
    this.start += length + skip;
    this.offset += length + skip;
    return bytes;
  }

  /** Reads more of the file after what is buffered, making room for `bytesMax` in all; false at its end. */
  private fill(bytesMax: number): boolean {
    const fileAt = this.offset + (this.end - this.start);
    if (fileAt >= this.size) return false;
    if (this.start > 0) {
      this.buffer.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end === this.buffer.length) {
      // a line longer than the buffer (an older journal's --file-hex record): grow, within the caller's bound
      const grown = Buffer.allocUnsafe(Math.min(2 * this.buffer.length, Math.max(bytesMax, this.buffer.length + 1)));
      this.buffer.copy(grown, 0, 0, this.end);
      this.buffer = grown;
    }
    const read = fs.readSync(this.fd, this.buffer, this.end, Math.min(this.buffer.length - this.end, this.size - fileAt), fileAt);
    this.end += read;
    return read > 0;
  }
}

/** The `length` bytes at `offset` of the journal `path`: a record's payload, read when its command replays. */
export function readPayloadAt(path: string, offset: number, length: number): Uint8Array {
  const bytes = Buffer.allocUnsafe(length);
  const fd = fs.openSync(path, "r");
  try {
    for (let done = 0; done < length; ) {
      const read = fs.readSync(fd, bytes, done, length - done, offset + done);
      if (read === 0) throw new StateFileError(path, `ends inside a payload it held when it was checked (at byte ${offset + done})`);
      done += read;
    }
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}
