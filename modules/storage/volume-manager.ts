// StorageVolumeManager (seed Task 1): 32 volumes over two tier pools, holding real bytes.
//
// States (types.ts): Created -> Initializing -> Available <-> Attached, through Snapshotting
// and back, Degraded while the data is not whole, Deleted at the end. Every change goes through
// the lifecycle (lifecycle.ts), which also keeps transient states for operations that take
// simulated time and settles Degraded from the data whenever the state is read.
//
// Interface, in call order: create -> write/read (offsets and lengths in bytes; unwritten bytes
// read as zeros; IO past the end fails and changes nothing) -> snapshotCreate/Restore/Delete ->
// replicateStart/Stop -> setQos -> attach/detach -> resize -> delete (refused while attached to a
// host, mapped to a cluster client or snapshotted, unless forced). Each IO costs simulated time:
// the tier's latency and bandwidth plus any QoS wait; the clock moves by it, and QoS throttling
// and slow IO are reported to the PerformanceSink once per change (performance.ts).
//
// Typical sequence: create db --size 1G --tier ssd; write db 4096 "hello"; snapshotCreate db s1;
// write db 4096 "HELLO"; read db@s1 4096 5 -> "hello"; snapshotRestore db s1.
//
// This file owns the volume lifecycle (create, delete, attach, detach, resize) and the IO path
// (write, read, accounting), kept here so an IO makes no extra hop. The parts and their wiring
// are in storage-parts.ts; snapshots and replication in volume-copies.ts; read-only queries in
// volume-views.ts; the saved form in saved-storage.ts. The methods for those pass straight through.

