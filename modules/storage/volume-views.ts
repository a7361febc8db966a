// What the storage manager shows about its volumes without changing them: one volume's info
// (state, provisioning, allocation, attachment, snapshots, replicas, QoS), the list of all,
// their names and count, per-tier capacity and use, and the IO statistics and history.
// StorageVolumeManager passes its read-only queries straight through here.

import { CHUNK_SIZE } from "../../src/limits.js";
import type { VolumeStats } from "./metrics.js";
import type { StorageParts } from "./storage-parts.js";
import { TIERS, VOLUME_STATE_NAMES, VOLUME_TYPES, type TierUsage, type VolumeInfo } from "./types.js";
import type { VolumeCopies } from "./volume-copies.js";

export class VolumeViews {
  constructor(
    private readonly parts: StorageParts,
    private readonly copies: VolumeCopies,
  ) {}

  stats(name: string): VolumeStats {
    return this.parts.metrics.stats(this.parts.slotOf(name));
  }

  history(name: string, seconds: number): { ops: number[]; bytes: number[] } {
    return this.parts.metrics.history(this.parts.slotOf(name), this.parts.clock.now(), seconds);
  }

  allocatedRanges(name: string): [number, number][] {
    const slot = this.parts.slotOf(name);
    return this.parts.isDistributed(slot) ? this.parts.cluster(slot).allocatedRanges(name) : this.parts.backend.allocatedRanges(slot);
  }

  show(name: string): VolumeInfo {
    const { volumes: v, lifecycle, replication } = this.parts;
    const slot = this.parts.slotOf(name);
    const source = replication.feeding(slot);
    const state = lifecycle.state(slot); // settled once: for a distributed volume that asks the cluster
    return {
      name,
      type: VOLUME_TYPES[v.types[slot]!]!,
      tier: TIERS[v.tiers[slot]!]!,
      state: VOLUME_STATE_NAMES[state]!,
      stateDetail: lifecycle.detail(slot, state),
      provisioning: v.thin[slot] ? "thin" : "thick",
      sizeBytes: v.sizes[slot]!,
      allocatedBytes: this.parts.isDistributed(slot) ? this.parts.cluster(slot).allocatedBytes(name) : v.allocatedChunks(slot) * CHUNK_SIZE,
      attachedTo: v.attachedTo[slot] || null,
      snapshots: this.copies.snapshotCount(slot),
      replicaOf: source < 0 ? undefined : v.slots.nameOf(source),
      replicas: replication.targetsOf(slot).map((target) => v.slots.nameOf(target)),
      qos: this.parts.qos.limits(slot),
    };
  }

  list(): VolumeInfo[] {
    return this.parts.volumes.slots.slots().map((slot) => this.show(this.parts.volumes.slots.nameOf(slot)));
  }

  names(): string[] {
    return this.parts.volumes.slots.slots().map((slot) => this.parts.volumes.slots.nameOf(slot));
  }

  count(): number {
    return this.parts.volumes.slots.count();
  }

  tiers(): TierUsage[] {
    const { pools } = this.parts;
    return TIERS.map((tier) => ({
      tier,
      capacityBytes: pools[tier].capacity * CHUNK_SIZE,
      usedBytes: pools[tier].used() * CHUNK_SIZE,
      reservedBytes: pools[tier].reserved() * CHUNK_SIZE,
    }));
  }
}
