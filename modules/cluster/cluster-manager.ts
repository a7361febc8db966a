// DistributedStorageManager: the MDM of a PowerFlex-style cluster (seed Task 5 and seed 003).
//
// Interface, in call order: addDomain -> addPool (copies, min copies, consistency, shards) ->
// addNode (SDS; shards are re-placed and data follows) -> addClient (SDC) -> createVolume (by
// the storage module, for `vol create --type distributed`) -> map (a volume is unusable until
// mapped) -> write/read through a client, each IO carrying an MDM token that every storage node
// it touches verifies -> unmap -> deleteVolume.
//
// Writes split into CLUSTER_CHUNK_SIZE chunks; each chunk belongs to a shard of its pool and is
// written to the shard's replicas. Consistency, per pool:
//   strong    every replica is written before the write is acknowledged; reads see it at once
//   eventual  the primary is written, the others REPLICA_LAG_MS later; a read may pick a
//             lagging replica and see old bytes
//   causal    as eventual, but a client never reads older than what it wrote or read before
//             (it tracks the version it has seen of each chunk and skips staler replicas)
//
// Every acknowledged write records the chunk's new version as committed (chunk-versions.ts).
// Only copies at the committed version are current: reads, the copy a write builds on, rebuild
// sources and scrub use nothing else, so a node that missed writes while it was away never
// serves its old bytes. If every current copy of a chunk is out of reach, IO on it fails with
// EIO (and a CRITICAL data alert stands) until one returns.

import { assert } from "../../src/assert.js";
import { fail } from "../../src/errors.js";
import type { IoContext, SnapshotInfo, VolumeDataState } from "../../src/block.js";
import type { Clock } from "../../src/clock.js";
import type { PerformanceSink } from "../../src/ports.js";
import { REBUILD_AFTER_MS, CLUSTER_CHUNK_SIZE, CLIENT_COUNT_MAX, MAPPING_MAX, IO_LENGTH_MAX, NODE_CAPACITY_MAX, PENDING_UPDATE_MAX, REPLICA_LAG_MS, STORAGE_NODE_MAX, VOLUME_COUNT_MAX, VOLUME_SIZE_MAX, REBUILD_BANDWIDTH } from "../../src/limits.js";
import type { Rng } from "../../src/rng.js";
import { formatBytes, formatDuration, formatSize } from "../../src/units.js";
import { SlotTable } from "../../src/slot-table.js";
import { chunkKey, NodeStores, parseKey } from "./node-store.js";
import { IoMeter } from "./io-meter.js";
import { ChunkVersions, type DeferredUpdate, type SavedUpdate } from "./chunk-versions.js";
import { TokenService, type SavedTokens } from "./token-service.js";
import type { IoRequest, IoToken } from "./tokens.js";
import { CONSISTENCY_LEVELS, COPIES_MAX, countOf, MEDIA, ReplicaState, Topology, type PoolSpec } from "./topology.js";
import { ClusterHealth, Condition, NodeState, type AlertSink } from "./health.js";
import { DistributedSnapshots } from "./distributed-snapshots.js";
import { planRebalance } from "./rebalance.js";
import { ClusterReports, type RebuildReport, type ShardRow, type ShardSummary } from "./reports.js";
import { Rebuilder, REBUILD_TICK_MS } from "./rebuild.js";

const NONE = -1;
const EMPTY = new Uint8Array(0);

function checkNodeCapacity(capacityBytes: number): void {
  if (!(capacityBytes >= CLUSTER_CHUNK_SIZE && capacityBytes <= NODE_CAPACITY_MAX)) fail("EINVAL", `node capacity ${formatBytes(capacityBytes)} is out of range (${formatBytes(CLUSTER_CHUNK_SIZE)}..${formatBytes(NODE_CAPACITY_MAX)})`);
}

export class DistributedStorageManager {
  readonly topology = new Topology();
  private readonly volumes = new SlotTable("distributed volume", VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX");
  private readonly volumePool = new Int8Array(VOLUME_COUNT_MAX);
  private readonly volumeSize = new Float64Array(VOLUME_COUNT_MAX);
  private readonly snapshots: DistributedSnapshots;
  private readonly mapVolume = new Int8Array(MAPPING_MAX).fill(NONE);
  private readonly mapClient = new Int8Array(MAPPING_MAX).fill(NONE);
  private readonly mapReadOnly = new Uint8Array(MAPPING_MAX);
  private readonly stores: NodeStores;
  private readonly versions: ChunkVersions;
  private readonly seen: Map<string, number>[] = Array.from({ length: CLIENT_COUNT_MAX }, () => new Map()); // causal: chunk -> version seen
  private pendingTimerMs = -1;
  private readonly tokens: TokenService;
  private readonly io = new IoMeter();

  readonly health: ClusterHealth;
  private readonly rebuilder: Rebuilder;
  private readonly reports: ClusterReports;
  private beatTimerMs = -1;
  private readonly draining = new Uint8Array(STORAGE_NODE_MAX); // graceful removal under way
  private rebuildTimerMs = -1;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    tokenSecret: Uint8Array, // the state directory's secret; the token signing key derives from it
    alerts?: AlertSink,
    private readonly performance?: PerformanceSink, // rebuild throughput events
  ) {
    this.health = new ClusterHealth(alerts);
    this.tokens = new TokenService(clock, rng, tokenSecret);
    this.stores = new NodeStores((node) => Math.floor(this.topology.capacity[node]! / CLUSTER_CHUNK_SIZE), (node) => this.topology.nodes.nameOf(node));
    this.versions = new ChunkVersions(this.stores, this.topology, this.health);
    this.rebuilder = new Rebuilder(this.topology, this.stores, this.health, this.versions, (volume, index) => {
      const slot = this.volumes.has(volume) ? this.volumes.find(volume) : -1;
      return slot < 0 ? undefined : this.topology.shardFor(this.volumePool[slot]!, volume, index);
    });
    this.snapshots = new DistributedSnapshots(this.stores, this.versions, {
      volumeName: (volume) => this.volumes.nameOf(volume),
      volumeSize: (volume) => this.volumeSize[volume]!,
      setVolumeSize: (volume, sizeBytes) => (this.volumeSize[volume] = sizeBytes),
      forEachCopy: (volume, each) => this.forEachCopy(volume, each),
      now: () => this.clock.now(),
    });
    this.reports = new ClusterReports(this.topology, this.stores, this.health, this.rebuilder, this.versions, {
      now: () => this.clock.now(),
      shardOfKey: (key) => this.shardOfKey(key),
      nodeUsage: (node) => this.nodeUsage(node),
    });
  }

