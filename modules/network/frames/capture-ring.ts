// The capture buffer: a fixed ring of frames (CAPTURE_FRAME_MAX) whose bytes live in one fixed
// arena (CAPTURE_BYTES_MAX), as tcpdump's kernel buffer. Each frame keeps at most `snaplen` bytes
// and its original length; when either the slots or the bytes run out the oldest frames go, and
// `dropped` says how many. Nothing grows after construction.
//
// Frames are laid end to end in the arena; one that does not fit before the end starts again at
// 0. Frames past the write offset are then the previous lap's (older than any at the front), so
// they go first; after that, the oldest frame is the only one a new frame can run into (an empty
// frame takes one byte for this: two frames never start at one place).
//
// offer(frame, timeMs) applies the filter, record() keeps; at(i)/records() read oldest first.

import { assert } from "../../../src/assert.js";
import { fail } from "../../../src/errors.js";
import { CAPTURE_BYTES_MAX, CAPTURE_FRAME_MAX, CAPTURE_SNAPLEN_MAX } from "../../../src/limits.js";
import { Ring } from "../../../src/table/ring.js";
import type { FramePredicate } from "./filter.js";

export interface CaptureRecord {
  readonly timeMs: number; // simulated time it was seen
  readonly frame: Uint8Array; // at most snaplen bytes; a view into the ring, valid until the next record()
  readonly origLen: number; // its length on the wire
}

/** A ring in state.json: its counters, where the next frame goes, and each frame held (oldest first) with its place in the arena, so a restored ring drops the same frames later. */
export interface SavedCaptureRing {
  readonly writeOffset: number;
  readonly dropped: number;
  readonly seen: number;
  readonly matched: number;
  readonly frames: readonly { readonly timeMs: number; readonly start: number; readonly origLen: number; readonly base64: string }[];
}

export interface CaptureOptions {
  readonly snaplen?: number; // default CAPTURE_SNAPLEN_MAX
  readonly filter?: FramePredicate;
  readonly frames?: number; // slots, default CAPTURE_FRAME_MAX (smaller in tests)
  readonly bytes?: number; // arena bytes, default CAPTURE_BYTES_MAX
}

export class CaptureRing {
  readonly snaplen: number;
  private readonly filter: FramePredicate | undefined;
  private readonly ring: Ring;
  private readonly arena: Uint8Array;
  private readonly times: Float64Array;
  private readonly starts: Uint32Array;
  private readonly lengths: Uint32Array;
  private readonly origLengths: Uint32Array;
  private writeOffset = 0;
  private droppedCount = 0;
  private seenCount = 0;
  private matchedCount = 0;

  constructor(options: CaptureOptions = {}) {
    const frames = options.frames ?? CAPTURE_FRAME_MAX;
    const bytes = options.bytes ?? CAPTURE_BYTES_MAX;
    assert(frames >= 1 && frames <= CAPTURE_FRAME_MAX && bytes >= 1 && bytes <= CAPTURE_BYTES_MAX, "capture ring sizes within CAPTURE_FRAME_MAX and CAPTURE_BYTES_MAX");
    this.snaplen = options.snaplen ?? Math.min(CAPTURE_SNAPLEN_MAX, bytes);
    if (!Number.isInteger(this.snaplen) || this.snaplen < 1 || this.snaplen > Math.min(CAPTURE_SNAPLEN_MAX, bytes)) {
      fail("EINVAL", `snaplen ${this.snaplen} is out of range: expected 1..${Math.min(CAPTURE_SNAPLEN_MAX, bytes)} (CAPTURE_SNAPLEN_MAX)`);
    }
    this.filter = options.filter;
    this.ring = new Ring("capture", frames, "CAPTURE_FRAME_MAX", "fail");
    this.arena = new Uint8Array(bytes);
    this.times = new Float64Array(frames);
    this.starts = new Uint32Array(frames);
    this.lengths = new Uint32Array(frames);
    this.origLengths = new Uint32Array(frames);
  }

  get length(): number {
    return this.ring.length;
  }

  /** Frames dropped, oldest first, to make room for newer ones. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Frames offered, matched by the filter or not. */
  get seen(): number {
    return this.seenCount;
  }

  /** Frames the filter accepted (every frame seen when there is no filter), held or since dropped. */
  get matched(): number {
    return this.matchedCount;
  }

