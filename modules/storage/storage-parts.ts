// The parts of one storage manager and how they are wired together: the volume table, the two
// tier pools, the local backend, the lifecycle, snapshots, replication, QoS, metrics and the
// performance events, plus the few lookups every storage job needs (slot of a name, pool of a
// slot, whether a slot is distributed, the cluster behind it). StorageVolumeManager and its
// helpers (volume-copies.ts, volume-views.ts, saved-storage.ts) all read the same instance, so
// they share the same typed arrays and nothing is copied.

import { assert } from "../../src/assert.js";
import type { DistributedVolumes } from "../../src/block.js";
import type { Clock } from "../../src/clock.js";
import type { PerformanceSink } from "../../src/ports.js";
import { fail } from "../../src/errors.js";
import { HDD_CHUNK_MAX, SSD_CHUNK_MAX } from "../../src/limits.js";
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
  readonly volumes = new VolumeTable();
  readonly pools = { ssd: new ChunkPool("ssd", SSD_CHUNK_MAX), hdd: new ChunkPool("hdd", HDD_CHUNK_MAX) };
  readonly backend: LocalBackend;
  readonly lifecycle: VolumeLifecycle;
  readonly events: VolumePerformance;
  readonly snapshots: SnapshotTable;
  readonly replication: ReplicationSessions;
  readonly qos = new VolumeQos();
  readonly metrics = new VolumeMetrics();

  constructor(
    readonly clock: Clock,
    readonly distributed?: DistributedVolumes,
    performance?: PerformanceSink, // QoS throttling and latency events
  ) {
    const nameOf = (slot: number) => this.volumes.slots.nameOf(slot);
    this.events = new VolumePerformance(performance, nameOf);
    this.lifecycle = new VolumeLifecycle(this.volumes, clock, {
      distributedState: (slot) => (this.isDistributed(slot) ? this.cluster(slot).dataState(nameOf(slot)) : undefined),
      freeChunks: (slot) => this.backend.chunksFree(slot),
    });
    const poolOf = (slot: number) => this.poolOf(slot);
    this.snapshots = new SnapshotTable(this.volumes, poolOf);
    this.replication = new ReplicationSessions({
      nameOf,
      chunkCount: (slot) => this.volumes.chunkCount(slot),
      copyChunk: (source, target, index) => this.backend.copyChunk(source, target, index),
      nowMs: () => clock.now(),
      schedule: (atMs, callback) => clock.schedule(atMs, callback),
    });
    this.backend = new LocalBackend(this.volumes, poolOf, (slot, first, last) => this.replication.markDirty(slot, first, last));
  }

  poolOf(slot: number): ChunkPool {
    return this.pools[TIERS[this.volumes.tiers[slot]!]!];
  }

  slotOf(name: string): number {
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