  // Topology

  addPool(key: string, spec: PoolSpec): void {
    this.topology.addPool(key, spec);
  }

  deletePool(key: string): void {
    const pool = this.topology.pools.find(key);
    const volume = this.volumes.slots().find((v) => this.volumePool[v] === pool);
    if (volume !== undefined) fail("EBUSY", `pool '${key}' holds volume '${this.volumes.nameOf(volume)}'`);
    this.topology.deletePool(key);
    this.health.resolveWhere((a) => a.source === key, "auto", this.clock.now()); // nothing left to warn about
  }

  addNode(name: string, pool: string, capacityBytes: number, media: string, faultSet: string): number {
    checkNodeCapacity(capacityBytes);
    const moves = this.topology.addNode(name, pool, capacityBytes, MEDIA.indexOf(media as (typeof MEDIA)[number]), faultSet);
    this.health.nodes.join(this.topology.nodes.find(name), this.clock.now());
    this.health.raise("INFO", "node", name, `storage node ${name} joined ${pool} (${formatSize(capacityBytes)})`, this.clock.now());
    this.scheduleBeat();
    this.reports.checkAlerts(); // more capacity, more copies possible
    this.wakeRebuild(); // data follows the new placement in the background, throttled
    return moves.length === 0 ? 0 : this.rebuilder.pending().length;
  }

  /** Changes a node's capacity, which is its placement weight; shards are re-placed and data follows. */
  setNodeCapacity(name: string, capacityBytes: number): number {
    const node = this.topology.nodes.find(name);
    checkNodeCapacity(capacityBytes);
    if (capacityBytes < this.nodeUsage(node)) fail("EBUSY", `node '${name}' holds ${formatBytes(this.nodeUsage(node))}, more than ${formatBytes(capacityBytes)}`, "remove data or choose a larger capacity");
    this.topology.capacity[node] = capacityBytes;
    this.afterChange();
    return this.rebuilder.pending().length;
  }

  /** Points a shard's replica at another node by hand; its data follows in the background. */
  migrateShard(shard: number, fromName: string, toName: string): void {
    const from = this.topology.nodes.find(fromName);
    const to = this.topology.nodes.find(toName);
    const replicas = this.topology.replicasOf(shard);
    if (this.topology.shardPool[shard] === NONE || shard >= this.topology.shardPool.length) fail("ENOENT", `no shard ${shard} in any pool`);
    if (!replicas.includes(from)) fail("EINVAL", `shard ${shard} has no replica on ${fromName}`, `its replicas: ${replicas.map((n) => this.topology.nodes.nameOf(n)).join(", ")}`);
    if (replicas.includes(to)) fail("EEXIST", `shard ${shard} already has a replica on ${toName}`);
    if (this.topology.nodePool[to] !== this.topology.shardPool[shard]) fail("EINVAL", `${toName} is not in the shard's pool`);
    if (!this.health.reachable(to)) fail("EBUSY", `${toName} is not reachable`);
    const faultSet = this.topology.faultSets[to]!;
    if (faultSet !== "" && replicas.some((n) => n !== from && this.topology.faultSets[n] === faultSet)) fail("EINVAL", `another copy of shard ${shard} is already in fault set ${faultSet}`);
    this.topology.setReplicas(shard, replicas.map((n) => (n === from ? to : n)));
    this.wakeRebuild();
  }

  /** Plans (and unless `dryRun`, applies) the moves that bring replicas per node within `targetRatio` of the mean. */
  rebalance(poolName: string, targetRatio: number, dryRun: boolean): { shard: number; from: string; to: string; bytes: number }[] {
    const pool = this.topology.pools.find(poolName);
    const moves = planRebalance(this.topology, pool, targetRatio, (n) => this.health.reachable(n));
    if (!dryRun) {
      for (const move of moves) this.topology.setReplicas(move.shard, this.topology.replicasOf(move.shard).map((n) => (n === move.from ? move.to : n)));
      this.wakeRebuild();
    }
    const chunksPerShard = new Map<number, number>();
    for (const key of this.rebuilder.survey().keys()) {
      const shard = this.shardOfKey(key);
      chunksPerShard.set(shard, (chunksPerShard.get(shard) ?? 0) + 1);
    }
    return moves.map((m) => ({
      shard: m.shard,
      from: this.topology.nodes.nameOf(m.from),
      to: this.topology.nodes.nameOf(m.to),
      bytes: (chunksPerShard.get(m.shard) ?? 0) * CLUSTER_CHUNK_SIZE,
    }));
  }

  /**
   * Graceful removal: the node leaves placement at once and drains in the background (throttled,
   * with progress in `rebuildStatus`); it leaves the cluster when it holds nothing more. Refused
   * if the rest cannot hold every copy. Returns the chunk copies to move off it.
   */
  removeNode(name: string): number {
    const node = this.topology.nodes.find(name);
    const pool = this.topology.nodePool[node]!;
    const others = this.topology.nodesOf(pool).filter((n) => n !== node && this.draining[n] === 0).length;
    if (this.stores.count(node) > 0 && others < this.topology.copies[pool]!) {
      fail("EBUSY", `node '${name}' holds data and only ${countOf(others, "other node")} would remain for ${this.topology.copies[pool]} copies`, "add a node first");
    }
    if (!this.health.reachable(node)) fail("EBUSY", `node '${name}' is not reachable; a graceful removal drains it first`, `cluster sds recover ${name}, then remove it`);
    if (this.draining[node] === 1) fail("EBUSY", `node '${name}' is already draining`, "see cluster rebuild status");
    this.draining[node] = 1;
    this.stores.cleanArchived(node); // they would leave with it
    this.afterChange();
    const toMove = this.stores.count(node);
    this.finishDrains();
    return toMove;
  }

  isDraining(node: number): boolean {
    return this.draining[node] === 1;
  }

