// Snapshots of distributed volumes. Taking one gives the snapshot a reference to every chunk of
// the volume on every node holding a copy (its chunk addresses share the stored chunk),
// so nothing is copied until the volume writes a shared chunk (node-store.ts copies it first).
// Parent links make chains and trees as for local volumes; deleting a snapshot drops its
// references and its children take its parent; restoring points the volume's keys at the
// snapshot's chunks. The snapshot table declares its columns once; its saved rows and their schema
// (CLUSTER_SNAPSHOTS_SCHEMA) follow from that.

import { present } from "../../src/assert.js";
import type { SnapshotInfo } from "../../src/block.js";
import { fail } from "../../src/errors.js";
import { CLUSTER_CHUNK_SIZE, SNAPSHOT_COUNT_MAX, VOLUME_COUNT_MAX, VOLUME_SIZE_MAX } from "../../src/limits.js";
import { int, longName, slot as slotCheck, slotOrNone, time } from "../../src/table/checks.js";
import { numbers, Table } from "../../src/table/columns.js";
import { validateName } from "../../src/table/slot-table.js";
import type { ChunkVersions } from "./chunk-versions.js";
import { chunkAddress, NO_SNAPSHOT, snapshotOf, volumeOf } from "./chunk-address.js";
import type { NodeStores } from "./node-store.js";

const NONE = -1;

