// The local volumes' block backend: chunk maps over the tier pools. (Distributed volumes keep
// their bytes in the cluster, through the block-device port in src/block.ts.) Offsets and
// lengths are bytes; callers have checked them against the volume's size (asserted here: a bug
// otherwise).

import { assert } from "../../src/assert.js";
import { fail } from "../../src/errors.js";
import { CHUNK_SIZE } from "../../src/limits.js";
import type { ChunkPool } from "./chunk-pool.js";
import { NO_CHUNK, type VolumeTable } from "./volume-table.js";

export interface BlockBackend {
  read(slot: number, offset: number, length: number): Uint8Array;
  /** Writes all of `data` or, failing (ENOSPC), none of it. */
  write(slot: number, offset: number, data: Uint8Array): void;
  flush(slot: number): void;
  /** Gives chunk `index` back to the pool: it reads as zeros again (TRIM/discard). */
  discard(slot: number, index: number): void;
  /** Byte ranges [start, end) that hold written chunks, merged. */
  allocatedRanges(slot: number): [number, number][];
}

/**
 * Local volumes: each chunk index maps to a chunk of the tier's pool. A write allocates chunks
 * on first touch and copies a chunk shared with a snapshot before changing it (copy-on-write);
 * partial-chunk writes change only their bytes (the read-modify-write happens in place).
 */
export class LocalBackend implements BlockBackend {
  constructor(
    private readonly volumes: VolumeTable,
    private readonly poolOf: (slot: number) => ChunkPool,
    private readonly onWritten: (slot: number, firstChunk: number, lastChunk: number) => void,
  ) {}

  read(slot: number, offset: number, length: number): Uint8Array {
    this.assertInVolume(slot, offset, length);
    const out = new Uint8Array(length);
    const pool = this.poolOf(slot);
    const base = this.volumes.mapBase(slot);
    for (let done = 0; done < length; ) {
      const position = offset + done;
      const index = Math.floor(position / CHUNK_SIZE);
      const inner = position - index * CHUNK_SIZE;
      const take = Math.min(CHUNK_SIZE - inner, length - done);
      const chunk = this.volumes.chunkMap[base + index]!;
      if (chunk !== NO_CHUNK) out.set(pool.bytes(chunk).subarray(inner, inner + take), done);
      done += take;
    }
    return out;
  }

  write(slot: number, offset: number, data: Uint8Array): void {
    if (data.length === 0) return;
    this.assertInVolume(slot, offset, data.length);
    const first = Math.floor(offset / CHUNK_SIZE);
    const last = Math.floor((offset + data.length - 1) / CHUNK_SIZE);
    this.ensureSpace(slot, first, last);
    const pool = this.poolOf(slot);
    const base = this.volumes.mapBase(slot);
    const name = this.volumes.slots.nameOf(slot);
    for (let index = first; index <= last; index++) {
      let chunk = this.volumes.chunkMap[base + index]!;
      if (chunk === NO_CHUNK) {
        chunk = pool.allocate(this.takeReservation(slot), name);
      } else if (pool.referenceCount(chunk) > 1) {
        const copy = pool.allocate(this.takeReservation(slot), name);
        pool.bytes(copy).set(pool.bytes(chunk));
        pool.release(chunk);
        chunk = copy;
      }
      assert(pool.referenceCount(chunk) === 1, "a chunk is the volume's own before it is written (copy-on-write)"); // constant: per chunk
      this.volumes.chunkMap[base + index] = chunk;
      const chunkStart = index * CHUNK_SIZE;
      const from = Math.max(offset, chunkStart);
      const to = Math.min(offset + data.length, chunkStart + CHUNK_SIZE);
      pool.bytes(chunk).set(data.subarray(from - offset, to - offset), from - chunkStart);
    }
    this.onWritten(slot, first, last);
  }

  flush(): void {
    // Chunks are written through: there is no cache to flush.
  }

  discard(slot: number, index: number): void {
    assert(index >= 0 && index < this.volumes.chunkCount(slot), "a discarded chunk is within the volume");
    const cell = this.volumes.mapBase(slot) + index;
    const chunk = this.volumes.chunkMap[cell]!;
    if (chunk === NO_CHUNK) return;
    this.poolOf(slot).release(chunk);
    this.volumes.chunkMap[cell] = NO_CHUNK;
    if (!this.volumes.thin[slot]) {
      this.poolOf(slot).reserve(1, this.volumes.slots.nameOf(slot)); // a thick volume keeps its reservation
      this.volumes.reservedLeft[slot]!++;
    }
    this.onWritten(slot, index, index);
  }