  /** Removes draining nodes that hold nothing any more. */
  private finishDrains(): void {
    for (const node of this.topology.nodes.slots()) {
      if (this.draining[node] === 0 || this.stores.count(node) > 0) continue;
      const name = this.topology.nodes.nameOf(node);
      this.draining[node] = 0;
      this.topology.removeNode(name);
      this.stores.clear(node);
      this.health.nodes.join(node, this.clock.now());
      this.health.resolveWhere((a) => a.source === name, "auto", this.clock.now());
      this.health.raise("INFO", "node", name, `storage node ${name} drained and left the cluster`, this.clock.now());
      this.reports.checkAlerts(); // the pool lost the node's capacity
    }
  }

  // Failures: a crash (copies vanish from the data path), a partition (alive but cut off), and
  // recovery. The MDM notices through missed heartbeats (health.ts); rebuild.ts repairs.

  failNode(name: string, how: "crash" | "partition"): void {
    const node = this.topology.nodes.find(name);
    this.health.nodes.setCondition(node, how === "crash" ? Condition.Crashed : Condition.Partitioned, name, `cluster sds recover ${name}`);
    this.afterChange();
  }

  recoverNode(name: string): void {
    const node = this.topology.nodes.find(name);
    const replaced = this.replacedByRebuild(node);
    this.health.nodes.setCondition(node, Condition.Running, name, "");
    if (replaced) this.rebuilder.archiveStale(node); // what went stale while it was away no longer counts
    this.afterChange();
  }

  /** Whether the node is DOWN past the rebuild interval: out of placement, its copies re-created elsewhere. */
  private replacedByRebuild(node: number): boolean {
    return this.health.states[node] === NodeState.Down && this.clock.now() - this.health.downSinceMs[node]! >= REBUILD_AFTER_MS;
  }

  /** Deletes archived copies (on one node, or everywhere); returns the bytes freed. */
  cleanArchive(nodeName?: string): number {
    const nodes = nodeName === undefined ? this.topology.nodes.slots() : [this.topology.nodes.find(nodeName)];
    const chunks = nodes.reduce((n, node) => n + this.stores.cleanArchived(node), 0);
    this.reports.checkAlerts();
    return chunks * CLUSTER_CHUNK_SIZE;
  }

  /** Re-places shards (leaving out nodes DOWN past the rebuild interval), checks alerts, wakes the rebuild. */
  private afterChange(): void {
    for (const pool of this.topology.pools.slots()) {
      const excluded = new Set(this.topology.nodesOf(pool).filter((n) => this.draining[n] === 1 || (!this.health.reachable(n) && this.replacedByRebuild(n))));
      this.topology.replace(pool, excluded);
    }
    this.reports.checkAlerts();
    this.wakeRebuild();
  }

  /** Timers are not saved: schedule again for the times they were due (a beat even with no node left, as it was). */
  private restoreTimers(timers: readonly number[]): void {
    if ((timers[0] ?? -1) >= 0) this.scheduleBeat(timers[0], true);
    if ((timers[1] ?? -1) >= 0) this.scheduleRebuild(timers[1]!);
  }

  private scheduleBeat(atMs = ClusterHealth.nextBeat(this.clock.now()), restoring = false): void {
    if (this.beatTimerMs >= 0 || (!restoring && this.topology.nodes.count() + this.topology.clients.count() === 0)) return;
    this.beatTimerMs = atMs;
    this.clock.schedule(this.beatTimerMs, () => {
      this.beatTimerMs = -1;
      const changed = this.health.nodes.beat(this.topology.nodes.slots(), this.clock.now(), (n) => this.topology.nodes.nameOf(n));
      this.health.clients.beat(this.topology.clients.slots(), this.clock.now(), (c) => this.topology.clients.nameOf(c));
      const rebuildDue = this.topology.nodes.slots().some((n) => this.replacedByRebuild(n));
      if (changed.length > 0 || rebuildDue) this.afterChange();
      this.scheduleBeat();
    });
  }

  private wakeRebuild(): void {
    if (this.rebuildTimerMs >= 0 || this.rebuilder.pending().length === 0) return;
    this.scheduleRebuild(this.clock.now() + REBUILD_TICK_MS);
  }

  private scheduleRebuild(atMs: number): void {
    this.rebuildTimerMs = atMs;
    this.clock.schedule(this.rebuildTimerMs, () => {
      this.rebuildTimerMs = -1;
      const finished = this.rebuilder.step(this.clock.now());
      if (finished !== undefined) this.reportRebuild(finished);
      this.finishDrains();
      this.reports.checkAlerts();
      this.wakeRebuild();
    });
  }

  /**
   * A finished rebuild: an INFO alert, and its throughput as a Performance audit event. The
   * copying time is the bytes at the rebuild bandwidth; the rebuild works in REBUILD_TICK_MS
   * steps, so it is done within a whole number of them.
   */
  private reportRebuild(finished: { bytes: number; ms: number }): void {
    const copyingMs = Math.ceil((finished.bytes * 1000) / REBUILD_BANDWIDTH);
    const message = `rebuilt ${formatSize(finished.bytes)} at ${formatSize(REBUILD_BANDWIDTH)}/s: ${formatDuration(copyingMs)} of copying, done within ${formatDuration(finished.ms)} (steps of ${formatDuration(REBUILD_TICK_MS)})`;
    this.health.resolveWhere((a) => a.category === "rebuild", "auto", this.clock.now()); // the newest rebuild's notice replaces the last
    this.health.raise("INFO", "rebuild", "cluster", `rebuild finished: ${message}`, this.clock.now());
    this.performance?.record({ action: "cluster.rebuild", object: "cluster", message });
  }

  shardRows(pool?: string): ShardRow[] {
    return this.reports.shardRows(pool);
  }

  shardSummary(pool?: string): ShardSummary {
    return this.reports.shardSummary(pool);
  }

  healthReport(): ReturnType<ClusterReports["healthReport"]> {
    return this.reports.healthReport();
  }

  scrub(): ReturnType<ClusterReports["scrub"]> {
    return this.reports.scrub();
  }

  rebuildStatus(): RebuildReport {
    return this.reports.rebuildReport();
  }

