// Snapshots and replication of volumes, by name: the checks that depend on the volume's state
// (attached, replicating, Snapshotting while references are recorded) and the hand-off to the
// snapshot table and replication sessions for local volumes, or to the cluster for distributed
// ones. StorageVolumeManager passes its snapshot* and replicate* calls straight through here.

import type { IoContext } from "../../src/block.js";
import { fail } from "../../src/errors.js";
import { formatBytes } from "../../src/units.js";
import { checkIoLength } from "./checks.js";
import { TIER_PROFILES } from "./chunk-pool.js";
import type { ReplicationStarted, SessionRow } from "./replication.js";
import type { SnapshotRow } from "./snapshots.js";
import type { StorageParts } from "./storage-parts.js";
import { TIERS, VolumeState } from "./types.js";

export class VolumeCopies {
  constructor(private readonly parts: StorageParts) {}

  /** Copies no bytes, but records a reference per allocated chunk at the tier's latency: Snapshotting meanwhile. */
  snapshotCreate(volume: string, snapshot: string): void {
    const { lifecycle, volumes } = this.parts;
    const slot = this.parts.slotOf(volume);
    lifecycle.move(slot, "snapshot");
    try {
      if (this.parts.isDistributed(slot)) this.parts.cluster(slot).snapshotCreate(volume, snapshot);
      else this.parts.snapshots.create(slot, snapshot, this.parts.clock.now());
    } catch (error) {
      lifecycle.finish(slot);
      throw error;
    }
    lifecycle.hold(slot, this.parts.isDistributed(slot) ? 0 : volumes.allocatedChunks(slot) * TIER_PROFILES[TIERS[volumes.tiers[slot]!]!].latencyMs);
  }

  snapshotDelete(volume: string, snapshot: string): void {
    const slot = this.parts.slotOf(volume);
    this.parts.lifecycle.require(slot, "delete a snapshot of");
    if (this.parts.isDistributed(slot)) this.parts.cluster(slot).snapshotDelete(volume, snapshot);
    else this.parts.snapshots.delete(this.parts.snapshots.find(slot, snapshot));
  }

  snapshotRestore(volume: string, snapshot: string): void {
    const { volumes, snapshots, replication } = this.parts;
    const slot = this.parts.slotOf(volume);
    this.parts.lifecycle.require(slot, "restore");
    if (volumes.states[slot] === VolumeState.Attached) fail("EBUSY", `volume '${volume}' is attached to ${volumes.attachedTo[slot]}`, "detach it before restoring");
    if (this.parts.isDistributed(slot)) {
      volumes.sizes[slot] = this.parts.cluster(slot).snapshotRestore(volume, snapshot);
      return;
    }
    const snap = snapshots.find(slot, snapshot);
    if (replication.feeding(slot) >= 0) fail("EBUSY", `volume '${volume}' is a replication target`);
    replication.markWritten(slot); // what it held and what it holds now may differ from the targets
    snapshots.restore(snap);
    replication.markWritten(slot);
  }

  snapshotList(volume: string): SnapshotRow[] {
    const slot = this.parts.slotOf(volume);
    if (this.parts.isDistributed(slot)) return this.parts.cluster(slot).snapshotList(volume);
    return this.parts.snapshots.ofVolume(slot).map((snap) => this.parts.snapshots.row(snap));
  }

  /** How many snapshots the volume in `slot` has (vol list and vol show count them on every call: a local volume's without making names). */
  snapshotCount(slot: number): number {
    if (this.parts.isDistributed(slot)) return this.parts.cluster(slot).snapshotNames(this.parts.volumes.slots.nameOf(slot)).length;
    return this.parts.snapshots.ofVolume(slot).length;
  }

  /** The volume's snapshot names, as snapshotList orders them, without counting the space each uses. */
  snapshotNames(volume: string): string[] {
    const slot = this.parts.slotOf(volume);
    if (this.parts.isDistributed(slot)) return this.parts.cluster(slot).snapshotNames(volume);
    return this.parts.snapshots.ofVolume(slot).map((snap) => this.parts.snapshots.shortName(snap));
  }

  snapshotRead(volume: string, snapshot: string, offset: number, length: number, context: IoContext = {}): Uint8Array {
    const slot = this.parts.slotOf(volume);
    checkIoLength(length);
    if (this.parts.isDistributed(slot)) return this.parts.cluster(slot).snapshotRead(volume, snapshot, offset, length, context);
    return this.parts.snapshots.read(this.parts.snapshots.find(slot, snapshot), offset, length, context.into);
  }

  replicateStart(source: string, target: string, bandwidthBytesPerSecond?: number): ReplicationStarted {
    const { volumes } = this.parts;
    const from = this.parts.slotOf(source);
    const to = this.parts.slotOf(target);
    for (const slot of [from, to]) if (this.parts.isDistributed(slot)) this.parts.cluster(slot, "volume replication");
    for (const slot of [from, to]) this.parts.lifecycle.require(slot, "replicate");
    if (from === to) fail("EINVAL", "a volume cannot replicate to itself");
    if (volumes.sizes[to]! < volumes.sizes[from]!) fail("EINVAL", `target '${target}' (${formatBytes(volumes.sizes[to]!)}) is smaller than '${source}' (${formatBytes(volumes.sizes[from]!)})`);
    if (volumes.states[to] === VolumeState.Attached) fail("EBUSY", `target '${target}' is attached to ${volumes.attachedTo[to]}`);
    if (bandwidthBytesPerSecond !== undefined && !(bandwidthBytesPerSecond > 0)) fail("EINVAL", "replication bandwidth must be above zero");
    return this.parts.replication.start(from, to, bandwidthBytesPerSecond);
  }

  replicateStop(source: string, target: string, remove: boolean): void {
    this.parts.replication.stop(this.parts.slotOf(source), this.parts.slotOf(target), remove);
  }

  replicationStatus(volume?: string): SessionRow[] {
    return this.parts.replication.rows(volume === undefined ? undefined : this.parts.slotOf(volume));
  }
}