  /** Cuts the volume to `sizeBytes`: zeroes the tail of its last chunk and gives back the chunks (and reservations) past it. */
  truncate(slot: number, sizeBytes: number): void {
    if (sizeBytes % CHUNK_SIZE !== 0) this.write(slot, sizeBytes, new Uint8Array(CHUNK_SIZE - (sizeBytes % CHUNK_SIZE)));
    const pool = this.poolOf(slot);
    const base = this.volumes.mapBase(slot);
    for (let index = Math.ceil(sizeBytes / CHUNK_SIZE); index < this.volumes.chunkCount(slot); index++) {
      const chunk = this.volumes.chunkMap[base + index]!;
      if (chunk !== NO_CHUNK) pool.release(chunk);
      else if (!this.volumes.thin[slot] && this.volumes.reservedLeft[slot]! > 0) {
        this.volumes.reservedLeft[slot]!--;
        pool.unreserve(1);
      }
      this.volumes.chunkMap[base + index] = NO_CHUNK;
    }
  }

  /** Makes chunk `index` of `target` what it is in `source` (replication). */
  copyChunk(source: number, target: number, index: number): void {
    const chunk = this.volumes.chunkMap[this.volumes.mapBase(source) + index]!;
    const offset = index * CHUNK_SIZE;
    const length = Math.min(CHUNK_SIZE, this.volumes.sizes[source]! - offset);
    if (chunk === NO_CHUNK) this.discard(target, index);
    else this.write(target, offset, this.poolOf(source).bytes(chunk).subarray(0, length));
  }

  allocatedRanges(slot: number): [number, number][] {
    const ranges: [number, number][] = [];
    const base = this.volumes.mapBase(slot);
    for (let index = 0; index < this.volumes.chunkCount(slot); index++) {
      if (this.volumes.chunkMap[base + index] === NO_CHUNK) continue;
      const start = index * CHUNK_SIZE;
      const end = Math.min(start + CHUNK_SIZE, this.volumes.sizes[slot]!);
      const previous = ranges.at(-1);
      if (previous !== undefined && previous[1] === start) previous[1] = end;
      else ranges.push([start, end]);
    }
    return ranges;
  }

  /** Chunks a write over chunks [first, last] must take: unwritten ones and ones shared with a snapshot. */
  chunksNeeded(slot: number, first: number, last: number): number {
    const pool = this.poolOf(slot);
    const base = this.volumes.mapBase(slot);
    let needed = 0;
    for (let index = first; index <= last; index++) {
      const chunk = this.volumes.chunkMap[base + index]!;
      if (chunk === NO_CHUNK || pool.referenceCount(chunk) > 1) needed++;
    }
    return needed;
  }

  /** Chunks the volume could still take: its pool's unreserved ones plus its own reservation. */
  chunksFree(slot: number): number {
    return this.poolOf(slot).unreserved() + this.volumes.reservedLeft[slot]!;
  }

  /** Fails with ENOSPC, before anything changes, if chunks [first, last] cannot all be written. */
  private ensureSpace(slot: number, first: number, last: number): void {
    const pool = this.poolOf(slot);
    const needed = this.chunksNeeded(slot, first, last);
    const available = this.chunksFree(slot);
    if (needed > available) {
      fail("ENOSPC", `${pool.tier} pool is full: writing ${this.volumes.slots.nameOf(slot)} needs ${needed} chunks, ${available} available (${pool.used()} of ${pool.capacity} in use)`, "delete snapshots or volumes, or use another tier");
    }
  }

  /** Offsets and lengths reach here checked against the volume's size (VolumeManager.checkIo); truncate zeroes up to its last chunk's end. */
  private assertInVolume(slot: number, offset: number, length: number): void {
    const end = this.volumes.chunkCount(slot) * CHUNK_SIZE;
    assert(Number.isSafeInteger(offset) && offset >= 0 && length >= 0 && offset + length <= end, "an IO is within the volume's chunks"); // constant: per IO
  }

  private takeReservation(slot: number): boolean {
    if (this.volumes.reservedLeft[slot]! <= 0) return false;
    this.volumes.reservedLeft[slot]!--;
    return true;
  }
}