  get bytesHeld(): number {
    let total = 0;
    for (let i = 0; i < this.ring.length; i++) total += this.lengths[this.ring.at(i)]!;
    return total;
  }

  /** Records `frame` if the filter (if any) matches it; says whether it did. */
  offer(frame: Uint8Array, timeMs: number): boolean {
    this.seenCount++;
    if (this.filter !== undefined && !this.filter(frame)) return false;
    this.matchedCount++;
    this.record(frame, timeMs);
    return true;
  }

  /** Keeps the first snaplen bytes of `frame`, dropping the oldest frames as needed. */
  record(frame: Uint8Array, timeMs: number): void {
    const length = Math.min(frame.length, this.snaplen);
    const start = this.place(Math.max(length, 1)); // an empty frame still takes a byte, so frames never share a place
    if (this.ring.isFull()) this.dropOldest();
    const slot = this.ring.push();
    this.arena.set(frame.subarray(0, length), start);
    this.times[slot] = timeMs;
    this.starts[slot] = start;
    this.lengths[slot] = length;
    this.origLengths[slot] = frame.length;
    this.writeOffset = start + Math.max(length, 1);
  }

  /** The `i`-th oldest record. */
  at(i: number): CaptureRecord {
    const slot = this.ring.at(i);
    const start = this.starts[slot]!;
    return { timeMs: this.times[slot]!, frame: this.arena.subarray(start, start + this.lengths[slot]!), origLen: this.origLengths[slot]! };
  }

  /** Every record, oldest first (views into the ring: read them before the next record()). */
  records(): CaptureRecord[] {
    return Array.from({ length: this.ring.length }, (_, i) => this.at(i));
  }

  save(): SavedCaptureRing {
    const frames = Array.from({ length: this.ring.length }, (_, i) => {
      const record = this.at(i);
      return { timeMs: record.timeMs, start: this.starts[this.ring.at(i)]!, origLen: record.origLen, base64: Buffer.from(record.frame).toString("base64") };
    });
    return { writeOffset: this.writeOffset, dropped: this.droppedCount, seen: this.seenCount, matched: this.matchedCount, frames };
  }

  /** Puts a saved ring's frames back where they were; a frame that does not fit the arena or the snaplen fails EINVAL. */
  restore(saved: SavedCaptureRing): void {
    this.clear();
    if (saved.frames.length > this.ring.capacity || saved.writeOffset > this.arena.length) fail("EINVAL", "a saved capture holds more than its ring", "CAPTURE_FRAME_MAX, CAPTURE_BYTES_MAX");
    for (const frame of saved.frames) {
      const bytes = Buffer.from(frame.base64, "base64");
      if (bytes.length > this.snaplen || frame.start + bytes.length > this.arena.length || frame.origLen < bytes.length) fail("EINVAL", `a saved capture frame of ${bytes.length} bytes at ${frame.start} does not fit its ring`);
      const slot = this.ring.push();
      this.arena.set(bytes, frame.start);
      this.times[slot] = frame.timeMs;
      this.starts[slot] = frame.start;
      this.lengths[slot] = bytes.length;
      this.origLengths[slot] = frame.origLen;
    }
    Object.assign(this, { writeOffset: saved.writeOffset, droppedCount: saved.dropped, seenCount: saved.seen, matchedCount: saved.matched });
  }

  clear(): void {
    this.ring.clear();
    this.writeOffset = 0;
    this.droppedCount = 0;
    this.seenCount = 0;
    this.matchedCount = 0;
  }

  /** Where `length` bytes go, after dropping the frames they would overwrite. */
  private place(length: number): number {
    let start = this.writeOffset;
    if (start + length > this.arena.length) {
      while (this.ring.length > 0 && this.starts[this.ring.oldest()]! >= this.writeOffset) this.dropOldest();
      start = 0;
    }
    while (this.ring.length > 0 && this.overlapsOldest(start, length)) this.dropOldest();
    return start;
  }

  private overlapsOldest(start: number, length: number): boolean {
    const slot = this.ring.oldest();
    const oldStart = this.starts[slot]!;
    return oldStart < start + length && start < oldStart + Math.max(this.lengths[slot]!, 1);
  }

  private dropOldest(): void {
    this.ring.shift();
    this.droppedCount++;
  }
}