const SNAPSHOT_COLUMNS = {
  volume: numbers(Int16Array, slotCheck(VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX")),
  parent: numbers(Int16Array, slotOrNone(SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX"), NONE),
  createdMs: numbers(Float64Array, time),
  size: numbers(Float64Array, int(1, VOLUME_SIZE_MAX, `a size 1..${VOLUME_SIZE_MAX} bytes (VOLUME_SIZE_MAX)`)),
};
const snapshotRows = () =>
  new Table("snapshot", SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX", SNAPSHOT_COLUMNS, { nameKey: "key", nameCheck: longName, validate: (kind, key) => key.split("@").forEach((part) => validateName(kind, part)) });
/** The saved snapshot rows' schema, generated from the declared columns. */
export const CLUSTER_SNAPSHOTS_SCHEMA = snapshotRows().schema();

/** What snapshots need of the manager. */
export interface SnapshotHost {
  volumeName(volume: number): string;
  volumeSize(volume: number): number;
  setVolumeSize(volume: number, sizeBytes: number): void;
  /** Whether `node` is a placed replica of the volume's chunk `index` (copies elsewhere are in passing). */
  isPlaced(volume: number, index: number, node: number): boolean;
  /** The counted chunks of the snapshot that some placed node holds unshared with any sibling (each once), when the cluster is standing (every live copy placed and current) or the mask counts tell (copy-masks.ts); undefined: walk the copies. */
  ownChunks(snapshot: number): number | undefined;
  now(): number;
}

export class DistributedSnapshots {
  private readonly rows = snapshotRows();
  private readonly table = this.rows.slots;
  private readonly volumeOf = this.rows.arrays.volume;
  private readonly parents = this.rows.arrays.parent;
  private readonly createdMs = this.rows.arrays.createdMs;
  private readonly sizes = this.rows.arrays.size;
  private readonly current = new Int16Array(VOLUME_COUNT_MAX).fill(NONE); // the snapshot each volume descends from

  constructor(
    private readonly stores: NodeStores,
    private readonly versions: ChunkVersions, // a snapshot's chunk is current at its volume's committed version when taken
    private readonly host: SnapshotHost,
  ) {}

  /** The snapshot's slot, or ENOENT. */
  find(volume: number, snapshot: string): number {
    return this.slotOf(volume, snapshot);
  }

  /** The snapshot's "volume@snapshot" key, as the text form of its chunk addresses names it. */
  keyOf(slot: number): string {
    return this.table.nameOf(slot);
  }

  /** The slot of a "volume@snapshot" key, or -1. */
  slotOfKey(key: string): number {
    return this.table.has(key) ? this.table.find(key) : -1;
  }

  private slotOf(volume: number, snapshot: string): number {
    const key = `${this.host.volumeName(volume)}@${snapshot}`;
    if (!this.table.has(key)) fail("ENOENT", `no snapshot ${key}`);
    return this.table.find(key);
  }

  private slotsOf(volume: number): number[] {
    return this.table.slots().filter((slot) => this.volumeOf[slot] === volume);
  }

  create(volume: number, snapshot: string): void {
    const name = this.host.volumeName(volume);
    validateName("snapshot", snapshot);
    const slot = this.table.allocate(`${name}@${snapshot}`);
    this.volumeOf[slot] = volume;
    this.parents[slot] = this.current[volume]!;
    this.createdMs[slot] = this.host.now();
    this.sizes[slot] = this.host.volumeSize(volume);
    this.current[volume] = slot;
    this.follow(volume, NO_SNAPSHOT, slot);
  }

  /**
   * Points the chunks of `to` (the volume or a snapshot of it) at those of `from`: the placed copies
   * share their stored chunks, the committed versions follow. Only chunks held or written are
   * visited, so an empty 16 TiB volume costs nothing.
   */
  private follow(volume: number, from: number, to: number): void {
    for (const [node, index] of this.placedCopies(volume, from)) this.stores.share(node, chunkAddress(volume, from, index), chunkAddress(volume, to, index));
    for (const index of this.versions.writtenIndexes(volume, from)) this.versions.copyKey(chunkAddress(volume, from, index), chunkAddress(volume, to, index));
  }

  /** [node, index] of every copy of the volume's (or snapshot's) chunks on a placed node, inside the volume's size. */
  private placedCopies(volume: number, snapshot: number): [number, number][] {
    const chunks = Math.ceil(this.host.volumeSize(volume) / CLUSTER_CHUNK_SIZE);
    return this.stores.copiesOf(volume, snapshot, (node, index) => index < chunks && this.host.isPlaced(volume, index, node));
  }

  delete(volume: number, snapshot: string): void {
    const slot = this.slotOf(volume, snapshot);
    const ofSnapshot = (address: number) => snapshotOf(address) === slot;
    this.stores.deleteWhere(ofSnapshot);
    this.versions.deleteWhere(ofSnapshot);
    for (const other of this.slotsOf(volume)) if (this.parents[other] === slot) this.parents[other] = this.parents[slot]!;
    if (this.current[volume] === slot) this.current[volume] = this.parents[slot]!;
    this.rows.free(slot);
  }

  /** Points the volume at the snapshot's chunks (and size); returns that size. */
  restore(volume: number, snapshot: string): number {
    const slot = this.slotOf(volume, snapshot);
    const ofVolume = (address: number) => volumeOf(address) === volume && snapshotOf(address) === NO_SNAPSHOT;
    this.stores.deleteWhere(ofVolume);
    this.versions.deleteWhere(ofVolume);
    this.host.setVolumeSize(volume, this.sizes[slot]!);
    this.follow(volume, slot, NO_SNAPSHOT);
    this.current[volume] = slot;
    return this.sizes[slot]!;
  }

  /** The volume's snapshots by name, in the order `list` lists them (no chunk is looked at). */
  names(volume: number): string[] {
    return this.slotsOf(volume).map((slot) => this.shortName(slot));
  }

  private shortName(slot: number): string {
    return present(this.table.nameOf(slot).split("@")[1], "a snapshot's key is volume@snapshot");
  }

  list(volume: number): SnapshotInfo[] {
    const name = this.host.volumeName(volume);
    const short = (slot: number) => this.shortName(slot);
    return this.slotsOf(volume).map((slot) => {
      const exclusive = this.exclusiveChunks(volume, slot);
      const parent = this.parents[slot]!;
      return { name: short(slot), volume: name, parent: parent === NONE ? undefined : short(parent), createdMs: this.createdMs[slot]!, sizeBytes: this.sizes[slot]!, usedBytes: exclusive * CLUSTER_CHUNK_SIZE, current: this.current[volume] === slot }; // logical bytes, as a local snapshot's: raw use is the nodes' and pools' to show
    });
  }

  /**
   * The snapshot's chunks it alone refers to on some placed node, each once (its USED, in logical
   * bytes as a local snapshot's, not times the copies): counted (shard-counters.ts)
   * when every copy is placed and the volume is no smaller than the snapshot (no chunk of it lies
   * past the volume's end), else found among the copies held.
   */
  private exclusiveChunks(volume: number, slot: number): number {
    return this.countedExclusive(volume, slot) ?? this.walkedExclusive(volume, slot);
  }

  private countedExclusive(volume: number, slot: number): number | undefined {
    return this.sizes[slot]! <= this.host.volumeSize(volume) ? this.host.ownChunks(slot) : undefined;
  }

  private walkedExclusive(volume: number, slot: number): number {
    const own = this.placedCopies(volume, slot).filter(([node, index]) => this.stores.sharedBy(node, chunkAddress(volume, slot, index)) === 1);
    return new Set(own.map(([, index]) => index)).size; // local to one listing: each chunk once, however many copies
  }

  /** Each snapshot of the volume whose counted exclusive copies differ from those walked (counter-drift.ts; empty when they agree or none are counted). */
  exclusiveDrift(volume: number): string[] {
    return this.slotsOf(volume).flatMap((slot) => {
      const counted = this.countedExclusive(volume, slot);
      const walked = this.walkedExclusive(volume, slot);
      return counted === undefined || counted === walked ? [] : [`${this.keyOf(slot)}: ${counted} exclusive copies counted, ${walked} walked`];
    });
  }

  sizeOf(volume: number, snapshot: string): number {
    return this.sizes[this.slotOf(volume, snapshot)]!;
  }

  /** Forgets the volume's snapshots (their chunks went with the volume). */
  dropVolume(volume: number): void {
    for (const slot of this.slotsOf(volume)) this.rows.free(slot);
    this.current[volume] = NONE;
  }

  toJSON(): { snapshots: { slot: number; key: string; volume: number; parent: number; createdMs: number; size: number }[]; current: number[] } {
    return {
      snapshots: this.rows.toJSON(),
      current: Array.from(this.current),
    };
  }

  load(saved: ReturnType<DistributedSnapshots["toJSON"]>): void {
    this.rows.restore(saved.snapshots);
    this.current.set(saved.current);
  }
}
