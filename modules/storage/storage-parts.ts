// The parts of one storage manager and how they are wired together: the chunk maps (one block
// pool for every volume's, snapshot's and replication session's map), the volume table, the two
// tier pools (their bytes in the kernel's chunk store), the local backend, the lifecycle,
// snapshots, replication, QoS, metrics and the performance events, plus the few lookups every
// storage job needs (slot of a name, pool of a slot, whether a slot is distributed, the cluster
// behind it). StorageVolumeManager and its
// helpers (volume-copies.ts, volume-views.ts, saved-storage.ts) all read the same instance, so
// they share the same typed arrays and nothing is copied.

import { assert } from "../../src/assert.js";
import type { DistributedVolumes } from "../../src/block.js";
import type { Clock } from "../../src/clock.js";
import type { PerformanceSink } from "../../src/ports.js";
import { fail } from "../../src/errors.js";
import type { ChunkDevices } from "../../src/chunks/chunk-device.js";
import { HDD_CHUNK_MAX, SNAPSHOT_COUNT_MAX, SSD_CHUNK_MAX, VOLUME_CHUNKS_MAX, VOLUME_COUNT_MAX } from "../../src/limits.js";
import { ChunkMaps, MapBlocks } from "../../src/table/chunk-map.js";
import { LocalBackend } from "./block-device.js";
import { ChunkPool } from "./chunk-pool.js";
import { VolumeLifecycle } from "./lifecycle.js";
import { VolumeMetrics } from "./metrics.js";
import { VolumePerformance } from "./performance.js";
import { VolumeQos } from "./qos.js";
import { ReplicationSessions } from "./replication.js";
import { SnapshotTable } from "./snapshots.js";
import { TIERS, VOLUME_TYPES } from "./types.js";
import { VolumeTable } from "./volume-table.js";

export class StorageParts {
  readonly blocks = new MapBlocks();
  readonly volumes = new VolumeTable(new ChunkMaps(this.blocks, VOLUME_COUNT_MAX + SNAPSHOT_COUNT_MAX, VOLUME_CHUNKS_MAX)); // volumes' maps, then snapshots'
  readonly pools: { readonly ssd: ChunkPool; readonly hdd: ChunkPool };
  readonly backend: LocalBackend;
  readonly lifecycle: VolumeLifecycle;
  readonly events: VolumePerformance;
  readonly snapshots: SnapshotTable;
  readonly replication: ReplicationSessions;
  readonly qos = new VolumeQos();
  readonly metrics = new VolumeMetrics();

  constructor(
    readonly clock: Clock,
    chunks: ChunkDevices, // where the tiers keep their bytes
    readonly distributed?: DistributedVolumes,
    performance?: PerformanceSink, // QoS throttling and latency events
  ) {
    this.pools = { ssd: new ChunkPool("ssd", SSD_CHUNK_MAX, chunks), hdd: new ChunkPool("hdd", HDD_CHUNK_MAX, chunks) };
    const nameOf = (slot: number) => this.volumes.slots.nameOf(slot);
    this.events = new VolumePerformance(performance, nameOf);
    this.lifecycle = new VolumeLifecycle(this.volumes, clock, {
      distributedState: (slot) => (this.isDistributed(slot) ? this.cluster(slot).dataState(nameOf(slot)) : undefined),
      freeChunks: (slot) => this.backend.chunksFree(slot),
    });
    this.backend = new LocalBackend(this.volumes, (slot) => this.poolOf(slot), {
      written: (slot, first, last) => this.replication.markDirty(slot, first, last),
      corrupt: (slot, offset) => this.lifecycle.noteCorrupt(slot, offset),
    });
    const poolOf = (slot: number) => this.poolOf(slot);
    this.snapshots = new SnapshotTable(this.volumes, poolOf, (slot, map, offset, out, what) => this.backend.readMap(slot, map, offset, out, what));
    this.replication = new ReplicationSessions({
      nameOf,
      chunkCount: (slot) => this.volumes.chunkCount(slot),
      eachWritten: (slot, visit) => this.volumes.maps.forEach(slot, visit),
      copyChunk: (source, target, index) => this.backend.copyChunk(source, target, index),
      nowMs: () => clock.now(),
      schedule: (atMs, callback) => clock.schedule(atMs, callback),
    }, this.blocks);
  }

  poolOf(slot: number): ChunkPool {
    return this.pools[TIERS[this.volumes.tiers[slot]!]!];
  }

  slotOf(name: string): number {
    const at = name.indexOf("@"); // no volume's name has one: volume@snapshot, which only vol read takes
    if (at > 0 && !this.volumes.slots.has(name)) {
      const [volume, snapshot] = [name.slice(0, at), name.slice(at + 1)];
      fail("EROFS", `${name} names a snapshot: snapshots are read-only, and only vol read takes volume@snapshot`, `vol snap list ${volume}; vol snap restore ${volume} ${snapshot} rolls ${volume} back to one, vol snap delete deletes it`);
    }
    return this.volumes.slots.find(name);
  }

  isDistributed(slot: number): boolean {
    return VOLUME_TYPES[this.volumes.types[slot]!] === "distributed";
  }

  /** The cluster, for a distributed volume; ENOTSUP for what the cluster cannot do yet. */
  cluster(slot: number, what?: string): DistributedVolumes {
    assert(this.isDistributed(slot), "only distributed volumes reach the cluster");
    if (this.distributed === undefined) fail("ENOTSUP", "no cluster is attached to this kernel");
    if (what !== undefined) fail("ENOTSUP", `${what} of distributed volumes is not supported yet`, "the cluster keeps its own copies; volume replication arrives with the cluster's part 2");
    return this.distributed;
  }
}
