// The volume table: one row per volume, one typed array per field, plus each volume's chunk map
// (chunk index -> physical chunk id in its tier's pool, NO_CHUNK where nothing was written).
// The manager and its parts (snapshots, replication, QoS, metrics) share this table.

import { CHUNK_SIZE, VOLUME_CHUNKS_MAX, VOLUME_COUNT_MAX } from "../../src/limits.js";
import { SlotTable } from "../../src/slot-table.js";

export const NO_CHUNK = 0; // chunk ids start at 1, so a fresh map needs no filling
export const NO_SNAPSHOT = -1;

export class VolumeTable {
  readonly slots = new SlotTable("volume", VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX");
  readonly types = new Uint8Array(VOLUME_COUNT_MAX);
  readonly tiers = new Uint8Array(VOLUME_COUNT_MAX);
  readonly states = new Uint8Array(VOLUME_COUNT_MAX);
  readonly thin = new Uint8Array(VOLUME_COUNT_MAX);
  readonly sizes = new Float64Array(VOLUME_COUNT_MAX);
  readonly reservedLeft = new Int32Array(VOLUME_COUNT_MAX); // thick: chunks reserved, not yet taken
  readonly createdMs = new Float64Array(VOLUME_COUNT_MAX);
  readonly currentParent = new Int16Array(VOLUME_COUNT_MAX).fill(NO_SNAPSHOT); // snapshot the data descends from
  readonly attachedTo: string[] = new Array<string>(VOLUME_COUNT_MAX).fill("");
  readonly chunkMap = new Int32Array(VOLUME_COUNT_MAX * VOLUME_CHUNKS_MAX);

  mapBase(slot: number): number {
    return slot * VOLUME_CHUNKS_MAX;
  }

  chunkCount(slot: number): number {
    return Math.ceil(this.sizes[slot]! / CHUNK_SIZE);
  }

  /** Chunks of the volume's map that hold a chunk. */
  allocatedChunks(slot: number): number {
    const base = this.mapBase(slot);
    let count = 0;
    for (let i = 0; i < this.chunkCount(slot); i++) if (this.chunkMap[base + i] !== NO_CHUNK) count++;
    return count;
  }
}
