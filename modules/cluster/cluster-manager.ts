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
//
// This file is the façade: it builds the parts once and hands each call to the one that owns it.
//   control-plane.ts     pools, nodes, clients, failures, drains, heartbeat and rebuild timers
//   volume-table.ts      the volume and mapping tables
//   volume-lifecycle.ts  create/resize/delete, snapshots, what a volume holds and where
//   data-path.ts         reads, writes and tokens; the causal `seen` table; the IO meter
//   lag-queue.ts         the eventual-consistency queue of secondary updates and its timer
//   saved-cluster.ts     the saved form (state.json) and its restore
//   reports.ts           shard, health, scrub and rebuild reports; capacity and copy alerts

import type { IoContext, SnapshotInfo, VolumeDataState } from "../../src/block.js";
import type { Clock } from "../../src/clock.js";
import { CLUSTER_CHUNK_SIZE } from "../../src/limits.js";
import type { PerformanceSink } from "../../src/ports.js";
import type { Rng } from "../../src/rng.js";
import { ChunkVersions } from "./chunk-versions.js";
import { ControlPlane } from "./control-plane.js";
import { DataPath } from "./data-path.js";
import { DistributedSnapshots } from "./distributed-snapshots.js";
import { ClusterHealth, type AlertSink } from "./health.js";
import type { IoMeter } from "./io-meter.js";
import { LagQueue } from "./lag-queue.js";
import { NodeStores } from "./node-store.js";
import { Rebuilder } from "./rebuild.js";
import { ClusterReports, type RebuildReport, type ShardRow, type ShardSummary } from "./reports.js";
import { restoreCluster, saveCluster, type ClusterState, type SavedCluster } from "./saved-cluster.js";
import { TokenService } from "./token-service.js";
import type { IoRequest, IoToken } from "./tokens.js";
import { Topology, type PoolSpec } from "./topology.js";
import { VolumeLifecycle, type ChunkLocation } from "./volume-lifecycle.js";
import { VolumeTable } from "./volume-table.js";

export type { SavedCluster } from "./saved-cluster.js";

export class DistributedStorageManager {
  readonly topology = new Topology();
  readonly health: ClusterHealth;
  private readonly table = new VolumeTable(this.topology);
  private readonly tokens: TokenService;
  private readonly reports: ClusterReports;
  private readonly control: ControlPlane;
  private readonly volumes: VolumeLifecycle;
  private readonly dataPath: DataPath;
  private readonly state: ClusterState;

  constructor(
    private readonly clock: Clock,
    rng: Rng,
    tokenSecret: Uint8Array, // the state directory's secret; the token signing key derives from it
    alerts?: AlertSink,
    performance?: PerformanceSink, // rebuild throughput events
  ) {
    const { topology, table } = this;
    const health = (this.health = new ClusterHealth(alerts));
    const tokens = (this.tokens = new TokenService(clock, rng, tokenSecret));
    const stores = new NodeStores((node) => Math.floor(topology.capacity[node]! / CLUSTER_CHUNK_SIZE), (node) => topology.nodes.nameOf(node));
    const versions = new ChunkVersions(stores, topology, health);
    const rebuilder = new Rebuilder(topology, stores, health, versions, (volume, index) => table.shardIfExists(volume, index));
    const snapshots = new DistributedSnapshots(stores, versions, {
      volumeName: (volume) => table.volumes.nameOf(volume),
      volumeSize: (volume) => table.volumeSize[volume]!,
      setVolumeSize: (volume, sizeBytes) => (table.volumeSize[volume] = sizeBytes),
      forEachCopy: (volume, each) => table.forEachCopy(volume, each),
      now: () => clock.now(),
    });
    const reports = (this.reports = new ClusterReports(topology, stores, health, rebuilder, versions, {
      now: () => clock.now(),
      shardOfKey: (key) => table.shardOfKey(key),
      nodeUsage: (node) => this.nodeUsage(node),
    }));
    const lag = new LagQueue(clock, topology, versions, health);
    this.dataPath = new DataPath({ clock, rng, topology, table, stores, versions, health, tokens, snapshots, reports, lag });
    this.control = new ControlPlane({ clock, topology, table, stores, health, rebuilder, reports, seen: this.dataPath.seen, performance });
    this.volumes = new VolumeLifecycle({ topology, table, stores, versions, health, tokens, snapshots, reports });
    this.state = { topology, tokens, table, snapshots, stores, versions, health, rebuilder, lag, dataPath: this.dataPath, control: this.control };
  }

  // Control plane (control-plane.ts)

  addPool(key: string, spec: PoolSpec): void {
    this.control.addPool(key, spec);
  }

  deletePool(key: string): void {
    this.control.deletePool(key);
  }

  addNode(name: string, pool: string, capacityBytes: number, media: string, faultSet: string): number {
    return this.control.addNode(name, pool, capacityBytes, media, faultSet);
  }

  /** Changes a node's capacity, which is its placement weight; shards are re-placed and data follows. */
  setNodeCapacity(name: string, capacityBytes: number): number {
    return this.control.setNodeCapacity(name, capacityBytes);
  }

  /** Points a shard's replica at another node by hand; its data follows in the background. */
  migrateShard(shard: number, fromName: string, toName: string): void {
    this.control.migrateShard(shard, fromName, toName);
  }

