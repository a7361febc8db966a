// The saved form of the storage manager: the shape written to the state file (SavedStorage)
// and the two walks between it and the live parts: every volume row with its QoS, metrics,
// lifecycle and performance flags, both tier pools, the snapshots and the replication sessions
// with their next tick. The checks on a state file's shape live in saved-schema.ts.

import { assert } from "../../src/assert.js";
import { checkSize } from "./checks.js";
import type { SavedPool } from "./chunk-pool.js";
import type { SavedQos } from "./qos.js";
import type { SavedSession } from "./replication.js";
import type { SavedSnapshot } from "./snapshots.js";
import type { SavedMount, VolumeMounts } from "./mounts.js";
import type { StorageParts } from "./storage-parts.js";
import type { SavedVolumeRow } from "./volume-table.js";

export interface SavedStorage {
  readonly volumes: (SavedVolumeRow & {
    qos: SavedQos;
    metrics: { counters: number[]; latency: number[] };
    busyUntilMs?: number; // optional: state files from before transient states
    shortChunks?: number;
    corruptAt?: number; // a read's checksum failure, absent when none
    performanceFlags?: number;
    mount?: SavedMount; // a pod's mount of it; absent when none (and in files from before pods)
  })[];
  readonly pools: { ssd: SavedPool; hdd: SavedPool };
  readonly snapshots: SavedSnapshot[];
  readonly replication: SavedSession[];
  readonly replicationTickMs: number;
}

export function saveStorage(parts: StorageParts, mounts: VolumeMounts): SavedStorage {
  const v = parts.volumes;
  return {
    volumes: v.slots.slots().map((slot) => ({
      ...v.rowToJSON(slot, parts.lifecycle.state(slot)),
      qos: parts.qos.toJSON(slot),
      metrics: parts.metrics.toJSON(slot),
      ...parts.lifecycle.toJSON(slot),
      performanceFlags: parts.events.toJSON(slot),
      ...mounts.toJSON(slot),
    })),
    pools: { ssd: parts.pools.ssd.toJSON(), hdd: parts.pools.hdd.toJSON() },
    snapshots: parts.snapshots.toJSON(),
    replication: parts.replication.toJSON(),
    replicationTickMs: parts.replication.nextTickMs(),
  };
}

export function restoreStorage(parts: StorageParts, saved: SavedStorage, mounts: VolumeMounts): void {
  assert(parts.volumes.slots.count() === 0, "restore goes into an empty manager");
  for (const row of saved.volumes) {
    checkSize(row.sizeBytes); // past VOLUME_SIZE_MAX the chunk map overflows and walks over it spin
    const slot = parts.volumes.restoreRow(row);
    parts.qos.restore(slot, row.qos, parts.clock.now());
    parts.metrics.restore(slot, row.metrics);
    parts.lifecycle.restore(slot, row);
    parts.events.restore(slot, row.performanceFlags);
    mounts.restore(slot, row.mount);
  }
  parts.pools.ssd.restore(saved.pools.ssd);
  parts.pools.hdd.restore(saved.pools.hdd);
  parts.snapshots.load(saved.snapshots);
  parts.replication.restore(saved.replication, (name) => parts.volumes.slots.find(name), saved.replicationTickMs);
}
