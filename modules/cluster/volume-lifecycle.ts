// What a distributed volume holds over its life, for the storage module: create (thin, or thick
// with every chunk allocated now), resize, delete, snapshots (distributed-snapshots.ts), and the
// questions asked of its contents (allocated ranges, first written byte, whole/degraded/
// unreadable, where each chunk lives). The tables themselves are volume-table.ts.

import { assert } from "../../src/assert.js";
import { fail } from "../../src/errors.js";
import type { SnapshotInfo, VolumeDataState } from "../../src/block.js";
import { CLUSTER_CHUNK_KEY_MAX, CLUSTER_CHUNK_SIZE, VOLUME_SIZE_MAX } from "../../src/limits.js";
import { formatBytes } from "../../src/units.js";
import type { ChunkVersions } from "./chunk-versions.js";
import type { DistributedSnapshots } from "./distributed-snapshots.js";
import type { FailedCopies } from "./failed-copies.js";
import type { ClusterHealth } from "./health.js";
import { chunkAddress, indexOf, NO_SNAPSHOT, snapshotOf, volumeOf } from "./chunk-address.js";
import type { NodeStores } from "./node-store.js";
import type { ClusterReports } from "./reports.js";
import type { ShardCounters } from "./shard-counters.js";
import type { TokenService } from "./token-service.js";
import type { Topology } from "./topology.js";
import type { VolumeTable } from "./volume-table.js";

const EMPTY = new Uint8Array(0);

/** What volume operations work on, built once by the manager. */
export interface VolumeParts {
  readonly topology: Topology;
  readonly table: VolumeTable;
  readonly stores: NodeStores;
  readonly versions: ChunkVersions;
  readonly health: ClusterHealth;
  readonly tokens: TokenService;
  readonly snapshots: DistributedSnapshots;
  readonly reports: ClusterReports;
  readonly counters: ShardCounters;
  readonly failed: FailedCopies; // copies a read found failing their checksum, until a scrub
}

export type ChunkLocation = { index: number; shard: number; nodes: string[]; currentOnly?: string[] };

export class VolumeLifecycle {
  constructor(private readonly parts: VolumeParts) {}

  create(name: string, poolKey: string, sizeBytes: number, thick: boolean): void {
    const { topology, table } = this.parts;
    const pool = topology.pools.find(poolKey);
    const undersized = topology.undersized(pool);
    if (undersized !== undefined) fail("EINVAL", undersized, `add nodes in other fault sets: cluster sds add <name> --pool ${poolKey} --capacity 1G [--fault-set <fs>]`);
    assert(Number.isSafeInteger(sizeBytes) && sizeBytes > 0 && sizeBytes <= VOLUME_SIZE_MAX, `a volume's size is checked before it is made: ${sizeBytes}`);
    const slot = table.volumes.allocate(name);
    table.volumePool[slot] = pool;
    table.volumeSize[slot] = sizeBytes;
    if (thick) this.allocateAll(slot);
  }

  /** Thick provisioning: every chunk on every copy counted now (reading zeros, no bytes stored until written); all or nothing. */
  private allocateAll(volume: number): void {
    const { table, stores, topology } = this.parts;
    const pool = table.volumePool[volume]!;
    const copies = Math.ceil(table.volumeSize[volume]! / CLUSTER_CHUNK_SIZE) * topology.copies[pool]!;
    const free = topology.nodesOf(pool).reduce((sum, node) => sum + Math.floor(topology.capacity[node]! / CLUSTER_CHUNK_SIZE) - stores.count(node), 0);
    // Refused before walking its chunks: a walk over a volume that cannot fit would cost seconds for nothing.
    if (copies > CLUSTER_CHUNK_KEY_MAX || copies > free) {
      const size = table.volumeSize[volume]!; // read before the row is freed (zeroed)
      table.rows.free(volume);
      const limit = copies > CLUSTER_CHUNK_KEY_MAX ? `more than the ${CLUSTER_CHUNK_KEY_MAX} the nodes can index (CLUSTER_CHUNK_KEY_MAX)` : `more than the ${free} free on the pool's nodes`;
      fail("ENOSPC", `a thick volume of ${formatBytes(size)} takes ${copies} chunk copies: ${limit}`, "make it thin");
    }
    const needed = new Map<number, number>(); // local to one create: node -> chunks it takes
    table.forEachCopy(volume, (node) => needed.set(node, (needed.get(node) ?? 0) + 1));
    try {
      for (const [node, more] of needed) stores.checkRoom(node, more);
    } catch (error) {
      table.rows.free(volume);
      throw error;
    }
    table.forEachCopy(volume, (node, index) => stores.apply(node, chunkAddress(volume, NO_SNAPSHOT, index), 0, EMPTY, 0));
  }

