// The chunk store of one session: where devices keep their slots (a folder under the state
// directory, a private temporary folder, or memory) and the bounded cache of chunks read back,
// shared by every kernel the session builds over it (a load, a rollback), so the cache always
// holds what the slot files hold.

import * as path from "node:path";
import { CHUNK_CACHE_BYTES } from "../limits.js";
import { FileSlots, MemorySlots, type SlotStore } from "./slot-files.js";

export class ChunkHost {
  private readonly stores = new Map<string, { readonly slots: SlotStore; readonly number: number }>();
  private readonly cache = new Map<number, Uint8Array>(); // (device number, slot) -> whole chunk, least recently used first
  private cachedBytes = 0;

  /** `folder`: where devices keep their files (undefined: in memory); `generation` names it in a snapshot (chunk-folders.ts). */
  private constructor(
    readonly folder: string | undefined,
    readonly generation: string,
  ) {}

  static inMemory(generation = "chunks"): ChunkHost {
    return new ChunkHost(undefined, generation);
  }

  static inFolder(folder: string, generation = path.basename(folder)): ChunkHost {
    return new ChunkHost(folder, generation);
  }

  /** The slots of device `name` and its number in the cache's keys. */
  slotsOf(name: string, chunkSize: number): { readonly slots: SlotStore; readonly number: number } {
    let entry = this.stores.get(name);
    if (entry === undefined) {
      const slots = this.folder === undefined ? new MemorySlots() : new FileSlots(path.join(this.folder, name), chunkSize);
      entry = { slots, number: this.stores.size };
      this.stores.set(name, entry);
    }
    return entry;
  }

  cached(device: number, slot: number): Uint8Array | undefined {
    const key = cacheKey(device, slot);
    const bytes = this.cache.get(key);
    if (bytes !== undefined) {
      this.cache.delete(key); // to the back: most recently used
      this.cache.set(key, bytes);
    }
    return bytes;
  }

  /** Keeps `bytes` as slot's chunk, evicting the least recently used past CHUNK_CACHE_BYTES. */
  keep(device: number, slot: number, bytes: Uint8Array): void {
    const key = cacheKey(device, slot);
    this.forget(device, slot);
    this.cache.set(key, bytes);
    this.cachedBytes += bytes.length;
    for (const [oldest, old] of this.cache) {
      if (this.cachedBytes <= CHUNK_CACHE_BYTES) break;
      this.cache.delete(oldest);
      this.cachedBytes -= old.length;
    }
  }

  forget(device: number, slot: number): void {
    const key = cacheKey(device, slot);
    const old = this.cache.get(key);
    if (old === undefined) return;
    this.cache.delete(key);
    this.cachedBytes -= old.length;
  }
}

/** A (device number, slot) pair as one cache key. */
function cacheKey(device: number, slot: number): number {
  return device * 2 ** 32 + slot;
}