  /** Flips a byte of one copy, as a failing disk would (for scrub tests and demos). */
  corrupt(nodeName: string, volume: string, offset: number): void {
    const node = this.topology.nodes.find(nodeName);
    const chunk = this.stores.get(node, chunkKey(volume, Math.floor(offset / CLUSTER_CHUNK_SIZE)));
    if (chunk === undefined) fail("ENOENT", `node ${nodeName} holds no copy of ${volume} at ${offset}`);
    chunk.bytes[offset % CLUSTER_CHUNK_SIZE]! ^= 0xff;
  }

  addClient(name: string): void {
    const client = this.topology.clients.allocate(name);
    this.health.clients.join(client, this.clock.now());
    this.scheduleBeat();
  }

  /** Cuts a client off from the MDM and the nodes (its IO fails), or connects it again. */
  setClientConnected(name: string, connected: boolean): void {
    const client = this.topology.clients.find(name);
    this.health.clients.setCondition(client, connected ? Condition.Running : Condition.Partitioned, name, `cluster sdc reconnect ${name}`);
  }

  removeClient(name: string): void {
    const client = this.topology.clients.find(name);
    if (this.mappingsOf(undefined, client).length > 0) fail("EBUSY", `client '${name}' has mapped volumes`, "unmap them first");
    this.seen[client]!.clear();
    this.health.clients.join(client, this.clock.now()); // a clean slot for the next client
    this.health.resolveWhere((a) => a.category === "client" && a.source === name, "auto", this.clock.now());
    this.topology.clients.free(client);
  }

  /** Snapshot chunks live in the shard of the volume chunk they were taken from. */
  private shardOfKey(key: string): number {
    const { volume, index } = parseKey(key);
    return this.topology.shardFor(this.volumePool[this.volumes.find(volume)]!, volume, index);
  }

  // Volumes (DistributedVolumes, for the storage module)

  createVolume(name: string, poolKey: string, sizeBytes: number, thick = false): void {
    const pool = this.topology.pools.find(poolKey);
    const undersized = this.topology.undersized(pool);
    if (undersized !== undefined) fail("EINVAL", undersized, `add nodes in other fault sets: cluster sds add <name> --pool ${poolKey} --capacity 1G [--fault-set <fs>]`);
    const slot = this.volumes.allocate(name);
    this.volumePool[slot] = pool;
    this.volumeSize[slot] = sizeBytes;
    if (thick) this.allocateAll(slot);
  }

  /** Thick provisioning: every chunk on every copy now, zeroed; all or nothing. */
  private allocateAll(volume: number): void {
    const name = this.volumes.nameOf(volume);
    const needed = new Map<number, number>();
    this.forEachCopy(volume, (node) => needed.set(node, (needed.get(node) ?? 0) + 1));
    try {
      for (const [node, more] of needed) this.stores.checkRoom(node, more);
    } catch (error) {
      this.volumes.free(volume);
      throw error;
    }
    this.forEachCopy(volume, (node, index) => this.stores.apply(node, chunkKey(name, index), 0, EMPTY, 0));
  }

  deleteVolume(name: string): void {
    const slot = this.volumes.find(name);
    for (const mapping of this.mappingsOf(slot, undefined)) this.mapVolume[mapping] = NONE;
    this.stores.deleteWhere((key) => parseKey(key).volume === name);
    this.versions.deleteWhere((key) => parseKey(key).volume === name);
    this.tokens.forgetVolume(name);
    this.snapshots.dropVolume(slot);
    this.volumes.free(slot);
    this.reports.checkAlerts();
  }

  resizeVolume(name: string, sizeBytes: number): void {
    const slot = this.volumes.find(name);
    this.tokens.forgetVolume(name); // cached tokens cover the old size
    const cut = Math.ceil(sizeBytes / CLUSTER_CHUNK_SIZE);
    if (sizeBytes < this.volumeSize[slot]!) {
      const cutOff = (key: string) => {
        const parsed = parseKey(key);
        return parsed.volume === name && parsed.snapshot === undefined && parsed.index >= cut;
      };
      this.stores.deleteWhere(cutOff);
      this.versions.deleteWhere(cutOff);
    }
    this.volumeSize[slot] = sizeBytes;
    this.reports.checkAlerts();
  }

  allocatedRanges(name: string): [number, number][] {
    const slot = this.volumes.find(name);
    const ranges: [number, number][] = [];
    for (let index = 0; index * CLUSTER_CHUNK_SIZE < this.volumeSize[slot]!; index++) {
      if (this.replicaNodes(slot, index).every((node) => this.stores.get(node, chunkKey(name, index)) === undefined)) continue;
      const start = index * CLUSTER_CHUNK_SIZE;
      const end = Math.min(start + CLUSTER_CHUNK_SIZE, this.volumeSize[slot]!);
      const last = ranges.at(-1);
      if (last !== undefined && last[1] === start) last[1] = end;
      else ranges.push([start, end]);
    }
    return ranges;
  }

  firstWrittenByte(name: string, offset: number): number {
    const volume = this.volumes.find(name);
    for (let index = Math.floor(offset / CLUSTER_CHUNK_SIZE); index * CLUSTER_CHUNK_SIZE < this.volumeSize[volume]!; index++) {
      const key = chunkKey(name, index);
      if (this.versions.of(key) === 0) continue; // never written: zeros
      const holder = this.versions.holders(this.volumePool[volume]!, key)[0];
      if (holder === undefined) return Math.max(offset, index * CLUSTER_CHUNK_SIZE); // written, but no copy left to look at: count it as data
      const chunk = this.stores.get(holder, key)!;
      const from = Math.max(0, offset - index * CLUSTER_CHUNK_SIZE);
      const at = chunk.bytes.subarray(from).findIndex((byte) => byte !== 0);
      if (at >= 0) return index * CLUSTER_CHUNK_SIZE + from + at;
    }
    return -1;
  }

  // Mapping (a volume is unusable until mapped to the client that does the IO)