  delete(name: string): void {
    const { table } = this.parts;
    const slot = table.volumes.find(name);
    for (const mapping of table.mappingsOf(slot, undefined)) table.freeMapping(mapping);
    this.parts.stores.deleteWhere((address) => volumeOf(address) === slot);
    this.parts.versions.forgetVolume(slot);
    this.parts.tokens.forgetVolume(slot);
    this.parts.snapshots.dropVolume(slot);
    table.rows.free(slot);
    this.parts.reports.checkAlerts();
  }

  resize(name: string, sizeBytes: number): void {
    const { table } = this.parts;
    const slot = table.volumes.find(name);
    assert(Number.isSafeInteger(sizeBytes) && sizeBytes > 0 && sizeBytes <= VOLUME_SIZE_MAX, `a volume's new size is checked before a resize: ${sizeBytes}`);
    this.parts.tokens.forgetVolume(slot); // cached tokens cover the old size
    const cut = Math.ceil(sizeBytes / CLUSTER_CHUNK_SIZE);
    if (sizeBytes < table.volumeSize[slot]!) {
      const cutOff = (address: number) => volumeOf(address) === slot && snapshotOf(address) === NO_SNAPSHOT && indexOf(address) >= cut;
      this.parts.stores.deleteWhere(cutOff);
      this.parts.versions.deleteWhere(cutOff);
    }
    table.volumeSize[slot] = sizeBytes;
    this.parts.reports.checkAlerts();
  }

  /** Byte ranges where a placed node holds a copy (written, or thick): found among the copies held, not by walking the volume's size. */
  /**
   * The bytes allocatedRanges covers. Standing (reports.standing: settled, or nodes out of reach with every placed copy current), every present chunk of the
   * volume is on its placed nodes, so the counters answer: its chunks, the last one cut at the
   * volume's size. With copies behind, the mask counts answer when they tell (copy-masks.ts: the
   * chunks a placed node holds). Otherwise the ranges are walked.
   */
  allocatedBytes(name: string): number {
    const { table, counters, stores } = this.parts;
    const slot = table.volumes.find(name);
    const standing = this.parts.reports.standing();
    const chunks = standing ? counters.chunksOf(slot) : this.parts.reports.countedPlacedChunks(slot); // copies behind: the mask counts, when they tell
    if (chunks === undefined) return this.allocatedRanges(name).reduce((sum, [start, end]) => sum + end - start, 0);
    const size = table.volumeSize[slot]!;
    const last = Math.ceil(size / CLUSTER_CHUNK_SIZE) - 1;
    const address = chunkAddress(slot, NO_SNAPSHOT, last);
    const lastHeld = standing ? counters.has(address) : table.replicaNodes(slot, last).some((node) => stores.has(node, address));
    const cut = size % CLUSTER_CHUNK_SIZE === 0 || !lastHeld ? 0 : CLUSTER_CHUNK_SIZE - (size % CLUSTER_CHUNK_SIZE);
    return chunks * CLUSTER_CHUNK_SIZE - cut;
  }

  /** Byte ranges of the chunks placed nodes hold; standing, the counters list them (every present chunk is on its placed nodes). */
  allocatedRanges(name: string): [number, number][] {
    const slot = this.parts.table.volumes.find(name);
    return this.parts.reports.standing() ? this.rangesOf(slot, this.parts.counters.indexesOf(slot)) : this.surveyedRanges(name);
  }

  /** How many chunks allocatedRanges covers (the dashboard shows it for every volume at every frame). */
  chunkCount(name: string): number {
    const slot = this.parts.table.volumes.find(name);
    if (this.parts.reports.standing()) return this.parts.counters.chunksOf(slot);
    return this.parts.reports.countedPlacedChunks(slot) ?? this.surveyedRanges(name).reduce((sum, [start, end]) => sum + Math.ceil((end - start) / CLUSTER_CHUNK_SIZE), 0);
  }

  /** The ranges the slow way, from every copy held: the reference for allocatedRanges' shortcut. */
  surveyedRanges(name: string): [number, number][] {
    const { table, stores } = this.parts;
    const slot = table.volumes.find(name);
    const placed = stores.copiesOf(slot, NO_SNAPSHOT, (node, index) => table.replicaNodes(slot, index).includes(node));
    return this.rangesOf(slot, [...new Set(placed.map(([, index]) => index))]); // local to one call
  }

  /** Chunk indexes as byte ranges, adjacent ones joined, the last cut at the volume's size. */
  private rangesOf(slot: number, indexes: number[]): [number, number][] {
    const { table } = this.parts;
    const ranges: [number, number][] = [];
    for (const index of indexes.sort((a, b) => a - b)) {
      const start = index * CLUSTER_CHUNK_SIZE;
      const end = Math.min(start + CLUSTER_CHUNK_SIZE, table.volumeSize[slot]!);
      const last = ranges.at(-1);
      if (last !== undefined && last[1] === start) last[1] = end;
      else ranges.push([start, end]);
    }
    return ranges;
  }

