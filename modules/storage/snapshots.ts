// Volume snapshots: copy-on-write, with parent links that make chains and trees.
//
// A snapshot holds its own chunk map, sharing every chunk with the volume (a reference each):
// taking one copies no bytes. When the volume later writes a shared chunk it copies it first,
// so a snapshot comes to own exactly the chunks changed since (incremental); "used" counts the
// bytes of chunks no one else references. Deleting a snapshot drops its references only: its
// children hold references to every chunk they need, so nothing they need is lost, and they
// take its parent as theirs (as virsh blockcommit folds a layer away). Restoring points the
// volume's map at the snapshot's chunks; snapshots taken after that branch from it.
//
// A snapshot's chunk map is map VOLUME_COUNT_MAX + slot of the manager's ChunkMaps (beside the
// volumes' maps), so taking, reading, restoring and deleting one cost the chunks written, never
// the volume's size.

import { assert } from "../../src/assert.js";
import { readTarget } from "../../src/chunks/bytes.js";
import type { SnapshotInfo } from "../../src/block.js";
import { fail } from "../../src/errors.js";
import { CHUNK_SIZE, SNAPSHOT_COUNT_MAX, VOLUME_COUNT_MAX } from "../../src/limits.js";
import { formatBytes } from "../../src/units.js";
import { SlotTable, validateName } from "../../src/table/slot-table.js";
import type { ChunkPool } from "./chunk-pool.js";
import { NO_SNAPSHOT, eachMapEntry, mapEntries, type SavedMapEntry, type VolumeTable } from "./volume-table.js";

/** Reads a chunk map into `out` (zeroed), as LocalBackend.readMap does. */
export type MapReader = (volumeSlot: number, map: number, offset: number, out: Uint8Array, what: string) => void;

export type SnapshotRow = SnapshotInfo;