import type { DistributedVolumes, IoContext } from "../../src/block.js";
import type { ChunkDevices } from "../../src/chunks/chunk-device.js";
import { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";
import type { Clock } from "../../src/clock.js";
import type { PerformanceSink } from "../../src/ports.js";
import { fail, isKernelError } from "../../src/errors.js";
import { CHUNK_SIZE } from "../../src/limits.js";
import { formatBytes, formatOffset } from "../../src/units.js";
import type { LocalBackend } from "./block-device.js";
import { checkIoLength, checkSize } from "./checks.js";
import { TIER_PROFILES, type ChunkPool } from "./chunk-pool.js";
import type { VolumeLifecycle } from "./lifecycle.js";
import type { VolumeMetrics, VolumeStats } from "./metrics.js";
import { VolumeMounts } from "./mounts.js";
import type { VolumePerformance } from "./performance.js";
import type { QosLimits, VolumeQos } from "./qos.js";
import type { ReplicationSessions, ReplicationStarted, SessionRow } from "./replication.js";
import { restoreStorage, saveStorage, type SavedStorage } from "./saved-storage.js";
import type { SnapshotRow, SnapshotTable } from "./snapshots.js";
import { StorageParts } from "./storage-parts.js";
import { TIERS, VOLUME_TYPES, VolumeState, type IoResult, type TierUsage, type VolumeInfo, type VolumeSpec } from "./types.js";
import { VolumeCopies } from "./volume-copies.js";
import type { VolumeTable } from "./volume-table.js";
import { VolumeViews } from "./volume-views.js";

export type { SavedStorage } from "./saved-storage.js";

export class StorageVolumeManager {
  private readonly parts: StorageParts;
  private readonly copies: VolumeCopies;
  private readonly views: VolumeViews;
  // The same objects as in `parts`, held here so the IO path reads them in one step.
  private readonly volumes: VolumeTable;
  private readonly pools: StorageParts["pools"];
  private readonly backend: LocalBackend;
  private readonly lifecycle: VolumeLifecycle;
  private readonly events: VolumePerformance;
  readonly snapshots: SnapshotTable;
  private readonly replication: ReplicationSessions;
  private readonly qos: VolumeQos;
  private readonly metrics: VolumeMetrics;
  /** The `mounts` port: volumes a holder (a pod) mounts (mounts.ts). */
  readonly mounts: VolumeMounts;

  constructor(
    private readonly clock: Clock,
    private readonly distributed?: DistributedVolumes,
    performance?: PerformanceSink, // QoS throttling and latency events
    chunks: ChunkDevices = new ChunkSpace(ChunkHost.inMemory()), // where local volumes keep their bytes (the kernel's chunk store)
  ) {
    const parts = new StorageParts(clock, chunks, distributed, performance);
    this.parts = parts;
    ({ volumes: this.volumes, pools: this.pools, backend: this.backend, lifecycle: this.lifecycle, events: this.events } = parts);
    ({ snapshots: this.snapshots, replication: this.replication, qos: this.qos, metrics: this.metrics } = parts);
    this.copies = new VolumeCopies(parts);
    this.views = new VolumeViews(parts, this.copies);
    this.mounts = new VolumeMounts(parts, {
      attach: (name, host) => this.attach(name, host),
      detach: (name) => this.detachSlot(this.slotOf(name)),
      holderWrite: (name, offset, data, client) => this.ioAsHolder(name, "write", offset, data.length, () => this.writeBytes(this.slotOf(name), offset, data, { client })),
      holderRead: (name, offset, length, client) => this.ioAsHolder(name, "read", offset, length, () => this.readBytes(this.slotOf(name), offset, length, { client })),
    });
  }

  private poolOf(slot: number): ChunkPool {
    return this.parts.poolOf(slot);
  }

  private slotOf(name: string): number {
    return this.parts.slotOf(name);
  }

  private isDistributed(slot: number): boolean {
    return this.parts.isDistributed(slot);
  }

  private cluster(slot: number): DistributedVolumes {
    return this.parts.cluster(slot);
  }

  /** A thick local volume zeroes its reservation at the tier's bandwidth: Initializing meanwhile. */
  create(spec: VolumeSpec): void {
    checkSize(spec.sizeBytes);
    if (spec.type === "distributed") return this.createDistributed(spec);
    const chunks = Math.ceil(spec.sizeBytes / CHUNK_SIZE);
    const pool = this.pools[spec.tier];
    if (!spec.thin && chunks > pool.unreserved()) pool.reserve(chunks, spec.name); // fails with the pool's numbers
    const slot = this.volumes.slots.allocate(spec.name);
    if (!spec.thin) pool.reserve(chunks, spec.name);
    this.volumes.reservedLeft[slot] = spec.thin ? 0 : chunks;
    const zeroingMs = spec.thin ? 0 : (spec.sizeBytes / TIER_PROFILES[spec.tier].bandwidthBytesPerSecond) * 1000;
    this.addRow(slot, spec, zeroingMs);
  }

  private createDistributed(spec: VolumeSpec): void {
    if (spec.pool === undefined) fail("EINVAL", "a distributed volume needs --pool <domain>/<pool>", "see cluster pool list");
    if (this.distributed === undefined) fail("ENOTSUP", "no cluster is attached to this kernel");
    if (this.volumes.slots.has(spec.name)) fail("EEXIST", `volume '${spec.name}' already exists`);
    this.distributed.createVolume(spec.name, spec.pool, spec.sizeBytes, !spec.thin);
    this.addRow(this.volumes.slots.allocate(spec.name), spec, 0);
  }

  private addRow(slot: number, spec: VolumeSpec, initializingMs: number): void {
    this.volumes.types[slot] = VOLUME_TYPES.indexOf(spec.type);
    this.volumes.tiers[slot] = TIERS.indexOf(spec.tier);
    this.volumes.thin[slot] = spec.thin ? 1 : 0;
    this.volumes.sizes[slot] = spec.sizeBytes;
    this.volumes.createdMs[slot] = this.clock.now();
    this.volumes.states[slot] = VolumeState.Created;
    this.lifecycle.move(slot, "initialize");
    this.lifecycle.hold(slot, initializingMs);
  }

  /** Refuses an attached, mapped or snapshotted volume unless `force` (detach, unmap, delete snapshots). */
  delete(name: string, force: boolean): void {
    const slot = this.slotOf(name);
    this.lifecycle.require(slot, "delete");
    const snapshots = this.snapshots.ofVolume(slot);
    const snapshotCount = this.snapshotNames(name).length;
    // A pod's volume is kept while the pod uses it, --force or not (Kubernetes' pvc-protection finalizer).
    const holder = this.volumes.attachedTo[slot]!;
    if (this.mounts.isMounted(slot)) fail("EBUSY", `volume '${name}' is mounted by ${holder}: a volume in use by a pod is not deleted, even with --force`, `pod delete ${holder.replace(/^pod\//, "")} first (it unmounts the volume), then vol delete ${name}`);
    if (!force && this.volumes.states[slot] === VolumeState.Attached) fail("EBUSY", `volume '${name}' is attached to ${this.volumes.attachedTo[slot]}`, "detach it first, or delete --force");
    const clients = this.isDistributed(slot) ? this.cluster(slot).mappedClients(name) : [];
    if (!force && clients.length > 0) fail("EBUSY", `volume '${name}' is mapped to sdc ${clients.join(", ")}`, `unmap it first (cluster unmap ${name} ${clients[0]}), or delete --force (unmaps it)`);
    if (!force && snapshotCount > 0) fail("EBUSY", `volume '${name}' has ${snapshotCount} snapshot(s)`, "delete them first, or delete --force (deletes them too)");
    if (!force) this.replication.checkDeletable(slot);
    if (this.volumes.states[slot] === VolumeState.Attached) this.detachSlot(slot);
    for (const snapshot of snapshots.reverse()) this.snapshots.delete(snapshot);
    this.lifecycle.move(slot, "delete");
    if (this.isDistributed(slot)) this.cluster(slot).deleteVolume(name); // drops its mappings too
    this.replication.dropVolume(slot);
    this.backend.truncate(slot, 0);
    this.poolOf(slot).unreserve(this.volumes.reservedLeft[slot]!);
    this.volumes.freeRow(slot);
    this.qos.clear(slot);
    this.metrics.clear(slot);
    this.lifecycle.clear(slot);
    this.events.clear(slot);
  }

  attach(name: string, host: string): void {
    const slot = this.slotOf(name);
    this.lifecycle.move(slot, "attach");
    this.volumes.attachedTo[slot] = host;
  }

  /** A person's detach: refused while a pod holds the volume mounted (it unmounts when the pod goes). */
  detach(name: string): void {
    const slot = this.slotOf(name);
    if (this.mounts.isMounted(slot)) fail("EBUSY", `volume '${name}' is mounted by ${this.volumes.attachedTo[slot]}`, "it is unmounted when the pod is deleted or moves");
    this.detachSlot(slot);
  }

  private detachSlot(slot: number): void {
    this.lifecycle.move(slot, "detach");
    this.mounts.clear(slot);
    this.volumes.attachedTo[slot] = "";
    this.lifecycle.hold(slot, 0); // no IO outlives its command, so there is nothing to wait for
  }

  /** Grows, or shrinks if no written byte lies past the new end (unless `force`). */
  resize(name: string, sizeBytes: number, force: boolean): void {
    const slot = this.slotOf(name);
    checkSize(sizeBytes);
    this.lifecycle.require(slot, "resize");
    if (this.replication.targetsOf(slot).length > 0 || this.replication.feeding(slot) >= 0) fail("EBUSY", `volume '${name}' is replicating`, "stop replication first (vol replicate stop --remove)");
    if (this.isDistributed(slot)) {
      if (sizeBytes < this.volumes.sizes[slot]!) this.checkShrink(slot, sizeBytes, force);
      this.cluster(slot).resizeVolume(name, sizeBytes);
      this.volumes.sizes[slot] = sizeBytes;
      return;
    }
    const oldChunks = this.volumes.chunkCount(slot);
    const newChunks = Math.ceil(sizeBytes / CHUNK_SIZE);
    const pool = this.poolOf(slot);
    if (sizeBytes < this.volumes.sizes[slot]!) {
      this.checkShrink(slot, sizeBytes, force);
      this.backend.truncate(slot, sizeBytes);
    } else if (!this.volumes.thin[slot]) {
      pool.reserve(newChunks - oldChunks, name);
      this.volumes.reservedLeft[slot]! += newChunks - oldChunks;
    }
    this.volumes.sizes[slot] = sizeBytes;
  }

  /** Refuses to shrink over written (non-zero) bytes unless forced. */
  private checkShrink(slot: number, sizeBytes: number, force: boolean): void {
    const name = this.volumes.slots.nameOf(slot);
    let written: number;
    if (this.isDistributed(slot)) written = this.cluster(slot).firstWrittenByte(name, sizeBytes);
    else written = this.firstWrittenLocal(slot, sizeBytes);
    if (written >= 0 && !force) fail("EBUSY", `shrinking '${name}' to ${formatBytes(sizeBytes)} would cut written data at byte ${written}`, "resize --force discards it");
  }

  /** The first non-zero byte at or past `from`, or -1; reads only written chunks, one at a time (a 2G cut is not one buffer). */
  private firstWrittenLocal(slot: number, from: number): number {
    const end = this.volumes.sizes[slot]!;
    for (const [rangeStart, rangeEnd] of this.backend.allocatedRanges(slot)) {
      for (let start = Math.max(from, rangeStart); start < Math.min(end, rangeEnd); start = (Math.floor(start / CHUNK_SIZE) + 1) * CHUNK_SIZE) {
        const length = Math.min(end, rangeEnd, (Math.floor(start / CHUNK_SIZE) + 1) * CHUNK_SIZE) - start;
        const at = this.backend.read(slot, start, length).findIndex((byte) => byte !== 0);
        if (at >= 0) return start + at;
      }
    }
    return -1;
  }

  private readBytes(slot: number, offset: number, length: number, context: IoContext): Uint8Array {
    return this.isDistributed(slot) ? this.cluster(slot).read(this.volumes.slots.nameOf(slot), offset, length, context) : this.backend.read(slot, offset, length, context.into);
  }

  write(name: string, offset: number, data: Uint8Array, context: IoContext = {}): IoResult {
    const slot = this.slotOf(name);
    this.checkIo(slot, offset, data.length, "write");
    this.writeBytes(slot, offset, data, context);
    return this.account(slot, "write", data.length);
  }

  /** The bytes of a checked write: to the cluster, or to the local backend (replication marks them dirty). */
  private writeBytes(slot: number, offset: number, data: Uint8Array, context: IoContext): void {
    if (this.isDistributed(slot)) return this.cluster(slot).write(this.volumes.slots.nameOf(slot), offset, data, context);
    this.replication.checkWritable(slot);
    try {
      this.backend.write(slot, offset, data);
    } catch (error) {
      if (isKernelError(error) && error.code === "ENOSPC") this.lifecycle.noteShortfall(slot, this.backend.chunksNeeded(slot, Math.floor(offset / CHUNK_SIZE), Math.floor((offset + data.length - 1) / CHUNK_SIZE)));
      throw error;
    }
    this.lifecycle.noteWritten(slot, offset, data.length);
  }

  /** A holder's IO through its mount (mounts.ts): checked and counted like any, but it moves no clock (a workload's rate is its time, and it runs in clock timers). */
  private ioAsHolder<T>(name: string, kind: "read" | "write", offset: number, length: number, io: () => T): T {
    const slot = this.slotOf(name);
    this.checkIo(slot, offset, length, kind);
    const done = io();
    const tier = TIER_PROFILES[TIERS[this.volumes.tiers[slot]!]!];
    this.metrics.record(slot, kind, length, tier.latencyMs + (length / tier.bandwidthBytesPerSecond) * 1000, false, this.clock.now());
    return done;
  }

  read(name: string, offset: number, length: number, context: IoContext = {}): IoResult & { data: Uint8Array } {
    const slot = this.slotOf(name);
    this.checkIo(slot, offset, length, "read");
    this.mounts.landPending(slot); // a pod's workload writes land before anyone reads
    const data = this.readBytes(slot, offset, length, context);
    return { data, ...this.account(slot, "read", length) };
  }

  private checkIo(slot: number, offset: number, length: number, kind: "read" | "write"): void {
    const name = this.volumes.slots.nameOf(slot);
    this.lifecycle.require(slot, kind);
    if (!Number.isSafeInteger(offset) || offset < 0) fail("EINVAL", `bad offset ${offset}`);
    checkIoLength(length);
    if (offset + length > this.volumes.sizes[slot]!) fail("EINVAL", `IO of ${formatBytes(length)} at offset ${formatOffset(offset)} is beyond the end of '${name}' (${formatBytes(this.volumes.sizes[slot]!)})`);
  }

  /** Charges an IO's simulated time (tier, then QoS), moves the clock, and counts it. */
  private account(slot: number, kind: "read" | "write", bytes: number): IoResult {
    const tier = TIER_PROFILES[TIERS[this.volumes.tiers[slot]!]!];
    const throttledMs = this.qos.admit(slot, bytes, this.clock.now());
    const latencyMs = tier.latencyMs + (bytes / tier.bandwidthBytesPerSecond) * 1000 + throttledMs;
    this.clock.advance(latencyMs);
    this.metrics.record(slot, kind, bytes, latencyMs, throttledMs > 0, this.clock.now());
    this.events.observe(slot, latencyMs, throttledMs);
    return { bytes, latencyMs, throttledMs };
  }

  setQos(name: string, limits: QosLimits): void {
    for (const value of Object.values(limits)) if (!(value >= 0) || !Number.isFinite(value)) fail("EINVAL", `bad QoS limit ${value}`);
    this.qos.set(this.slotOf(name), limits, this.clock.now());
  }

  // Snapshots and replication (volume-copies.ts).
  snapshotCreate(volume: string, snapshot: string): void {
    if (this.volumes.slots.has(volume)) this.mounts.landPending(this.slotOf(volume)); // a pod's pending writes are in the snapshot
    this.copies.snapshotCreate(volume, snapshot);
  }
  snapshotDelete(volume: string, snapshot: string): void { this.copies.snapshotDelete(volume, snapshot); }
  snapshotRestore(volume: string, snapshot: string): void { this.copies.snapshotRestore(volume, snapshot); }
  snapshotList(volume: string): SnapshotRow[] { return this.copies.snapshotList(volume); }
  snapshotNames(volume: string): string[] { return this.copies.snapshotNames(volume); }
  snapshotRead(volume: string, snapshot: string, offset: number, length: number, context: IoContext = {}): Uint8Array { return this.copies.snapshotRead(volume, snapshot, offset, length, context); }
  replicateStart(source: string, target: string, bandwidthBytesPerSecond?: number): ReplicationStarted { return this.copies.replicateStart(source, target, bandwidthBytesPerSecond); }
  replicateStop(source: string, target: string, remove: boolean): void { this.copies.replicateStop(source, target, remove); }
  replicationStatus(volume?: string): SessionRow[] { return this.copies.replicationStatus(volume); }

  // Read-only queries (volume-views.ts).
  stats(name: string): VolumeStats { return this.views.stats(name); }
  history(name: string, seconds: number): { ops: number[]; bytes: number[] } { return this.views.history(name, seconds); }
  allocatedRanges(name: string): [number, number][] { return this.views.allocatedRanges(name); }
  show(name: string): VolumeInfo { return this.views.show(name); }
  list(): VolumeInfo[] { return this.views.list(); }
  names(): string[] { return this.views.names(); }
  count(): number { return this.views.count(); }
  tiers(): TierUsage[] { return this.views.tiers(); }

  // The saved form (saved-storage.ts).
  toJSON(): SavedStorage { return saveStorage(this.parts, this.mounts); }
  restore(saved: SavedStorage): void { restoreStorage(this.parts, saved, this.mounts); }
}
