// A chunk arena: a fixed number of chunkSize-byte chunks in one buffer allocated at boot, for
// stores whose bytes must not be one object per chunk. Chunk ids run 0..count-1; allocation takes
// the lowest free id (so a replay allocates exactly as the original run did); a fresh chunk reads
// as zeros; a full arena fails with ENOSPC naming its limit.

import { assert } from "../assert.js";
import { fail } from "../errors.js";

export class ChunkArena {
  private readonly buffer: Uint8Array;
  private readonly used: Uint8Array;
  private usedCount = 0;
  private lowestFree = 0; // no chunk below this one is free

  constructor(
    readonly what: string, // for the ENOSPC message: "node chunk"
    readonly count: number,
    readonly chunkSize: number,
    private readonly limitName: string,
  ) {
    assert(Number.isInteger(count) && count > 0 && Number.isInteger(chunkSize) && chunkSize > 0, `${what} arena has whole, positive sizes`);
    this.buffer = new Uint8Array(count * chunkSize);
    this.used = new Uint8Array(count);
  }

  inUse(): number {
    return this.usedCount;
  }

  /** A zeroed chunk's id. */
  allocate(): number {
    if (this.usedCount === this.count) fail("ENOSPC", `${this.what} arena full: ${this.count} of ${this.count} chunks in use (${this.limitName})`);
    let id = this.lowestFree;
    while (this.used[id] === 1) id++;
    assert(id < this.count, "a free chunk exists when the count says so");
    this.used[id] = 1;
    this.usedCount++;
    this.lowestFree = id + 1;
    return id;
  }

  /** Frees a chunk and zeroes it, so the next user reads zeros. */
  free(id: number): void {
    this.check(id);
    this.view(id).fill(0);
    this.used[id] = 0;
    this.usedCount--;
    this.lowestFree = Math.min(this.lowestFree, id);
  }

  /** The chunk's bytes, in place (valid until it is freed). */
  view(id: number): Uint8Array {
    this.check(id);
    return this.buffer.subarray(id * this.chunkSize, (id + 1) * this.chunkSize);
  }

  read(id: number, offset: number, length: number): Uint8Array {
    this.checkRange(id, offset, length);
    return this.view(id).slice(offset, offset + length);
  }

  write(id: number, offset: number, data: Uint8Array): void {
    this.checkRange(id, offset, data.length);
    this.view(id).set(data, offset);
  }

  private check(id: number): void {
    if (!(Number.isInteger(id) && id >= 0 && id < this.count && this.used[id] === 1)) assert(false, `${this.what} ${id} is an allocated chunk`); // the message is built only on failure (a hot path)
  }

  private checkRange(id: number, offset: number, length: number): void {
    if (!(Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0 && offset + length <= this.chunkSize)) {
      fail("EINVAL", `${this.what} ${id}: range ${offset}+${length} is outside its ${this.chunkSize} bytes`);
    }
  }
}
