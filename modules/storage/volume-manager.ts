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

import { assert } from "../../src/assert.js";
import type { DistributedVolumes, IoContext } from "../../src/block.js";
import type { Clock } from "../../src/clock.js";
import type { PerformanceSink } from "../../src/ports.js";
import { fail, isKernelError } from "../../src/errors.js";
import { CHUNK_SIZE, HDD_CHUNK_MAX, SSD_CHUNK_MAX } from "../../src/limits.js";
import { formatBytes, formatOffset } from "../../src/units.js";
import { LocalBackend } from "./block-device.js";
import { checkIoLength, checkSize } from "./checks.js";
import { ChunkPool, TIER_PROFILES, type SavedPool } from "./chunk-pool.js";
import { VolumeLifecycle } from "./lifecycle.js";
import { VolumeMetrics, type VolumeStats } from "./metrics.js";
import { VolumePerformance } from "./performance.js";
import { VolumeQos, type QosLimits } from "./qos.js";
import { ReplicationSessions, type SavedSession, type SessionRow } from "./replication.js";
import { SnapshotTable, type SavedSnapshot, type SnapshotRow } from "./snapshots.js";
import { TIERS, VOLUME_TYPES, VolumeState, type IoResult, type TierUsage, type VolumeInfo, type VolumeSpec } from "./types.js";
import { VolumeTable, type SavedVolumeRow } from "./volume-table.js";

export class StorageVolumeManager {
  private readonly volumes = new VolumeTable();
  private readonly pools = { ssd: new ChunkPool("ssd", SSD_CHUNK_MAX), hdd: new ChunkPool("hdd", HDD_CHUNK_MAX) };
  private readonly backend: LocalBackend;
  private readonly lifecycle: VolumeLifecycle;
  private readonly events: VolumePerformance;
  readonly snapshots: SnapshotTable;
  private readonly replication: ReplicationSessions;
  private readonly qos = new VolumeQos();
  private readonly metrics = new VolumeMetrics();