  map(volume: string, client: string, readOnly: boolean, allowMultiMap: boolean): void {
    const v = this.volumes.find(volume);
    const c = this.topology.clients.find(client);
    const existing = this.mappingsOf(v, undefined);
    if (existing.some((m) => this.mapClient[m] === c)) fail("EEXIST", `volume '${volume}' is already mapped to ${client}`);
    if (existing.length > 0 && !allowMultiMap) fail("EBUSY", `volume '${volume}' is already mapped to ${this.topology.clients.nameOf(this.mapClient[existing[0]!]!)}`, "add --allow-multi-map to map it to a second client");
    const slot = this.mapVolume.indexOf(NONE);
    if (slot < 0) fail("ENOSPC", `mapping table full: ${MAPPING_MAX} mappings (MAPPING_MAX)`);
    this.mapVolume[slot] = v;
    this.mapClient[slot] = c;
    this.mapReadOnly[slot] = readOnly ? 1 : 0;
  }

  unmap(volume: string, client: string): void {
    const v = this.volumes.find(volume);
    const c = this.topology.clients.find(client);
    const mapping = this.mappingsOf(v, c)[0];
    if (mapping === undefined) fail("ENOENT", `volume '${volume}' is not mapped to ${client}`);
    this.mapVolume[mapping] = NONE;
    this.mapClient[mapping] = NONE;
  }

  mappings(): { volume: string; client: string; access: "ro" | "rw" }[] {
    return this.mappingsOf(undefined, undefined).map((m) => ({ volume: this.volumes.nameOf(this.mapVolume[m]!), client: this.topology.clients.nameOf(this.mapClient[m]!), access: this.mapReadOnly[m] ? "ro" : "rw" }));
  }

  mappedClients(name: string): string[] {
    return this.mappingsOf(this.volumes.find(name), undefined).map((m) => this.topology.clients.nameOf(this.mapClient[m]!));
  }

  /**
   * Whole, degraded (a written chunk with fewer reachable current copies than the pool keeps) or
   * unreadable (a written chunk with no reachable current copy). Lagging copies of eventual and
   * causal pools count: they become current by themselves.
   */
  dataState(name: string): VolumeDataState {
    const volume = this.volumes.find(name);
    const pool = this.volumePool[volume]!;
    let state: VolumeDataState = "whole";
    for (let index = 0; index * CLUSTER_CHUNK_SIZE < this.volumeSize[volume]!; index++) {
      const key = chunkKey(name, index);
      if (this.versions.of(key) === 0) continue;
      const copies = this.versions.usableCopies(pool, key, true).length;
      if (copies === 0) return "unreadable";
      if (copies < this.topology.copies[pool]!) state = "degraded";
    }
    return state;
  }

  private mappingsOf(volume: number | undefined, client: number | undefined): number[] {
    const found: number[] = [];
    for (let m = 0; m < MAPPING_MAX; m++) {
      if (this.mapVolume[m] === NONE) continue;
      if ((volume === undefined || this.mapVolume[m] === volume) && (client === undefined || this.mapClient[m] === client)) found.push(m);
    }
    return found;
  }

  /** The client an IO goes through: the one named, which must be mapped, or the only one mapped. */
  private clientFor(volume: number, op: "read" | "write", context: IoContext): number {
    const name = this.volumes.nameOf(volume);
    const mapped = this.mappingsOf(volume, undefined);
    let mapping: number | undefined;
    if (context.client !== undefined) {
      const client = this.topology.clients.find(context.client);
      mapping = mapped.find((m) => this.mapClient[m] === client);
      if (mapping === undefined) fail("EACCES", `client ${context.client} has no mapping of volume '${name}'`, `cluster map ${name} ${context.client}`);
    } else if (mapped.length === 1) mapping = mapped[0];
    else if (mapped.length === 0) fail("EACCES", `volume '${name}' is not mapped to any client`, `cluster map ${name} <sdc>`);
    else fail("EINVAL", `volume '${name}' is mapped to ${mapped.length} clients`, "say which with --sdc");
    const client = this.mapClient[mapping!]!;
    if (!this.health.clients.reachable(client)) fail("EIO", `client ${this.topology.clients.nameOf(client)} is disconnected from the cluster`, `cluster sdc reconnect ${this.topology.clients.nameOf(client)}`);
    if (op === "write" && this.mapReadOnly[mapping!]) fail("EACCES", `client ${this.topology.clients.nameOf(client)} maps '${name}' read-only`);
    return client;
  }

  // Tokens

  setTokenCache(enabled: boolean): void {
    this.tokens.setCache(enabled);
  }

  tokenCacheEnabled(): boolean {
    return this.tokens.cacheEnabled();
  }

  /** Signs only what the data path would let through: the volume, its mapping to the client, the access, the range. */
  issueToken(request: IoRequest): IoToken {
    const volume = this.volumes.find(request.volume);
    this.checkRange(volume, request.op, request.offset, request.length);
    this.clientFor(volume, request.op, { client: request.client });
    return this.tokens.issue(request);
  }

  /**
   * What a storage node does with a presented token (cluster token verify, and every IO). The
   * first node an IO reaches spends the token; the others it carries it to (`spend` false) check it.
   */
  verifyToken(token: IoToken, request: IoRequest, node: number, spend = true): void {
    this.tokens.verify(token, request, this.topology.nodes.nameOf(node), spend);
  }

  presentToken(text: string, nodeName: string | undefined): { node: string; token: IoToken } {
    const token = this.tokens.decode(text);
    const node = nodeName === undefined ? this.primaryOf(token) : this.topology.nodes.find(nodeName);
    this.checkHolds(token, node);
    this.verifyToken(token, token, node);
    return { node: this.topology.nodes.nameOf(node), token };
  }

  /** A node serves IO only on chunks placed on it or held by it: a token for others is refused there. */
  private checkHolds(token: IoToken, node: number): void {
    const volume = this.volumes.has(token.volume) ? this.volumes.find(token.volume) : NONE;
    const name = this.topology.nodes.nameOf(node);
    if (volume === NONE) fail("EACCES", `node ${name} refused the IO token for ${token.volume}: it holds no volume of that name`);
    const first = Math.floor(token.offset / CLUSTER_CHUNK_SIZE);
    const last = Math.min(Math.floor((token.offset + Math.max(token.length, 1) - 1) / CLUSTER_CHUNK_SIZE), Math.ceil(this.volumeSize[volume]! / CLUSTER_CHUNK_SIZE) - 1);
    for (let index = first; index <= last; index++) {
      if (this.replicaNodes(volume, index).includes(node) || this.stores.get(node, chunkKey(token.volume, index)) !== undefined) return;
    }
    const holders = this.replicaNodes(volume, first).map((n) => this.topology.nodes.nameOf(n));
    fail("EACCES", `node ${name} refused the IO token for ${token.volume}: it holds no chunk the token covers (chunk ${first} is on ${holders.join(",") || "no node"})`, holders.length > 0 ? `present it to a node that holds it: --sds ${holders[0]}` : undefined);
  }

