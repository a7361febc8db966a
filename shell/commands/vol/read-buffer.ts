// The buffer vol read reads into, kept between commands: a read shown (turned into text or a hex
// dump at once) or headed for a file needs no fresh buffer each time (a fresh one costs its
// allocation, page faults and the collector's accounting). Bounded: reads longer than
// VOL_READ_BUFFER_BYTES take a buffer of their own.

import { VOL_READ_BUFFER_BYTES } from "../../../src/limits.js";

let kept: Uint8Array | undefined;

/** A buffer for a read of `length` bytes, valid until the next call; undefined past the bound (the read makes its own). */
export function readBuffer(length: number): Uint8Array | undefined {
  if (length > VOL_READ_BUFFER_BYTES) return undefined;
  kept ??= new Uint8Array(VOL_READ_BUFFER_BYTES);
  return kept;
}
