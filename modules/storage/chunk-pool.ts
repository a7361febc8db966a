// A tier's pool of physical chunks (SSD or HDD), its bytes in the kernel's chunk store: the
// chunk device `local/<tier>` (src/chunks/), which keeps each chunk by the id this pool hands
// out, so ids are saved as they are and a restored pool finds its bytes under the same ids.
// The pool keeps no bytes itself, only a reference count per id (a volume and its snapshots
// share chunks until one of them writes: copy-on-write) and the accounting.
//
// Two limits, kept apart: the tier's logical capacity (`capacity`, chunks: 64 TiB) bounds what
// volumes may use and reserve; POOL_CHUNK_IDS_MAX bounds the physical chunks written at once and
// sizes the tables. Thick volumes reserve logical chunks at create (accounting only, nothing is
// allocated); thin ones take chunks on first write, and a write that finds no unreserved chunk
// (or a full id table) fails with ENOSPC. The lowest free id is handed out, so a restored pool
// allocates exactly as the original would. Ids run from 1 (0 means "no chunk" in a chunk map).

import { assert } from "../../src/assert.js";
import type { ChunkDevice, ChunkDevices } from "../../src/chunks/chunk-device.js";
import { fail } from "../../src/errors.js";
import { CHUNK_SIZE, POOL_CHUNK_IDS_MAX } from "../../src/limits.js";
import type { TierName } from "./types.js";

export interface TierProfile {
  readonly latencyMs: number; // per IO
  readonly bandwidthBytesPerSecond: number;
}

export const TIER_PROFILES: Record<TierName, TierProfile> = {
  ssd: { latencyMs: 0.1, bandwidthBytesPerSecond: 500 * 1024 ** 2 },
  hdd: { latencyMs: 8, bandwidthBytesPerSecond: 150 * 1024 ** 2 },
};

export class ChunkPool {
  private readonly references = new Uint16Array(POOL_CHUNK_IDS_MAX + 1);
  private usedCount = 0;
  private lowestFree = 1; // no chunk below this one is free
  private reservedTotal = 0;
  private stored: ChunkDevice | undefined; // taken on first use: the kernel restores its chunk store after building subsystems

  constructor(
    readonly tier: TierName,
    readonly capacity: number, // logical chunks
    private readonly chunks: ChunkDevices,
  ) {}

  /** The chunk device holding this pool's bytes. */
  device(): ChunkDevice {
    return (this.stored ??= this.chunks.device(`local/${this.tier}`, CHUNK_SIZE, POOL_CHUNK_IDS_MAX));
  }

  used(): number {
    return this.usedCount;
  }

  reserved(): number {
    return this.reservedTotal;
  }

  /** Chunks a thin volume could still take. */
  unreserved(): number {
    return this.capacity - this.usedCount - this.reservedTotal;
  }

  /** Physical chunk ids still free. */
  idsFree(): number {
    return POOL_CHUNK_IDS_MAX - this.usedCount;
  }

  reserve(chunks: number, what: string): void {
    if (chunks > this.unreserved()) {
      fail("ENOSPC", `${this.tier} pool cannot reserve ${chunks} chunks for ${what}: ${this.unreserved()} of ${this.capacity} unreserved`, "use --thin, another --tier, or a smaller --size");
    }
    this.reservedTotal += chunks;
  }

  unreserve(chunks: number): void {
    assert(chunks <= this.reservedTotal, "only reserved chunks are given back");
    this.reservedTotal -= chunks;
  }

  /** Fails with ENOSPC, before anything changes, if `chunks` more physical chunks cannot be held. */
  requireIds(chunks: number, what: string): void {
    if (chunks > this.idsFree()) fail("ENOSPC", `${this.tier} pool's chunk table is full: ${what} needs ${chunks} chunks, ${this.idsFree()} of ${POOL_CHUNK_IDS_MAX} free (POOL_CHUNK_IDS_MAX)`, "delete snapshots or volumes, or use another tier");
  }

  /** A fresh chunk (reads as zeros) with one reference; `fromReservation` spends a thick volume's reservation. */
  allocate(fromReservation: boolean, what: string): number {
    this.requireIds(1, what);
    if (fromReservation) this.unreserve(1);
    else if (this.unreserved() <= 0) fail("ENOSPC", `${this.tier} pool is full: ${this.used()} of ${this.capacity} chunks in use, ${this.reservedTotal} reserved (writing ${what})`, "delete snapshots or volumes, or use another tier");
    let id = this.lowestFree;
    while (id <= POOL_CHUNK_IDS_MAX && this.references[id] !== 0) id++;
    assert(id <= POOL_CHUNK_IDS_MAX, "a free chunk id exists when the count says so");
    this.references[id] = 1;
    this.usedCount++;
    this.lowestFree = id + 1;
    return id;
  }

  retain(id: number): void {
    assert(this.references[id]! > 0, "only a used chunk is shared");
    this.references[id]!++;
  }

  /** Drops a reference; the last one frees the chunk's bytes in the store. */
  release(id: number): void {
    assert(this.references[id]! > 0, "a released chunk was in use");
    if (--this.references[id]! > 0) return;
    this.device().free(id);
    this.usedCount--;
    this.lowestFree = Math.min(this.lowestFree, id);
  }

  referenceCount(id: number): number {
    return this.references[id]!;
  }

  toJSON(): SavedPool {
    const chunks: SavedPool["chunks"] = [];
    let last: number[] | undefined; // the entry a next id with the same references may extend
    for (let id = 1, left = this.usedCount; left > 0; id++) {
      const references = this.references[id]!;
      if (references === 0) continue;
      left--;
      const run = last?.[2] ?? 1;
      if (last !== undefined && last[0]! + run === id && last[1] === references) last[2] = run + 1;
      else chunks.push((last = [id, references]) as [number, number]);
    }
    return { reserved: this.reservedTotal, chunks };
  }

  /** Loads references; a file from before the chunk store carries each chunk's bytes as base64: they go into the store. */
  restore(saved: SavedPool): void {
    let used = 0;
    for (const [first, references, extra] of saved.chunks) {
      const run = typeof extra === "number" ? extra : 1;
      if (first < 1 || first + run - 1 > POOL_CHUNK_IDS_MAX || references < 1) fail("EINVAL", `saved ${this.tier} chunk ${first} is out of range`);
      for (let id = first; id < first + run; id++) this.references[id] = references;
      used += run;
      if (typeof extra === "string" && extra !== "") this.restoreBytes(first, extra);
    }
    this.usedCount = used;
    this.lowestFree = 1;
    this.reservedTotal = saved.reserved;
  }

  private restoreBytes(id: number, base64: string): void {
    const bytes = Buffer.from(base64, "base64");
    if (bytes.length !== CHUNK_SIZE) fail("EINVAL", `saved ${this.tier} chunk ${id} holds ${bytes.length} bytes, not ${CHUNK_SIZE}`);
    this.device().write(id, 0, bytes);
  }
}

export interface SavedPool {
  readonly reserved: number;
  /** [id, references], or [id, references, run] for ids id.. id+run-1 with as many references; files from before the chunk store have [id, references, base64] ("" if never written). */
  readonly chunks: ([number, number] | [number, number, number] | [number, number, string])[];
}
