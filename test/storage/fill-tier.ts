// Fills a tier's 64 TiB of logical capacity with thick volumes (hog, hog1, ...: reservations only,
// nothing allocated), leaving `leftChunks` chunks unreserved.

import type { StorageVolumeManager, TierName } from "../../modules/storage/index.js";
import { CHUNK_SIZE, HDD_CHUNK_MAX, SSD_CHUNK_MAX, VOLUME_SIZE_MAX } from "../../src/limits.js";

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
