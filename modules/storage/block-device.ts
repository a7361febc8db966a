// The local volumes' block backend: chunk maps over the tier pools, the bytes in each pool's
// chunk device. (Distributed volumes keep their bytes in the cluster, through the block-device
// port in src/block.ts.) Offsets and lengths are bytes; callers have checked them against the
// volume's size (asserted here: a bug otherwise). Whole chunks go straight between the caller's
// buffer and the device; a chunk whose stored bytes fail their checksum fails the read with EIO
// naming the volume and the byte offset, and the volume is told (it goes Degraded).

import { assert } from "../../src/assert.js";
import { readTarget } from "../../src/chunks/bytes.js";
import { copyChunkThrough } from "../../src/chunks/chunk-copy.js";
import { fail, isKernelError } from "../../src/errors.js";
import { CHUNK_SIZE, REPLICAS_PER_VOLUME_MAX } from "../../src/limits.js";
import { CHUNK_MAP_BLOCK_ENTRIES } from "../../src/table/chunk-map.js";
import { formatOffset, formatSize } from "../../src/units.js";
import type { ChunkPool } from "./chunk-pool.js";
import { NO_CHUNK, type VolumeTable } from "./volume-table.js";

/** What the backend tells the manager about a volume's data. */
export interface BackendEvents {
  /** Chunks [first, last] of `slot` were written or discarded (replication marks them). */
  written(slot: number, firstChunk: number, lastChunk: number): void;
  /** Stored bytes of `slot` at byte `offset` failed their checksum. */
  corrupt(slot: number, offset: number): void;
}

export interface BlockBackend {
  /** Into `into` (its start) when given, else a fresh buffer. */
  read(slot: number, offset: number, length: number, into?: Uint8Array): Uint8Array;
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
 * on first touch and copies a chunk shared with a snapshot before changing it (copy-on-write,
 * device to device through a kept buffer; a whole-chunk write needs no copy); partial-chunk writes change only their bytes.
 */
export class LocalBackend implements BlockBackend {
  private readonly scratch = new Uint8Array(CHUNK_SIZE); // one chunk in flight between two volumes (replication)
  private readonly copyOnWrite = new Uint8Array(CHUNK_SIZE); // one chunk in flight to its private copy (apart from `scratch`: a replicated write may need one)

  constructor(
    private readonly volumes: VolumeTable,
    private readonly poolOf: (slot: number) => ChunkPool,
    private readonly events: BackendEvents,
  ) {}

  read(slot: number, offset: number, length: number, into?: Uint8Array): Uint8Array {
    this.assertInVolume(slot, offset, length);
    const out = readTarget(length, into); // readMap writes every byte, zeros included
    this.readMap(slot, slot, offset, out, this.volumes.slots.nameOf(slot));
    return out;
  }

  /** Reads chunk map `map` (the volume's, or one of its snapshots') from `offset` into `out`; EIO names `what` and the offset. */
  readMap(slot: number, map: number, offset: number, out: Uint8Array, what: string): void {
    const device = this.poolOf(slot).device();
    const maps = this.volumes.maps;
    let position = offset;
    try {
      for (let done = 0; done < out.length; ) {
        position = offset + done;
        const index = Math.floor(position / CHUNK_SIZE);
        const inner = position - index * CHUNK_SIZE;
        const take = Math.min(CHUNK_SIZE - inner, out.length - done);
        const chunk = maps.get(map, index);
        if (chunk !== NO_CHUNK) device.read(chunk, inner, take, out, done);
        else out.fill(0, done, done + take); // never written: zeros (`out` may hold anything)
        done += take;
      }
    } catch (error) {
      this.checksumFailed(error, slot, position, what);
    }
  }