  /** Plans (and unless `dryRun`, applies) the moves that bring replicas per node within `targetRatio` of the mean. */
  rebalance(poolName: string, targetRatio: number, dryRun: boolean): { shard: number; from: string; to: string; bytes: number }[] {
    return this.control.rebalance(poolName, targetRatio, dryRun);
  }

  /** Graceful removal (drains first); returns the chunk copies to move off the node. */
  removeNode(name: string): number {
    return this.control.removeNode(name);
  }

  isDraining(node: number): boolean {
    return this.control.draining[node] === 1;
  }

  failNode(name: string, how: "crash" | "partition"): void {
    this.control.failNode(name, how);
  }

  recoverNode(name: string): void {
    this.control.recoverNode(name);
  }

  /** Deletes archived copies (on one node, or everywhere); returns the bytes freed. */
  cleanArchive(nodeName?: string): number {
    return this.control.cleanArchive(nodeName);
  }

  /** Flips a byte of one copy, as a failing disk would (for scrub tests and demos). */
  corrupt(nodeName: string, volume: string, offset: number): void {
    this.control.corrupt(nodeName, volume, offset);
  }

  addClient(name: string): void {
    this.control.addClient(name);
  }

  /** Cuts a client off from the MDM and the nodes (its IO fails), or connects it again. */
  setClientConnected(name: string, connected: boolean): void {
    this.control.setClientConnected(name, connected);
  }

  removeClient(name: string): void {
    this.control.removeClient(name);
  }

  nodeUsage(node: number): number {
    return this.control.nodeUsage(node);
  }

  // Reports (reports.ts)

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

  // Volumes and mappings (DistributedVolumes, for the storage module)

  createVolume(name: string, poolKey: string, sizeBytes: number, thick = false): void {
    this.volumes.create(name, poolKey, sizeBytes, thick);
  }

  deleteVolume(name: string): void {
    this.volumes.delete(name);
  }

  resizeVolume(name: string, sizeBytes: number): void {
    this.volumes.resize(name, sizeBytes);
  }

  allocatedRanges(name: string): [number, number][] {
    return this.volumes.allocatedRanges(name);
  }

  firstWrittenByte(name: string, offset: number): number {
    return this.volumes.firstWrittenByte(name, offset);
  }

  dataState(name: string): VolumeDataState {
    return this.volumes.dataState(name);
  }

  chunkLocations(name: string): ChunkLocation[] {
    return this.volumes.chunkLocations(name);
  }

  volumeNames(): string[] {
    return this.table.names();
  }

  map(volume: string, client: string, readOnly: boolean, allowMultiMap: boolean): void {
    this.table.map(volume, client, readOnly, allowMultiMap);
  }

  unmap(volume: string, client: string): void {
    this.table.unmap(volume, client);
  }

  mappings(): { volume: string; client: string; access: "ro" | "rw" }[] {
    return this.table.mappings();
  }

  mappedClients(name: string): string[] {
    return this.table.mappedClients(name);
  }

  snapshotCreate(name: string, snapshot: string): void {
    this.volumes.snapshotCreate(name, snapshot);
  }

  snapshotDelete(name: string, snapshot: string): void {
    this.volumes.snapshotDelete(name, snapshot);
  }

  snapshotRestore(name: string, snapshot: string): number {
    return this.volumes.snapshotRestore(name, snapshot);
  }

  snapshotList(name: string): SnapshotInfo[] {
    return this.volumes.snapshotList(name);
  }

  // The data path and tokens (data-path.ts)

  write(name: string, offset: number, data: Uint8Array, context: IoContext): void {
    this.dataPath.write(name, offset, data, context);
  }

  read(name: string, offset: number, length: number, context: IoContext, snapshot?: string): Uint8Array {
    return this.dataPath.read(name, offset, length, context, snapshot);
  }

  snapshotRead(name: string, snapshot: string, offset: number, length: number, context: IoContext): Uint8Array {
    return this.dataPath.read(name, offset, length, context, snapshot);
  }

  ioHistory(): number[] {
    return this.dataPath.io.history(this.clock.now());
  }

  ioStats(): ReturnType<IoMeter["stats"]> {
    return this.dataPath.io.stats(this.clock.now());
  }

  setTokenCache(enabled: boolean): void {
    this.tokens.setCache(enabled);
  }

  tokenCacheEnabled(): boolean {
    return this.tokens.cacheEnabled();
  }

  /** Signs only what the data path would let through: the volume, its mapping to the client, the access, the range. */
  issueToken(request: IoRequest): IoToken {
    return this.dataPath.issueToken(request);
  }

  /** What a storage node does with a presented token; `spend` false only checks it. */
  verifyToken(token: IoToken, request: IoRequest, node: number, spend = true): void {
    this.dataPath.verifyToken(token, request, node, spend);
  }

  presentToken(text: string, nodeName: string | undefined): { node: string; token: IoToken } {
    return this.dataPath.presentToken(text, nodeName);
  }

  /** The token as text, remembered as the last one handed out. */
  encode(token: IoToken): string {
    return this.tokens.encode(token);
  }

  // Persistence (saved-cluster.ts)

  toJSON(): SavedCluster {
    return saveCluster(this.state);
  }

  restore(saved: SavedCluster): void {
    restoreCluster(this.state, saved);
  }
}
