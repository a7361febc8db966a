// The volume table: one row per volume, one typed array per field, plus each volume's chunk map
// (chunk index -> physical chunk id in its tier's pool, NO_CHUNK where nothing was written): map
// `slot` of the storage manager's ChunkMaps (src/table/chunk-map.ts), which costs what is written,
// so a 16 TiB volume costs nothing until written.
// The manager and its parts (snapshots, replication, QoS, metrics) share this table.
//
// Its columns are declared once (VOLUME_COLUMNS): the typed arrays, clearing a freed row, the
// saved row and its validation (VOLUME_ROW_ENTRIES, used by the snapshot schema) all follow
// from that declaration. The saved keys and their order are state.json's, as they always were.

import { CHUNK_SIZE, OBJECT_NAME_LENGTH_MAX, SNAPSHOT_COUNT_MAX, VOLUME_CHUNKS_MAX, VOLUME_COUNT_MAX, VOLUME_SIZE_MAX } from "../../src/limits.js";
import type { ChunkMaps } from "../../src/table/chunk-map.js";
import { enumIndex, int, slotOrNone, text, time } from "../../src/table/checks.js";
import { numbers, rowEntries, Table, texts, type SavedRow } from "../../src/table/columns.js";
import { TIERS, VOLUME_STATE_NAMES, VOLUME_TYPES } from "./types.js";

export const NO_CHUNK = 0; // chunk ids start at 1, so a fresh map needs no filling
export const NO_SNAPSHOT = -1;

const VOLUME_COLUMNS = {
  type: numbers(Uint8Array, enumIndex(VOLUME_TYPES, "a volume type")),
  tier: numbers(Uint8Array, enumIndex(TIERS, "a tier")),
  state: numbers(Uint8Array, enumIndex(VOLUME_STATE_NAMES, "a volume state")),
  thin: numbers(Uint8Array, int(0, 1)),
  sizeBytes: numbers(Float64Array, int(1, VOLUME_SIZE_MAX, `a size 1..${VOLUME_SIZE_MAX} bytes (VOLUME_SIZE_MAX)`)),
  reservedLeft: numbers(Int32Array, int(0, VOLUME_CHUNKS_MAX)), // thick: chunks reserved, not yet taken
  createdMs: numbers(Float64Array, time),
  currentParent: numbers(Int16Array, slotOrNone(SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX"), NO_SNAPSHOT), // snapshot the data descends from
  attachedTo: texts(text(OBJECT_NAME_LENGTH_MAX)),
};

const OPTIONS = { nameKey: "name" } as const;

/** A saved volume row's own fields (slot, name, the columns); the snapshot schema adds chunks and the parts' fields. */
export const VOLUME_ROW_ENTRIES = rowEntries(VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX", VOLUME_COLUMNS, OPTIONS);

/** A saved chunk map entry: [index, chunk], or [index, chunk, run] for indexes index.. index+run-1 holding chunks chunk.. chunk+run-1 (a sequential write saves as one entry). */
export type SavedMapEntry = [number, number] | [number, number, number];

export type SavedVolumeRow = SavedRow<typeof VOLUME_COLUMNS, "name"> & { chunks: SavedMapEntry[] };

export class VolumeTable {
  private readonly table = new Table("volume", VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX", VOLUME_COLUMNS, OPTIONS);
  readonly slots = this.table.slots;
  readonly types = this.table.arrays.type;
  readonly tiers = this.table.arrays.tier;
  readonly states = this.table.arrays.state;
  readonly thin = this.table.arrays.thin;
  readonly sizes = this.table.arrays.sizeBytes;
  readonly reservedLeft = this.table.arrays.reservedLeft;
  readonly createdMs = this.table.arrays.createdMs;
  readonly currentParent = this.table.arrays.currentParent;
  readonly attachedTo = this.table.arrays.attachedTo;

  /** `maps`: the manager's chunk maps; map `slot` is volume `slot`'s. */
  constructor(readonly maps: ChunkMaps) {}

  chunkCount(slot: number): number {
    return Math.ceil(this.sizes[slot]! / CHUNK_SIZE);
  }

  /** Chunks of the volume's map that hold a chunk. */
  allocatedChunks(slot: number): number {
    return this.maps.count(slot);
  }

  /** The row as saved, with `state` as the lifecycle reports it (the manager adds its parts' fields). */
  rowToJSON(slot: number, state: number): SavedVolumeRow {
    return { ...this.table.rowToJSON(slot), state, chunks: mapEntries(this.maps, slot) };
  }

  restoreRow(row: SavedVolumeRow): number {
    const slot = this.table.restoreRow(row);
    eachMapEntry(row.chunks, (index, chunk) => this.maps.set(slot, index, chunk));
    return slot;
  }

  /** Zeroes the row and its chunk map (its chunks already given back) and frees the slot. */
  freeRow(slot: number): void {
    this.maps.clear(slot);
    this.table.free(slot);
  }
}

/** The entries of a chunk map that hold a chunk, in index order, runs of consecutive indexes and chunks as one. */
export function mapEntries(maps: ChunkMaps, map: number): SavedMapEntry[] {
  const entries: SavedMapEntry[] = [];
  let last: number[] | undefined; // the entry a next index and chunk may extend
  maps.forEach(map, (index, chunk) => {
    const run = last?.[2] ?? 1;
    if (last !== undefined && last[0]! + run === index && last[1]! + run === chunk) last[2] = run + 1;
    else entries.push((last = [index, chunk]) as SavedMapEntry);
  });
  return entries;
}

/** Calls `visit(index, chunk)` for each index a saved map names. */
export function eachMapEntry(entries: readonly SavedMapEntry[], visit: (index: number, chunk: number) => void): void {
  for (const [index, chunk, run = 1] of entries) for (let i = 0; i < run; i++) visit(index + i, chunk + i);
}