  firstWrittenByte(name: string, offset: number): number {
    const { table, versions } = this.parts;
    const volume = table.volumes.find(name);
    let chunk: Uint8Array | undefined; // one chunk buffer for the whole search
    for (const index of versions.writtenIndexes(volume, NO_SNAPSHOT)) {
      if ((index + 1) * CLUSTER_CHUNK_SIZE <= offset) continue;
      const key = chunkAddress(volume, NO_SNAPSHOT, index);
      const holder = versions.holders(table.volumePool[volume]!, key)[0];
      if (holder === undefined) return Math.max(offset, index * CLUSTER_CHUNK_SIZE); // written, but no copy left to look at: count it as data
      const from = Math.max(0, offset - index * CLUSTER_CHUNK_SIZE);
      chunk ??= new Uint8Array(CLUSTER_CHUNK_SIZE);
      this.parts.stores.read(holder, key, 0, CLUSTER_CHUNK_SIZE, chunk, 0);
      const at = chunk.subarray(from).findIndex((byte) => byte !== 0);
      if (at >= 0) return index * CLUSTER_CHUNK_SIZE + from + at;
    }
    return -1;
  }

  /**
   * Whole, degraded (a written chunk with fewer reachable current copies than the pool keeps) or
   * unreadable (a written chunk with no reachable current copy). Lagging copies of eventual and
   * causal pools count: they become current by themselves.
   */
  dataState(name: string): VolumeDataState {
    const { table } = this.parts;
    const volume = table.volumes.find(name);
    const state = this.parts.reports.countedDataState(volume, table.volumePool[volume]!) ?? this.surveyedDataState(name); // standing: no chunk to look at
    return state === "whole" && this.parts.failed.hasVolumeCopy(volume) ? "degraded" : state; // a copy that failed its checksum is not one of its copies until a scrub
  }

  /** The data state the slow way, chunk by chunk: the reference for dataState's shortcut. */
  surveyedDataState(name: string): VolumeDataState {
    const { table, versions } = this.parts;
    const volume = table.volumes.find(name);
    const pool = table.volumePool[volume]!;
    let state: VolumeDataState = "whole";
    for (const index of versions.writtenIndexes(volume, NO_SNAPSHOT)) {
      const key = chunkAddress(volume, NO_SNAPSHOT, index);
      const copies = versions.usableCopies(pool, key, true).length;
      if (copies === 0) return "unreadable";
      if (copies < this.parts.topology.copies[pool]!) state = "degraded";
    }
    return state;
  }

  /**
   * Where each written chunk of a volume lives: its placed nodes and, when no reachable copy can
   * serve it, the nodes holding its current version (placed or not, reachable or not).
   */
  chunkLocations(name: string): ChunkLocation[] {
    const { table, topology, versions } = this.parts;
    const volume = table.volumes.find(name);
    const pool = table.volumePool[volume]!;
    return this.allocatedRanges(name).flatMap(([start, end]) => {
      const rows: ChunkLocation[] = [];
      for (let index = start / CLUSTER_CHUNK_SIZE; index * CLUSTER_CHUNK_SIZE < end; index++) {
        const shard = topology.shardFor(pool, name, index);
        const key = chunkAddress(volume, NO_SNAPSHOT, index);
        const stranded = versions.of(key) > 0 && versions.usableCopies(pool, key, true).length === 0;
        const currentOnly = stranded ? versions.holders(pool, key).map((n) => `${topology.nodes.nameOf(n)}: ${this.parts.health.nodes.stateText(n)}`) : undefined;
        rows.push({ index, shard, nodes: topology.replicasOf(shard).map((n) => topology.nodes.nameOf(n)), ...(currentOnly === undefined ? {} : { currentOnly }) });
      }
      return rows;
    });
  }

  // Snapshots (distributed-snapshots.ts)

  snapshotCreate(name: string, snapshot: string): void {
    this.parts.snapshots.create(this.parts.table.volumes.find(name), snapshot);
  }

  snapshotDelete(name: string, snapshot: string): void {
    this.parts.snapshots.delete(this.parts.table.volumes.find(name), snapshot);
    this.parts.reports.checkAlerts();
  }

  snapshotRestore(name: string, snapshot: string): number {
    const sizeBytes = this.parts.snapshots.restore(this.parts.table.volumes.find(name), snapshot);
    this.parts.reports.checkAlerts();
    return sizeBytes;
  }

  snapshotList(name: string): SnapshotInfo[] {
    return this.parts.snapshots.list(this.parts.table.volumes.find(name));
  }

  snapshotNames(name: string): string[] {
    return this.parts.snapshots.names(this.parts.table.volumes.find(name));
  }
}