  /** Rethrows `error`; an EIO from the store (bytes that fail their checksum) first marks the volume and names it and the offset. */
  private checksumFailed(error: unknown, slot: number, position: number, what: string): never {
    if (!isKernelError(error) || error.code !== "EIO") throw error;
    this.events.corrupt(slot, position);
    fail("EIO", `${what}: bytes at offset ${position} failed their checksum (${error.message})`, `vol show ${this.volumes.slots.nameOf(slot)}: the volume is Degraded until that chunk is written again whole (${formatSize(CHUNK_SIZE)} at offset ${formatOffset(Math.floor(position / CHUNK_SIZE) * CHUNK_SIZE)})`);
  }

  write(slot: number, offset: number, data: Uint8Array): void {
    if (data.length === 0) return;
    this.assertInVolume(slot, offset, data.length);
    const first = Math.floor(offset / CHUNK_SIZE);
    const last = Math.floor((offset + data.length - 1) / CHUNK_SIZE);
    this.ensureSpace(slot, first, last);
    const pool = this.poolOf(slot);
    const device = pool.device();
    const maps = this.volumes.maps;
    const name = this.volumes.slots.nameOf(slot);
    let position = offset;
    try {
      for (let index = first; index <= last; index++) {
        const chunkStart = index * CHUNK_SIZE;
        const from = (position = Math.max(offset, chunkStart));
        const to = Math.min(offset + data.length, chunkStart + CHUNK_SIZE);
        let chunk = maps.get(slot, index);
        if (chunk === NO_CHUNK) {
          chunk = pool.allocate(this.takeReservation(slot), name);
          maps.set(slot, index, chunk);
        } else if (pool.referenceCount(chunk) > 1) {
          const copy = pool.allocate(this.takeReservation(slot), name);
          if (to - from < CHUNK_SIZE) copyOrRelease(pool, chunk, copy, this.copyOnWrite); // a whole-chunk write replaces every byte: nothing to copy
          pool.release(chunk);
          chunk = copy;
          maps.set(slot, index, chunk);
        }
        assert(pool.referenceCount(chunk) === 1, "a chunk is the volume's own before it is written (copy-on-write)"); // constant: per chunk
        device.write(chunk, from - chunkStart, data.subarray(from - offset, to - offset));
      }
    } catch (error) {
      this.checksumFailed(error, slot, position, name); // a partial write reads its chunk first
    }
    this.events.written(slot, first, last);
  }

  flush(): void {
    // Chunks are written through to the chunk store: there is no cache to flush.
  }

  discard(slot: number, index: number): void {
    assert(index >= 0 && index < this.volumes.chunkCount(slot), "a discarded chunk is within the volume");
    const chunk = this.volumes.maps.get(slot, index);
    if (chunk === NO_CHUNK) return;
    this.poolOf(slot).release(chunk);
    this.volumes.maps.unset(slot, index);
    if (!this.volumes.thin[slot]) {
      this.poolOf(slot).reserve(1, this.volumes.slots.nameOf(slot)); // a thick volume keeps its reservation
      this.volumes.reservedLeft[slot]!++;
    }
    this.events.written(slot, index, index);
  }

  /** Cuts the volume to `sizeBytes`: zeroes the tail of its last chunk and gives back the chunks (and reservations) past it; costs the chunks written past it. */
  truncate(slot: number, sizeBytes: number): void {
    if (sizeBytes % CHUNK_SIZE !== 0 && this.volumes.maps.get(slot, Math.floor(sizeBytes / CHUNK_SIZE)) !== NO_CHUNK) {
      this.write(slot, sizeBytes, new Uint8Array(CHUNK_SIZE - (sizeBytes % CHUNK_SIZE)));
    }
    const pool = this.poolOf(slot);
    const maps = this.volumes.maps;
    const keep = Math.ceil(sizeBytes / CHUNK_SIZE);
    let cut = Math.max(0, this.volumes.chunkCount(slot) - keep);
    for (let index = maps.next(slot, keep); index >= 0; index = maps.next(slot, index + 1)) {
      pool.release(maps.get(slot, index));
      maps.unset(slot, index);
      cut--;
    }
    if (!this.volumes.thin[slot]) {
      const unreserved = Math.min(cut, this.volumes.reservedLeft[slot]!); // unwritten chunks past the end give back their reservation
      this.volumes.reservedLeft[slot]! -= unreserved;
      pool.unreserve(unreserved);
    }
  }