  /** The node holding the first copy of a token's first chunk: the one an IO would present it to. */
  private primaryOf(token: IoToken): number {
    const index = Math.floor(token.offset / CLUSTER_CHUNK_SIZE);
    const node = this.replicaNodes(this.volumes.find(token.volume), index)[0];
    if (node === undefined) fail("ENOENT", `no storage node holds chunk ${index} of ${token.volume}`, "add nodes to its pool, or present the token to one with --sds <node>");
    return node;
  }

  /** The token as text, remembered as the last one handed out. */
  encode(token: IoToken): string {
    return this.tokens.encode(token);
  }

  // The data path

  private replicaNodes(volume: number, index: number): number[] {
    return this.topology.replicasOf(this.topology.shardFor(this.volumePool[volume]!, this.volumes.nameOf(volume), index));
  }

  write(name: string, offset: number, data: Uint8Array, context: IoContext): void {
    const volume = this.volumes.find(name);
    this.checkRange(volume, "write", offset, data.length);
    const client = this.clientFor(volume, "write", context);
    const request: IoRequest = { volume: name, op: "write", offset, length: data.length, client: this.topology.clients.nameOf(client) };
    const token = this.tokens.forIo(request, this.volumeSize[volume]!);
    const pool = this.volumePool[volume]!;
    const eventual = CONSISTENCY_LEVELS[this.topology.consistency[pool]!] !== "strong";
    const touched = this.touchedChunks(volume, offset, data.length);
    this.checkRoom(name, touched);
    // Everything that can refuse the write does so before any copy changes: all or nothing.
    const sources = touched.map(({ index }) => this.versions.currentCopy(pool, chunkKey(name, index)));
    const verified = new Set<number>();
    for (const { nodes } of touched) for (const node of nodes) if (!verified.has(node)) (this.verifyToken(token, request, node, verified.size === 0), verified.add(node));
    touched.forEach(({ index, shard, nodes }, t) => {
      const key = chunkKey(name, index);
      const direct = nodes.map((_, i) => i === 0 || !eventual || this.versions.deferred.length + i > PENDING_UPDATE_MAX);
      this.bringUpToDate(key, sources[t], nodes, direct);
      const base = this.versions.of(key);
      const version = ++this.topology.versions[shard]!;
      const start = Math.max(offset, index * CLUSTER_CHUNK_SIZE);
      const end = Math.min(offset + data.length, (index + 1) * CLUSTER_CHUNK_SIZE);
      const slice = data.subarray(start - offset, end - offset);
      const inner = start - index * CLUSTER_CHUNK_SIZE;
      nodes.forEach((node, i) => {
        if (direct[i]) this.stores.apply(node, key, inner, slice, version);
        else this.defer({ dueMs: this.clock.now() + REPLICA_LAG_MS, node, key, shard, inner, data: slice.slice(), version, base }, i);
      });
      this.versions.commit(key, version);
      this.seen[client]!.set(key, version);
    });
    this.io.count("write", data.length, this.clock.now());
    this.reports.checkCapacity(pool);
  }

  /**
   * Before a write, gives every target a current copy of the chunk (from `source`) unless it has
   * one, or (for a deferred update) will have one once its queued updates land.
   */
  private bringUpToDate(key: string, source: number | undefined, targets: readonly number[], direct: readonly boolean[]): void {
    const stale = targets.filter((node, i) => !this.versions.usable(node, key, !direct[i]));
    if (stale.length === 0) return;
    assert(source !== undefined, `a write of ${key} found no current copy to build on`);
    const chunk = this.stores.get(source, key)!;
    for (const node of stale) this.stores.put(node, key, chunk);
  }

  read(name: string, offset: number, length: number, context: IoContext, snapshot?: string): Uint8Array {
    const volume = this.volumes.find(name);
    this.checkRange(volume, "read", offset, length, snapshot);
    const client = this.clientFor(volume, "read", context);
    const request: IoRequest = { volume: name, op: "read", offset, length, client: this.topology.clients.nameOf(client) };
    const token = this.tokens.forIo(request, this.volumeSize[volume]!);
    const pool = this.volumePool[volume]!;
    const level = CONSISTENCY_LEVELS[this.topology.consistency[pool]!];
    const out = new Uint8Array(length);
    const verified = new Set<number>();
    for (let index = Math.floor(offset / CLUSTER_CHUNK_SIZE); length > 0 && index <= Math.floor((offset + length - 1) / CLUSTER_CHUNK_SIZE); index++) {
      const key = chunkKey(snapshot === undefined ? name : `${name}@${snapshot}`, index);
      const node = this.readSource(pool, key, level, client);
      if (node === undefined) continue; // never written: zeros
      if (!verified.has(node)) (this.verifyToken(token, request, node, verified.size === 0), verified.add(node));
      const chunk = this.stores.get(node, key)!;
      const start = Math.max(offset, index * CLUSTER_CHUNK_SIZE);
      const end = Math.min(offset + length, (index + 1) * CLUSTER_CHUNK_SIZE);
      out.set(chunk.bytes.subarray(start - index * CLUSTER_CHUNK_SIZE, end - index * CLUSTER_CHUNK_SIZE), start - offset);
      if (level === "causal") this.seen[client]!.set(key, Math.max(this.seen[client]!.get(key) ?? 0, chunk.version));
    }
    this.io.count("read", length, this.clock.now());
    return out;
  }

