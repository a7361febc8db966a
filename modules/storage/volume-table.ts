// The volume table: one row per volume, one typed array per field, plus each volume's chunk map
// (chunk index -> physical chunk id in its tier's pool, NO_CHUNK where nothing was written).
// The manager and its parts (snapshots, replication, QoS, metrics) share this table.

import { CHUNK_SIZE, VOLUME_CHUNKS_MAX, VOLUME_COUNT_MAX } from "../../src/limits.js";
import { SlotTable } from "../../src/table/slot-table.js";

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

  /** The row's own columns, as saved (the manager adds its parts' fields). */
  rowToJSON(slot: number, state: number): SavedVolumeRow {
    return {
      slot,
      name: this.slots.nameOf(slot),
      type: this.types[slot]!,
      tier: this.tiers[slot]!,
      state,
      thin: this.thin[slot]!,
      sizeBytes: this.sizes[slot]!,
      reservedLeft: this.reservedLeft[slot]!,
      createdMs: this.createdMs[slot]!,
      currentParent: this.currentParent[slot]!,
      attachedTo: this.attachedTo[slot]!,
      chunks: mapEntries(this.chunkMap, this.mapBase(slot), this.chunkCount(slot)),
    };
  }

  restoreRow(row: SavedVolumeRow): number {
    const slot = this.slots.allocateAt(row.slot, row.name);
    this.types[slot] = row.type;
    this.tiers[slot] = row.tier;
    this.states[slot] = row.state;
    this.thin[slot] = row.thin;
    this.sizes[slot] = row.sizeBytes;
    this.reservedLeft[slot] = row.reservedLeft;
    this.createdMs[slot] = row.createdMs;
    this.currentParent[slot] = row.currentParent;
    this.attachedTo[slot] = row.attachedTo;
    for (const [index, chunk] of row.chunks) this.chunkMap[this.mapBase(slot) + index] = chunk;
    return slot;
  }

  /** Zeroes the row (its chunks already given back) and frees the slot. */
  freeRow(slot: number): void {
    this.chunkMap.fill(NO_CHUNK, this.mapBase(slot), this.mapBase(slot) + this.chunkCount(slot));
    for (const column of [this.types, this.tiers, this.states, this.thin, this.sizes, this.reservedLeft, this.createdMs]) column[slot] = 0;
    this.currentParent[slot] = NO_SNAPSHOT;
    this.attachedTo[slot] = "";
    this.slots.free(slot);
  }
}

export interface SavedVolumeRow {
  slot: number;
  name: string;
  type: number;
  tier: number;
  state: number;
  thin: number;
  sizeBytes: number;
  reservedLeft: number;
  createdMs: number;
  currentParent: number;
  attachedTo: string;
  chunks: [number, number][];
}

/** The [index, chunk] pairs of a chunk map that hold a chunk. */
export function mapEntries(map: Int32Array, base: number, length: number): [number, number][] {
  const entries: [number, number][] = [];
  for (let i = 0; i < length; i++) if (map[base + i] !== NO_CHUNK) entries.push([i, map[base + i]!]);
  return entries;
}