  constructor(
    private readonly clock: Clock,
    private readonly distributed?: DistributedVolumes,
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

  private poolOf(slot: number): ChunkPool {
    return this.pools[TIERS[this.volumes.tiers[slot]!]!];
  }

  private slotOf(name: string): number {
    return this.volumes.slots.find(name);
  }

  private isDistributed(slot: number): boolean {
    return VOLUME_TYPES[this.volumes.types[slot]!] === "distributed";
  }

  /** The cluster, for a distributed volume; ENOTSUP for what the cluster cannot do yet. */
  private cluster(slot: number, what?: string): DistributedVolumes {
    assert(this.isDistributed(slot), "only distributed volumes reach the cluster");
    if (this.distributed === undefined) fail("ENOTSUP", "no cluster is attached to this kernel");
    if (what !== undefined) fail("ENOTSUP", `${what} of distributed volumes is not supported yet`, "the cluster keeps its own copies; volume replication arrives with the cluster's part 2");
    return this.distributed;
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
    const snapshotCount = this.snapshotList(name).length;
    if (!force && this.volumes.states[slot] === VolumeState.Attached) fail("EBUSY", `volume '${name}' is attached to ${this.volumes.attachedTo[slot]}`, "detach it first, or delete --force");
    const clients = this.isDistributed(slot) ? this.cluster(slot).mappedClients(name) : [];
    if (!force && clients.length > 0) fail("EBUSY", `volume '${name}' is mapped to sdc ${clients.join(", ")}`, `unmap it first (cluster unmap ${name} ${clients[0]}), or delete --force (unmaps it)`);
    if (!force && snapshotCount > 0) fail("EBUSY", `volume '${name}' has ${snapshotCount} snapshot(s)`, "delete them first, or delete --force (deletes them too)");
    if (!force) this.replication.checkDeletable(slot);
    if (this.volumes.states[slot] === VolumeState.Attached) this.detach(name);
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

  detach(name: string): void {
    const slot = this.slotOf(name);
    this.lifecycle.move(slot, "detach");
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
    return this.isDistributed(slot) ? this.cluster(slot).read(this.volumes.slots.nameOf(slot), offset, length, context) : this.backend.read(slot, offset, length);
  }

  write(name: string, offset: number, data: Uint8Array, context: IoContext = {}): IoResult {
    const slot = this.slotOf(name);
    this.checkIo(slot, offset, data.length, "write");
    if (this.isDistributed(slot)) {
      this.cluster(slot).write(name, offset, data, context);
      return this.account(slot, "write", data.length);
    }
    this.replication.checkWritable(slot);
    try {
      this.backend.write(slot, offset, data);
    } catch (error) {
      if (isKernelError(error) && error.code === "ENOSPC") this.lifecycle.noteShortfall(slot, this.backend.chunksNeeded(slot, Math.floor(offset / CHUNK_SIZE), Math.floor((offset + data.length - 1) / CHUNK_SIZE)));
      throw error;
    }
    this.lifecycle.noteWritten(slot);
    return this.account(slot, "write", data.length);
  }

  read(name: string, offset: number, length: number, context: IoContext = {}): IoResult & { data: Uint8Array } {
    const slot = this.slotOf(name);
    this.checkIo(slot, offset, length, "read");
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

  /** Copies no bytes, but records a reference per allocated chunk at the tier's latency: Snapshotting meanwhile. */
  snapshotCreate(volume: string, snapshot: string): void {
    const slot = this.slotOf(volume);
    this.lifecycle.move(slot, "snapshot");
    try {
      if (this.isDistributed(slot)) this.cluster(slot).snapshotCreate(volume, snapshot);
      else this.snapshots.create(slot, snapshot, this.clock.now());
    } catch (error) {
      this.lifecycle.finish(slot);
      throw error;
    }
    this.lifecycle.hold(slot, this.isDistributed(slot) ? 0 : this.volumes.allocatedChunks(slot) * TIER_PROFILES[TIERS[this.volumes.tiers[slot]!]!].latencyMs);
  }

  snapshotDelete(volume: string, snapshot: string): void {
    const slot = this.slotOf(volume);
    this.lifecycle.require(slot, "delete a snapshot of");
    if (this.isDistributed(slot)) this.cluster(slot).snapshotDelete(volume, snapshot);
    else this.snapshots.delete(this.snapshots.find(slot, snapshot));
  }

  snapshotRestore(volume: string, snapshot: string): void {
    const slot = this.slotOf(volume);
    this.lifecycle.require(slot, "restore");
    if (this.volumes.states[slot] === VolumeState.Attached) fail("EBUSY", `volume '${volume}' is attached to ${this.volumes.attachedTo[slot]}`, "detach it before restoring");
    if (this.isDistributed(slot)) {
      this.volumes.sizes[slot] = this.cluster(slot).snapshotRestore(volume, snapshot);
      return;
    }
    const snap = this.snapshots.find(slot, snapshot);
    if (this.replication.feeding(slot) >= 0) fail("EBUSY", `volume '${volume}' is a replication target`);
    this.snapshots.restore(snap);
    this.replication.markDirty(slot, 0, this.volumes.chunkCount(slot) - 1);
  }

  snapshotList(volume: string): SnapshotRow[] {
    const slot = this.slotOf(volume);
    if (this.isDistributed(slot)) return this.cluster(slot).snapshotList(volume);
    return this.snapshots.ofVolume(slot).map((snap) => this.snapshots.row(snap));
  }

  snapshotRead(volume: string, snapshot: string, offset: number, length: number, context: IoContext = {}): Uint8Array {
    const slot = this.slotOf(volume);
    checkIoLength(length);
    if (this.isDistributed(slot)) return this.cluster(slot).snapshotRead(volume, snapshot, offset, length, context);
    return this.snapshots.read(this.snapshots.find(slot, snapshot), offset, length);
  }

  replicateStart(source: string, target: string, bandwidthBytesPerSecond: number): "started" | "resumed" {
    const from = this.slotOf(source);
    const to = this.slotOf(target);
    for (const slot of [from, to]) if (this.isDistributed(slot)) this.cluster(slot, "volume replication");
    for (const slot of [from, to]) this.lifecycle.require(slot, "replicate");
    if (from === to) fail("EINVAL", "a volume cannot replicate to itself");
    if (this.volumes.sizes[to]! < this.volumes.sizes[from]!) fail("EINVAL", `target '${target}' (${formatBytes(this.volumes.sizes[to]!)}) is smaller than '${source}' (${formatBytes(this.volumes.sizes[from]!)})`);
    if (this.volumes.states[to] === VolumeState.Attached) fail("EBUSY", `target '${target}' is attached to ${this.volumes.attachedTo[to]}`);
    if (!(bandwidthBytesPerSecond > 0)) fail("EINVAL", "replication bandwidth must be above zero");
    return this.replication.start(from, to, bandwidthBytesPerSecond);
  }

  replicateStop(source: string, target: string, remove: boolean): void {
    this.replication.stop(this.slotOf(source), this.slotOf(target), remove);
  }

  replicationStatus(volume?: string): SessionRow[] {
    return this.replication.rows(volume === undefined ? undefined : this.slotOf(volume));
  }

  setQos(name: string, limits: QosLimits): void {
    for (const value of Object.values(limits)) if (!(value >= 0) || !Number.isFinite(value)) fail("EINVAL", `bad QoS limit ${value}`);
    this.qos.set(this.slotOf(name), limits, this.clock.now());
  }

  stats(name: string): VolumeStats {
    return this.metrics.stats(this.slotOf(name));
  }

  history(name: string, seconds: number): { ops: number[]; bytes: number[] } {
    return this.metrics.history(this.slotOf(name), this.clock.now(), seconds);
  }

  allocatedRanges(name: string): [number, number][] {
    const slot = this.slotOf(name);
    return this.isDistributed(slot) ? this.cluster(slot).allocatedRanges(name) : this.backend.allocatedRanges(slot);
  }

  show(name: string): VolumeInfo {
    const slot = this.slotOf(name);
    const v = this.volumes;
    const source = this.replication.feeding(slot);
    return {
      name,
      type: VOLUME_TYPES[v.types[slot]!]!,
      tier: TIERS[v.tiers[slot]!]!,
      state: this.lifecycle.stateName(slot),
      stateDetail: this.lifecycle.detail(slot),
      provisioning: v.thin[slot] ? "thin" : "thick",
      sizeBytes: v.sizes[slot]!,
      allocatedBytes: this.isDistributed(slot) ? this.allocatedRanges(name).reduce((sum, [a, b]) => sum + b - a, 0) : v.allocatedChunks(slot) * CHUNK_SIZE,
      attachedTo: v.attachedTo[slot] || undefined,
      snapshots: this.snapshotList(name).length,
      replicaOf: source < 0 ? undefined : v.slots.nameOf(source),
      replicas: this.replication.targetsOf(slot).map((target) => v.slots.nameOf(target)),
      qos: this.qos.limits(slot),
    };
  }

  list(): VolumeInfo[] {
    return this.volumes.slots.slots().map((slot) => this.show(this.volumes.slots.nameOf(slot)));
  }

  names(): string[] {
    return this.volumes.slots.slots().map((slot) => this.volumes.slots.nameOf(slot));
  }

  count(): number {
    return this.volumes.slots.count();
  }

  tiers(): TierUsage[] {
    return TIERS.map((tier) => ({
      tier,
      capacityBytes: this.pools[tier].capacity * CHUNK_SIZE,
      usedBytes: this.pools[tier].used() * CHUNK_SIZE,
      reservedBytes: this.pools[tier].reserved() * CHUNK_SIZE,
    }));
  }

  toJSON(): SavedStorage {
    const v = this.volumes;
    return {
      volumes: v.slots.slots().map((slot) => ({
        ...v.rowToJSON(slot, this.lifecycle.state(slot)),
        qos: this.qos.toJSON(slot),
        metrics: this.metrics.toJSON(slot),
        ...this.lifecycle.toJSON(slot),
        performanceFlags: this.events.toJSON(slot),
      })),
      pools: { ssd: this.pools.ssd.toJSON(), hdd: this.pools.hdd.toJSON() },
      snapshots: this.snapshots.toJSON(),
      replication: this.replication.toJSON(),
      replicationTickMs: this.replication.nextTickMs(),
    };
  }

  restore(saved: SavedStorage): void {
    assert(this.volumes.slots.count() === 0, "restore goes into an empty manager");
    for (const row of saved.volumes) {
      checkSize(row.sizeBytes); // past VOLUME_SIZE_MAX the chunk map overflows and walks over it spin
      const slot = this.volumes.restoreRow(row);
      this.qos.set(slot, row.qos, this.clock.now());
      this.metrics.restore(slot, row.metrics);
      this.lifecycle.restore(slot, row);
      this.events.restore(slot, row.performanceFlags);
    }
    this.pools.ssd.restore(saved.pools.ssd);
    this.pools.hdd.restore(saved.pools.hdd);
    this.snapshots.load(saved.snapshots);
    this.replication.restore(saved.replication, (name) => this.volumes.slots.find(name), saved.replicationTickMs);
  }
}

export interface SavedStorage {
  readonly volumes: (SavedVolumeRow & {
    qos: QosLimits;
    metrics: { counters: number[]; latency: number[] };
    busyUntilMs?: number; // optional: state files from before transient states
    shortChunks?: number;
    performanceFlags?: number;
  })[];
  readonly pools: { ssd: SavedPool; hdd: SavedPool };
  readonly snapshots: SavedSnapshot[];
  readonly replication: SavedSession[];
  readonly replicationTickMs: number;
}