  /**
   * The copy a read uses, among current ones: strong the first; eventual any, lagging ones
   * included; causal any not older than the client has seen. Undefined: never written (zeros).
   */
  private readSource(pool: number, key: string, level: string | undefined, client: number): number | undefined {
    if (this.versions.of(key) === 0) return undefined;
    if (level === "strong") return this.versions.currentCopy(pool, key);
    const copies = this.versions.usableCopies(pool, key, true);
    if (copies.length === 0) this.versions.unreadable(pool, key);
    const pick = copies[this.rng.nextBelow(copies.length)]!;
    const seen = this.seen[client]!.get(key) ?? 0;
    return level === "causal" && this.stores.get(pick, key)!.version < seen ? this.versions.currentCopy(pool, key) : pick;
  }

  /** An IO's range against the volume's (or snapshot's) size, before anything else is asked. */
  private checkRange(volume: number, op: "read" | "write", offset: number, length: number, snapshot?: string): void {
    const name = this.volumes.nameOf(volume);
    const size = snapshot === undefined ? this.volumeSize[volume]! : this.snapshots.sizeOf(volume, snapshot);
    if (!(Number.isSafeInteger(offset) && offset >= 0 && Number.isSafeInteger(length) && length >= 0)) fail("EINVAL", `bad ${op} range: offset ${offset}, length ${length}`);
        if (length > IO_LENGTH_MAX) fail("EINVAL", `${op} of ${formatBytes(length)} is over the ${formatBytes(IO_LENGTH_MAX)} limit of one IO (IO_LENGTH_MAX)`);
    if (offset + length > size) fail("EINVAL", `${op} of ${formatBytes(length)} at ${formatBytes(offset)} is beyond the end of ${name}${snapshot === undefined ? "" : `@${snapshot}`} (${formatBytes(size)})`);
  }

  /** The chunks an IO touches with the reachable replica nodes that take writes; EIO below the minimum. */
  private touchedChunks(volume: number, offset: number, length: number): { index: number; shard: number; nodes: number[] }[] {
    const name = this.volumes.nameOf(volume);
    const pool = this.volumePool[volume]!;
    const shards = this.topology.shardsOf(pool);
    const touched: { index: number; shard: number; nodes: number[] }[] = [];
    if (length === 0) return touched;
    for (let index = Math.floor(offset / CLUSTER_CHUNK_SIZE); index <= Math.floor((offset + length - 1) / CLUSTER_CHUNK_SIZE); index++) {
      const shard = this.topology.shardFor(pool, name, index, shards);
      const nodes = this.topology.replicasOf(shard).filter((node) => this.health.reachable(node));
      if (nodes.length < this.topology.minCopies[pool]!) fail("EIO", `shard ${shard} of '${name}' has ${nodes.length} reachable copies; the pool needs ${this.topology.minCopies[pool]} to accept writes`, "recover nodes, or wait for the rebuild");
      touched.push({ index, shard, nodes });
    }
    return touched;
  }

  ioHistory(): number[] {
    return this.io.history(this.clock.now());
  }

  ioStats(): ReturnType<IoMeter["stats"]> {
    return this.io.stats(this.clock.now());
  }

  private checkRoom(name: string, touched: readonly { index: number; nodes: number[] }[]): void {
    const needed = new Map<number, number>();
    for (const { index, nodes } of touched) for (const node of nodes) if (this.stores.needsChunk(node, chunkKey(name, index))) needed.set(node, (needed.get(node) ?? 0) + 1);
    for (const [node, more] of needed) this.stores.checkRoom(node, more);
  }

  /** Queues a secondary copy's update for REPLICA_LAG_MS later (eventual and causal pools). */
  private defer(update: DeferredUpdate, replica: number): void {
    this.versions.deferred.push(update);
    this.topology.replicaStates[update.shard * COPIES_MAX + replica] = ReplicaState.Syncing;
    this.scheduleApply();
  }

  private scheduleApply(): void {
    const next = this.versions.deferred[0];
    if (next === undefined || this.pendingTimerMs >= 0) return;
    this.pendingTimerMs = next.dueMs;
    this.clock.schedule(next.dueMs, () => {
      this.pendingTimerMs = -1;
      for (const shard of this.versions.applyDue(this.clock.now(), (node) => this.topology.nodes.used[node] === 1 && this.health.reachable(node))) {
        this.topology.replicaStates.fill(ReplicaState.Healthy, shard * COPIES_MAX, (shard + 1) * COPIES_MAX);
      }
      this.scheduleApply();
    });
  }

  // Snapshots (distributed-snapshots.ts)

  /** Runs `each(node, index)` for every chunk index of the volume on every node of its shard. */
  private forEachCopy(volume: number, each: (node: number, index: number) => void): void {
    for (let index = 0; index * CLUSTER_CHUNK_SIZE < this.volumeSize[volume]!; index++) for (const node of this.replicaNodes(volume, index)) each(node, index);
  }

  snapshotCreate(name: string, snapshot: string): void {
    this.snapshots.create(this.volumes.find(name), snapshot);
  }

  snapshotDelete(name: string, snapshot: string): void {
    this.snapshots.delete(this.volumes.find(name), snapshot);
    this.reports.checkAlerts();
  }

  snapshotRestore(name: string, snapshot: string): number {
    const sizeBytes = this.snapshots.restore(this.volumes.find(name), snapshot);
    this.reports.checkAlerts();
    return sizeBytes;
  }

  snapshotList(name: string): SnapshotInfo[] {
    return this.snapshots.list(this.volumes.find(name));
  }

  snapshotRead(name: string, snapshot: string, offset: number, length: number, context: IoContext): Uint8Array {
    return this.read(name, offset, length, context, snapshot);
  }

  /**
   * Where each written chunk of a volume lives: its placed nodes and, when no reachable copy can
   * serve it, the nodes holding its current version (placed or not, reachable or not).
   */
  chunkLocations(name: string): { index: number; shard: number; nodes: string[]; currentOnly?: string[] }[] {
    const volume = this.volumes.find(name);
    const pool = this.volumePool[volume]!;
    return this.allocatedRanges(name).flatMap(([start, end]) => {
      const rows: { index: number; shard: number; nodes: string[]; currentOnly?: string[] }[] = [];
      for (let index = start / CLUSTER_CHUNK_SIZE; index * CLUSTER_CHUNK_SIZE < end; index++) {
        const shard = this.topology.shardFor(pool, name, index);
        const key = chunkKey(name, index);
        const stranded = this.versions.of(key) > 0 && this.versions.usableCopies(pool, key, true).length === 0;
        const currentOnly = stranded ? this.versions.holders(pool, key).map((n) => `${this.topology.nodes.nameOf(n)}: ${this.health.nodes.stateText(n)}`) : undefined;
        rows.push({ index, shard, nodes: this.topology.replicasOf(shard).map((n) => this.topology.nodes.nameOf(n)), ...(currentOnly === undefined ? {} : { currentOnly }) });
      }
      return rows;
    });
  }

