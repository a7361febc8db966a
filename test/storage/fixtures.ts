// What the storage tests share: a manager over a chunk store of its own, text as bytes and back,
// and a tier filled with thick volumes (hog, hog1, ...: reservations only, nothing allocated),
// leaving `leftChunks` chunks of its 64 TiB unreserved.

import { StorageVolumeManager, type TierName } from "../../modules/storage/index.js";
import { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";
import { Clock } from "../../src/clock.js";
import { CHUNK_SIZE, HDD_CHUNK_MAX, SSD_CHUNK_MAX, VOLUME_SIZE_MAX } from "../../src/limits.js";

export const text = (s: string) => new TextEncoder().encode(s);
export const str = (b: Uint8Array) => new TextDecoder().decode(b);

/** A manager over its own chunk store (`space`), or one sharing `host` with another. */
export function manager(host = ChunkHost.inMemory()) {
  const clock = new Clock();
  const space = new ChunkSpace(host);
  return { clock, space, storage: new StorageVolumeManager(clock, undefined, undefined, space) };
}

export function fillTier(storage: StorageVolumeManager, tier: TierName, leftChunks: number): string[] {
  const names: string[] = [];
  for (let chunks = (tier === "ssd" ? SSD_CHUNK_MAX : HDD_CHUNK_MAX) - leftChunks; chunks > 0; ) {
    const take = Math.min(chunks, VOLUME_SIZE_MAX / CHUNK_SIZE);
    const name = names.length === 0 ? "hog" : `hog${names.length}`;
    storage.create({ name, type: "block", tier, sizeBytes: take * CHUNK_SIZE, thin: false });
    names.push(name);
    chunks -= take;
  }
  return names;
}