  /** Makes chunk `index` of `target` what it is in `source` (replication); false when the source's bytes failed their checksum. */
  copyChunk(source: number, target: number, index: number): boolean {
    const offset = index * CHUNK_SIZE;
    if (this.volumes.maps.get(source, index) === NO_CHUNK) {
      this.discard(target, index);
      return true;
    }
    const bytes = this.scratch.subarray(0, Math.min(CHUNK_SIZE, this.volumes.sizes[source]! - offset));
    try {
      this.readMap(source, source, offset, bytes, this.volumes.slots.nameOf(source));
    } catch (error) {
      if (isKernelError(error) && error.code === "EIO") return false;
      throw error;
    }
    this.write(target, offset, bytes);
    return true;
  }

  allocatedRanges(slot: number): [number, number][] {
    const ranges: [number, number][] = [];
    const size = this.volumes.sizes[slot]!;
    this.volumes.maps.forEach(slot, (index) => {
      const start = index * CHUNK_SIZE;
      const end = Math.min(start + CHUNK_SIZE, size);
      const previous = ranges.at(-1);
      if (previous !== undefined && previous[1] === start) previous[1] = end;
      else ranges.push([start, end]);
    });
    return ranges;
  }

  /** Chunks a write over chunks [first, last] must take: unwritten ones and ones shared with a snapshot. */
  chunksNeeded(slot: number, first: number, last: number): number {
    const pool = this.poolOf(slot);
    let needed = 0;
    for (let index = first; index <= last; index++) {
      const chunk = this.volumes.maps.get(slot, index);
      if (chunk === NO_CHUNK || pool.referenceCount(chunk) > 1) needed++;
    }
    return needed;
  }

  /** Chunks the volume could still take: its pool's unreserved ones plus its own reservation. */
  chunksFree(slot: number): number {
    return this.poolOf(slot).unreserved() + this.volumes.reservedLeft[slot]!;
  }

  /** Fails with ENOSPC, before anything changes, if chunks [first, last] cannot all be written (logical space, chunk ids, map blocks). */
  private ensureSpace(slot: number, first: number, last: number): void {
    const pool = this.poolOf(slot);
    const needed = this.chunksNeeded(slot, first, last);
    const available = this.chunksFree(slot);
    const name = this.volumes.slots.nameOf(slot);
    if (needed > available) {
      const size = (chunks: number) => formatSize(chunks * CHUNK_SIZE);
      const reserved = pool.reserved() === 0 ? "" : `, ${size(pool.reserved())} reserved by thick volumes`;
      fail("ENOSPC", `${pool.tier} pool is full: writing ${name} needs ${size(needed)}, ${size(available)} available (${size(pool.used())} used${reserved}, of ${size(pool.capacity)})`, `delete snapshots or volumes${reserved === "" ? "" : " (a thick one gives back its reservation)"}, or use another tier`);
    }
    pool.requireIds(needed, `writing ${name}`);
    // The most map blocks the write and the replication sessions marking it can take: a leaf per
    // 1024 chunks spanned (plus one for a straddle) and an indirect block, in the volume's map and each session's.
    const spanBlocks = Math.ceil((last - first + 1) / CHUNK_MAP_BLOCK_ENTRIES) + 3;
    this.volumes.maps.blocks.require(spanBlocks * (1 + REPLICAS_PER_VOLUME_MAX), `writing ${name}`);
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

/** Chunk `to` becomes a copy of chunk `from` (through `through`); if the copy fails (EIO), `to` goes back to the pool. */
function copyOrRelease(pool: ChunkPool, from: number, to: number, through: Uint8Array): void {
  try {
    copyChunkThrough(pool.device(), from, pool.device(), to, through);
  } catch (error) {
    pool.release(to);
    throw error;
  }
}