  nodeUsage(node: number): number {
    return this.stores.count(node) * CLUSTER_CHUNK_SIZE;
  }

  volumeNames(): string[] {
    return this.volumes.slots().map((v) => this.volumes.nameOf(v));
  }

  // Persistence

  toJSON(): SavedCluster {
    const t = this.topology;
    const versions = this.versions.toJSON();
    return {
      tokens: this.tokens.toJSON(),
      domains: t.domains.slots().map((slot) => [slot, t.domains.nameOf(slot)]),
      pools: t.pools.slots().map((slot) => ({ slot, key: t.pools.nameOf(slot), domain: t.poolDomain[slot]!, copies: t.copies[slot]!, minCopies: t.minCopies[slot]!, consistency: t.consistency[slot]! })),
      nodes: t.nodes.slots().map((slot) => ({ slot, name: t.nodes.nameOf(slot), pool: t.nodePool[slot]!, capacity: t.capacity[slot]!, media: t.media[slot]!, faultSet: t.faultSets[slot]! })),
      clients: t.clients.slots().map((slot) => [slot, t.clients.nameOf(slot)]),
      shardPool: Array.from(t.shardPool),
      replicas: Array.from(t.replicas),
      replicaStates: Array.from(t.replicaStates),
      versions: Array.from(t.versions),
      volumes: this.volumes.slots().map((slot) => ({ slot, name: this.volumes.nameOf(slot), pool: this.volumePool[slot]!, size: this.volumeSize[slot]! })),
      snapshots: this.snapshots.toJSON(),
      mappings: this.mappingsOf(undefined, undefined).map((m) => [m, this.mapVolume[m]!, this.mapClient[m]!, this.mapReadOnly[m]!]),
      chunks: this.stores.toJSON(),
      seen: this.seen.map((map) => [...map.entries()]),
      pending: versions.deferred,
      committed: versions.committed,
      pendingTimerMs: this.pendingTimerMs,
      io: this.io.toJSON(),
      health: this.health.toJSON(),
      rebuild: this.rebuilder.toJSON(),
      timers: [this.beatTimerMs, this.rebuildTimerMs],
      draining: Array.from(this.draining),
    };
  }

  restore(saved: SavedCluster): void {
    const t = this.topology;
    this.tokens.restore(saved.tokens);
    this.health.restore(saved.health);
    this.rebuilder.restore(saved.rebuild);
    this.draining.set(saved.draining);
    this.io.restore(saved.io);
    for (const [slot, name] of saved.domains) t.domains.allocateAt(slot, name);
    for (const p of saved.pools) {
      t.pools.allocateAt(p.slot, p.key);
      t.poolDomain[p.slot] = p.domain;
      t.copies[p.slot] = p.copies;
      t.minCopies[p.slot] = p.minCopies;
      t.consistency[p.slot] = p.consistency;
    }
    for (const n of saved.nodes) {
      t.nodes.allocateAt(n.slot, n.name);
      t.nodePool[n.slot] = n.pool;
      t.capacity[n.slot] = n.capacity;
      t.media[n.slot] = n.media;
      t.faultSets[n.slot] = n.faultSet;
    }
    for (const [slot, name] of saved.clients) t.clients.allocateAt(slot, name);
    t.shardPool.set(saved.shardPool);
    t.replicas.set(saved.replicas);
    t.replicaStates.set(saved.replicaStates);
    t.versions.set(saved.versions);
    for (const v of saved.volumes) {
      // A size past the limit would have every walk over the volume's chunks run for hours.
      if (!(Number.isSafeInteger(v.size) && v.size > 0 && v.size <= VOLUME_SIZE_MAX)) fail("EINVAL", `distributed volume '${v.name}' has size ${v.size}, not 1..${VOLUME_SIZE_MAX} bytes (VOLUME_SIZE_MAX)`);
      this.volumes.allocateAt(v.slot, v.name);
      this.volumePool[v.slot] = v.pool;
      this.volumeSize[v.slot] = v.size;
    }
    this.snapshots.load(saved.snapshots);
    for (const [m, volume, client, readOnly] of saved.mappings) {
      this.mapVolume[m] = volume;
      this.mapClient[m] = client;
      this.mapReadOnly[m] = readOnly;
    }
    this.stores.restore(saved.chunks);
    saved.seen.forEach((entries, client) => entries.forEach(([key, version]) => this.seen[client]!.set(key, version)));
    this.versions.restore(saved.committed, saved.pending, t.nodes.slots());
    this.scheduleApply(); // the pending timer was due at the first update's time, as now
    this.restoreTimers(saved.timers);
  }
}

export interface SavedCluster {
  readonly tokens: SavedTokens;
  readonly domains: [number, string][];
  readonly pools: { slot: number; key: string; domain: number; copies: number; minCopies: number; consistency: number }[];
  readonly nodes: { slot: number; name: string; pool: number; capacity: number; media: number; faultSet: string }[];
  readonly clients: [number, string][];
  readonly shardPool: number[];
  readonly replicas: number[];
  readonly replicaStates: number[];
  readonly versions: number[];
  readonly volumes: { slot: number; name: string; pool: number; size: number }[];
  readonly snapshots: ReturnType<DistributedSnapshots["toJSON"]>;
  readonly mappings: [number, number, number, number][];
  readonly chunks: ReturnType<NodeStores["toJSON"]>;
  readonly seen: [string, number][][];
  readonly pending: SavedUpdate[];
  readonly committed?: [string, number][]; // absent in snapshots from before committed versions
  readonly pendingTimerMs: number;
  readonly health: ReturnType<ClusterHealth["toJSON"]>;
  readonly rebuild: number[];
  readonly timers: number[];
  readonly draining: number[];
  readonly io: number[];
}
