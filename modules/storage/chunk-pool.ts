// A tier's pool of physical chunks (SSD or HDD): a fixed number of CHUNK_SIZE chunks, each with a
// reference count (a volume and its snapshots share chunks until one of them writes: copy-on-
// write). The lowest free chunk is handed out, so allocation follows from the table alone and a
// restored pool allocates exactly as the original would. Chunk ids run from 1 to capacity (0
// means "no chunk", so chunk maps start zeroed and cost nothing until used). A chunk's bytes are allocated on its first use, so an
// idle pool costs only its tables. Thick volumes reserve chunks at create; thin ones take them
// on first write, and a write that finds no unreserved chunk fails with ENOSPC.

import { assert } from "../../src/assert.js";
import { fail } from "../../src/errors.js";
import { CHUNK_SIZE } from "../../src/limits.js";
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
  private readonly references: Uint16Array;
  private readonly data: (Uint8Array | undefined)[];
  private freeCount: number;
  private lowestFree = 1; // no chunk below this one is free
  private reservedTotal = 0;

  constructor(
    readonly tier: TierName,
    readonly capacity: number,
  ) {
    this.references = new Uint16Array(capacity + 1);
    this.data = new Array(capacity + 1).fill(undefined);
    this.freeCount = capacity;
  }

  used(): number {
    return this.capacity - this.freeCount;
  }

  reserved(): number {
    return this.reservedTotal;
  }

  /** Chunks a thin volume could still take. */
  unreserved(): number {
    return this.freeCount - this.reservedTotal;
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

  /** A fresh zeroed chunk with one reference; `fromReservation` spends a thick volume's reservation. */
  allocate(fromReservation: boolean, what: string): number {
    if (fromReservation) this.unreserve(1);
    else if (this.unreserved() <= 0) fail("ENOSPC", `${this.tier} pool is full: ${this.used()} of ${this.capacity} chunks in use, ${this.reservedTotal} reserved (writing ${what})`, "delete snapshots or volumes, or use another tier");
    let id = this.lowestFree;
    while (id <= this.capacity && this.references[id] !== 0) id++;
    assert(id <= this.capacity, "a free chunk exists when the count says so");
    this.references[id] = 1;
    this.freeCount--;
    this.lowestFree = id + 1;
    return id;
  }

  retain(id: number): void {
    assert(this.references[id]! > 0, "only a used chunk is shared");
    this.references[id]!++;
  }

  release(id: number): void {
    assert(this.references[id]! > 0, "a released chunk was in use");
    if (--this.references[id]! === 0) {
      this.data[id] = undefined;
      this.freeCount++;
      this.lowestFree = Math.min(this.lowestFree, id);
    }
  }

  referenceCount(id: number): number {
    return this.references[id]!;
  }

  /** The chunk's bytes (zeros until written). */
  bytes(id: number): Uint8Array {
    assert(this.references[id]! > 0, "bytes of a used chunk");
    return (this.data[id] ??= new Uint8Array(CHUNK_SIZE));
  }

  toJSON(): SavedPool {
    const chunks: SavedPool["chunks"] = [];
    for (let id = 1; id <= this.capacity; id++) {
      if (this.references[id]! > 0) chunks.push([id, this.references[id]!, this.data[id] === undefined ? "" : Buffer.from(this.data[id]!).toString("base64")]);
    }
    return { reserved: this.reservedTotal, chunks };
  }

  restore(saved: SavedPool): void {
    for (const [id, references, base64] of saved.chunks) {
      if (id < 1 || id > this.capacity || references < 1) fail("EINVAL", `saved ${this.tier} chunk ${id} is out of range`);
      this.references[id] = references;
      if (base64 !== "") {
        const bytes = Buffer.from(base64, "base64");
        if (bytes.length !== CHUNK_SIZE) fail("EINVAL", `saved ${this.tier} chunk ${id} holds ${bytes.length} bytes, not ${CHUNK_SIZE}`);
        this.data[id] = new Uint8Array(bytes);
      }
    }
    this.freeCount = this.capacity - saved.chunks.length;
    this.lowestFree = 1;
    this.reservedTotal = saved.reserved;
  }
}

export interface SavedPool {
  readonly reserved: number;
  readonly chunks: [number, number, string][]; // id, references, base64 bytes ("" if never written)
}