export class SnapshotTable {
  // Keyed volume@snapshot, as ZFS names them: unique per volume.
  private readonly table = new SlotTable("snapshot", SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX", (kind, key) => key.split("@").forEach((part) => validateName(kind, part)));
  private readonly volumeOf = new Int16Array(SNAPSHOT_COUNT_MAX);
  private readonly parents = new Int16Array(SNAPSHOT_COUNT_MAX).fill(NO_SNAPSHOT);
  private readonly createdMs = new Float64Array(SNAPSHOT_COUNT_MAX);
  private readonly sizes = new Float64Array(SNAPSHOT_COUNT_MAX);

  constructor(
    private readonly volumes: VolumeTable,
    private readonly poolOf: (volumeSlot: number) => ChunkPool,
    private readonly readMap: MapReader,
  ) {}

  /** The chunk map of snapshot `slot`. */
  private mapOf(slot: number): number {
    return VOLUME_COUNT_MAX + slot;
  }

  /** Snapshots `volumeSlot` as `name`: shares its chunks, copies none. */
  create(volumeSlot: number, name: string, nowMs: number): void {
    validateName("snapshot", name);
    const volume = this.volumes.slots.nameOf(volumeSlot);
    const maps = this.volumes.maps;
    maps.blocks.require(maps.blocksOf(volumeSlot), `snapshot ${volume}@${name}`); // before the slot is taken
    const slot = this.table.allocate(`${volume}@${name}`);
    const pool = this.poolOf(volumeSlot);
    maps.copy(volumeSlot, this.mapOf(slot));
    maps.forEach(this.mapOf(slot), (_, chunk) => pool.retain(chunk));
    this.volumeOf[slot] = volumeSlot;
    this.parents[slot] = this.volumes.currentParent[volumeSlot]!;
    this.createdMs[slot] = nowMs;
    this.sizes[slot] = this.volumes.sizes[volumeSlot]!;
    this.volumes.currentParent[volumeSlot] = slot;
  }

  find(volumeSlot: number, name: string): number {
    const key = `${this.volumes.slots.nameOf(volumeSlot)}@${name}`;
    if (!this.table.has(key)) fail("ENOENT", `no snapshot ${key}`, `see vol snap list ${this.volumes.slots.nameOf(volumeSlot)}`);
    return this.table.find(key);
  }

  /** Drops the snapshot's references; its children and the volume re-parent to its parent. */
  delete(slot: number): void {
    const pool = this.poolOf(this.volumeOf[slot]!);
    this.volumes.maps.forEach(this.mapOf(slot), (_, chunk) => pool.release(chunk));
    this.volumes.maps.clear(this.mapOf(slot));
    for (const other of this.table.slots()) if (this.parents[other] === slot) this.parents[other] = this.parents[slot]!;
    const volumeSlot = this.volumeOf[slot]!;
    if (this.volumes.currentParent[volumeSlot] === slot) this.volumes.currentParent[volumeSlot] = this.parents[slot]!;
    this.parents[slot] = NO_SNAPSHOT;
    this.table.free(slot);
  }

  /** Points the volume at the snapshot's bytes (and size); the volume's own chunks are released. */
  restore(slot: number): void {
    const volumeSlot = this.volumeOf[slot]!;
    const pool = this.poolOf(volumeSlot);
    const maps = this.volumes.maps;
    maps.blocks.require(maps.blocksOf(this.mapOf(slot)) - maps.blocksOf(volumeSlot), `restoring ${this.table.nameOf(slot)}`);
    maps.forEach(this.mapOf(slot), (_, chunk) => pool.retain(chunk)); // first: a chunk both hold keeps a reference throughout
    maps.forEach(volumeSlot, (_, chunk) => pool.release(chunk));
    maps.clear(volumeSlot);
    maps.copy(this.mapOf(slot), volumeSlot);
    this.volumes.sizes[volumeSlot] = this.sizes[slot]!;
    this.volumes.currentParent[volumeSlot] = slot;
  }

  /** Bytes of the snapshot at [offset, offset + length), zeros where nothing was written. */
  read(slot: number, offset: number, length: number, into?: Uint8Array): Uint8Array {
    if (offset + length > this.sizes[slot]!) fail("EINVAL", `read of ${formatBytes(length)} at offset ${offset} is beyond the snapshot's ${formatBytes(this.sizes[slot]!)}`);
    assert(Number.isSafeInteger(offset) && offset >= 0 && length >= 0, "a snapshot read's range is checked before it");
    const out = readTarget(length, into); // readMap writes every byte, zeros included
    this.readMap(this.volumeOf[slot]!, this.mapOf(slot), offset, out, this.table.nameOf(slot));
    return out;
  }

  ofVolume(volumeSlot: number): number[] {
    return this.table.slots().filter((slot) => this.volumeOf[slot] === volumeSlot);
  }

  count(): number {
    return this.table.count();
  }

  row(slot: number): SnapshotRow {
    const volumeSlot = this.volumeOf[slot]!;
    const pool = this.poolOf(volumeSlot);
    let exclusive = 0;
    this.volumes.maps.forEach(this.mapOf(slot), (_, chunk) => {
      if (pool.referenceCount(chunk) === 1) exclusive++;
    });
    const parent = this.parents[slot]!;
    return {
      name: this.shortName(slot),
      volume: this.volumes.slots.nameOf(volumeSlot),
      parent: parent === NO_SNAPSHOT ? undefined : this.shortName(parent),
      createdMs: this.createdMs[slot]!,
      sizeBytes: this.sizes[slot]!,
      usedBytes: exclusive * CHUNK_SIZE,
      current: this.volumes.currentParent[volumeSlot] === slot,
    };
  }

  /** The snapshot's name within its volume ("s1" of "db@s1"). */
  shortName(slot: number): string {
    const full = this.table.nameOf(slot);
    return full.slice(full.indexOf("@") + 1);
  }

  toJSON(): SavedSnapshot[] {
    return this.table.slots().map((slot) => ({
      slot,
      name: this.shortName(slot),
      volume: this.volumes.slots.nameOf(this.volumeOf[slot]!),
      parent: this.parents[slot]!,
      createdMs: this.createdMs[slot]!,
      sizeBytes: this.sizes[slot]!,
      chunks: mapEntries(this.volumes.maps, this.mapOf(slot)),
    }));
  }

  /** Loads saved rows into their saved slots; chunk references came back with the pools. */
  load(saved: readonly SavedSnapshot[]): void {
    for (const row of saved) {
      const volumeSlot = this.volumes.slots.find(row.volume);
      const slot = this.table.allocateAt(row.slot, `${row.volume}@${row.name}`);
      this.volumeOf[slot] = volumeSlot;
      this.parents[slot] = row.parent;
      this.createdMs[slot] = row.createdMs;
      this.sizes[slot] = row.sizeBytes;
      eachMapEntry(row.chunks, (index, chunk) => this.volumes.maps.set(this.mapOf(slot), index, chunk));
    }
  }
}

export interface SavedSnapshot {
  readonly slot: number;
  readonly name: string;
  readonly volume: string;
  readonly parent: number;
  readonly createdMs: number;
  readonly sizeBytes: number;
  readonly chunks: SavedMapEntry[];
}

