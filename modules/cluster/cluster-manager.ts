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
//   node-store.ts        the copies each node holds, by stored chunk id; the bytes on its chunk device (sds/<node>)
//   saved-cluster.ts     the saved form (state.json) and its restore (saved-chunks.ts: the copies' part, no bytes)
//   cluster-parts.ts     builds the parts and wires them together, once
//   reports.ts           shard, health, scrub (scrub.ts) and rebuild reports; capacity and copy alerts
//   failed-copies.ts     copies a read found failing their checksum, counted against health until a scrub

import type { IoContext, SnapshotInfo, VolumeDataState } from "../../src/block.js";
import { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";
import type { ChunkDevices } from "../../src/chunks/chunk-device.js";
import type { Clock } from "../../src/clock.js";
import type { PerformanceSink } from "../../src/ports.js";
import type { Rng } from "../../src/rng.js";
import { buildCluster, type ClusterParts } from "./cluster-parts.js";
import { counterDrift } from "./counter-drift.js";
import { Membership, type ControlPlane } from "./control-plane.js";
import type { DataPath } from "./data-path.js";
import type { AlertSink, ClusterHealth } from "./health.js";
import type { IoMeter } from "./io-meter.js";
import type { FinishedJob, JobKind } from "./job-history.js";
import type { ClusterReports, RebuildReport, ShardRow, ShardSummary } from "./reports.js";
import { restoreCluster, saveCluster, type SavedCluster } from "./saved-cluster.js";
import type { TokenService } from "./token-service.js";
import type { IoRequest, IoToken } from "./tokens.js";
import type { PoolSpec, Topology } from "./topology.js";
import type { ChunkLocation, VolumeLifecycle } from "./volume-lifecycle.js";
import type { VolumeTable } from "./volume-table.js";

export class DistributedStorageManager {
  readonly topology: Topology;
  readonly health: ClusterHealth;
  private readonly parts: ClusterParts;
  private readonly reports: ClusterReports;
  private readonly control: ControlPlane;
  private readonly volumes: VolumeLifecycle;
  private readonly table: VolumeTable;
  private readonly dataPath: DataPath;
  private readonly tokens: TokenService;

  constructor(
    private readonly clock: Clock,
    rng: Rng,
    tokenSecret: Uint8Array, // the state directory's secret; the token signing key derives from it
    alerts?: AlertSink,
    performance?: PerformanceSink, // rebuild throughput events
    readonly chunks: ChunkDevices = new ChunkSpace(ChunkHost.inMemory()), // where the nodes' chunk bytes live (the kernel's; a manager built alone keeps them in memory)
  ) {
    this.parts = buildCluster(clock, rng, tokenSecret, chunks, alerts, performance);
    ({ topology: this.topology, health: this.health, reports: this.reports, control: this.control, volumes: this.volumes, table: this.table, dataPath: this.dataPath, tokens: this.tokens } = this.parts);
  }

  // Control plane (control-plane.ts)

  addDomain(name: string): void {
    this.topology.addDomain(name);
  }

  deleteDomain(name: string): void {
    this.topology.deleteDomain(name);
  }

  /** Resolves an active alert by hand: `by` is the user who did. */
  resolveAlert(id: number, by: string): void {
    this.health.resolve(id, by, this.clock.now());
  }

  addPool(key: string, spec: PoolSpec): void {
    this.control.addPool(key, spec);
  }

  deletePool(key: string): void {
    this.control.deletePool(key);
  }

  addNode(name: string, pool: string, capacityBytes: number, media: string, faultSet: string): number {
    return this.control.addNode(name, pool, capacityBytes, media, faultSet);
  }

  setNodeCapacity(name: string, capacityBytes: number): number {
    return this.control.setNodeCapacity(name, capacityBytes);
  }

  migrateShard(shard: number, fromName: string, toName: string): void {
    this.control.migrateShard(shard, fromName, toName);
  }

  rebalance(poolName: string, targetRatio: number, dryRun: boolean): { shard: number; from: string; to: string; bytes: number }[] {
    return this.control.rebalance(poolName, targetRatio, dryRun);
  }

  removeNode(name: string): number {
    return this.control.removeNode(name);
  }

  isDraining(node: number): boolean {
    return this.control.draining[node] === Membership.Draining;
  }

  failNode(name: string, how: "crash" | "partition"): void {
    this.control.failNode(name, how);
  }

  recoverNode(name: string): void {
    this.control.recoverNode(name);
  }

  cleanArchive(nodeName?: string): number {
    return this.control.cleanArchive(nodeName);
  }

  corrupt(nodeName: string, volume: string, offset: number): void {
    this.control.corrupt(nodeName, volume, offset);
  }

  addClient(name: string): void {
    this.control.addClient(name);
  }

  setClientConnected(name: string, connected: boolean): void {
    this.control.setClientConnected(name, connected);
  }

  removeClient(name: string): void {
    this.control.removeClient(name);
  }

  nodeUsage(node: number): number {
    return this.control.nodeUsage(node);
  }

  /** What a node holds: distinct chunks (thick ones never written included), its chunk files, and its chunk device (its folder under the state directory's chunks/). */
  nodeChunks(node: number): { chunks: number; files: number; device: string } {
    const { stores } = this.parts;
    return { chunks: stores.count(node), files: stores.fileCount(node), device: stores.device(node).name };
  }

  // Reports (reports.ts)

  shardRows(pool?: string): ShardRow[] {
    return this.reports.shardRows(pool);
  }

  shardSummary(pool?: string): ShardSummary {
    return this.reports.shardSummary(pool);
  }

  /** Runs the reports `read` asks with one survey of the chunks between them (reports.ts). */
  oneMoment<T>(read: () => T): T {
    return this.reports.oneMoment(read);
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

  /** The copying's finished jobs, newest first, and the kind of the one under way (job-history.ts). */
  jobs(): { running: JobKind | undefined; finished: FinishedJob[] } {
    return { running: this.control.jobs.running(), finished: this.control.jobs.list() };
  }

  /** Simulated time now: the views' heartbeat ages and job rates count from it. */
  now(): number {
    return this.clock.now();
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

  allocatedBytes(name: string): number {
    return this.volumes.allocatedBytes(name);
  }

  firstWrittenByte(name: string, offset: number): number {
    return this.volumes.firstWrittenByte(name, offset);
  }

  dataState(name: string): VolumeDataState {
    return this.volumes.dataState(name);
  }

  chunkCount(name: string): number {
    return this.volumes.chunkCount(name);
  }

  chunkLocations(name: string): ChunkLocation[] {
    return this.volumes.chunkLocations(name);
  }

  volumeNames(): string[] {
    return this.table.names();
  }

  /** A distributed volume's pool ("pd1/sp1") and size in bytes. */
  volumePlace(name: string): { pool: string; sizeBytes: number } {
    const volume = this.table.volumes.find(name);
    return { pool: this.topology.pools.nameOf(this.table.volumePool[volume]!), sizeBytes: this.table.volumeSize[volume]! };
  }

  map(volume: string, client: string, readOnly: boolean, allowMultiMap: boolean): void {
    this.table.map(volume, client, readOnly, allowMultiMap);
  }

  unmap(volume: string, client: string): void {
    this.table.unmap(volume, client);
  }

  hasClient(client: string): boolean {
    return this.topology.clients.has(client);
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

  snapshotNames(name: string): string[] {
    return this.volumes.snapshotNames(name);
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

  issueToken(request: IoRequest): IoToken {
    return this.dataPath.issueToken(request);
  }

  verifyToken(token: IoToken, request: IoRequest, node: number, spend = true): void {
    this.dataPath.verifyToken(token, request, node, spend);
  }

  presentToken(text: string, nodeName: string | undefined): { node: string; token: IoToken } {
    return this.dataPath.presentToken(text, nodeName);
  }

  encode(token: IoToken): string {
    return this.tokens.encode(token);
  }

  /** Where the kept counters and the reports read from them disagree with a recount the slow way (empty: none). Tests call it. */
  counterDrift(): string[] {
    return counterDrift(this.parts);
  }

  /** Which way the reports take now: from the counters (settled or standing), from the mask counts (copies behind), or a survey of every chunk. Tests count each. */
  reportsWay(): "settled" | "standing" | "masks" | "survey" {
    const { reports } = this.parts;
    return reports.settled() ? "settled" : reports.standing() ? "standing" : reports.masksTell() ? "masks" : "survey";
  }

  // Persistence (saved-cluster.ts)

  toJSON(): SavedCluster {
    return saveCluster(this.parts);
  }

  restore(saved: SavedCluster): void {
    this.parts.counters.invalidate(); // the tables change under the counters: recounted at the next report
    restoreCluster(this.parts, saved);
    this.parts.counters.invalidate();
  }
}
