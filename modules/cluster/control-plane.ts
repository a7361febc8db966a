// The control plane of the MDM: pools, storage nodes (SDS) and clients (SDC) joining, changing,
// failing, recovering and leaving, and the two timers that keep the cluster in shape: the
// heartbeat (health.ts notices missed beats) and the throttled rebuild (rebuild.ts), which moves
// data after every change of placement. A graceful node removal drains it first (`draining`)
// and drops it when it holds nothing. Domains are topology.ts's own; volumes and mappings are
// volume-table.ts.
//
// A node's membership is a state machine declared as data (MEMBERSHIP_MACHINE): drain: serving ->
// draining (sds remove); leave: draining -> serving (it held nothing more and left; the slot is
// free for the next node).

import { fail } from "../../src/errors.js";
import { defineMachine, transition } from "../../src/state-machine.js";
import type { Clock } from "../../src/clock.js";
import type { PerformanceSink } from "../../src/ports.js";
import { CLUSTER_CHUNK_SIZE, CLUSTER_VOLUME_CHUNKS_MAX, NODE_CAPACITY_MAX, REBUILD_AFTER_MS, REBUILD_BANDWIDTH, REBUILD_TICK_MS } from "../../src/limits.js";
import type { IntMap } from "../../src/table/int-map.js";
import { formatBytes, formatDuration, formatSize } from "../../src/units.js";
import { ClusterHealth, Condition, NodeState } from "./health.js";
import { CHUNK_ADDRESS_COUNT, chunkAddress, NO_SNAPSHOT } from "./chunk-address.js";
import type { NodeStores } from "./node-store.js";
import { JobHistory, type JobKind } from "./job-history.js";
import { planRebalance } from "./rebalance.js";
import type { Rebuilder } from "./rebuild.js";
import type { ClusterReports } from "./reports.js";
import { countOf, MEDIA, type PoolSpec, type Topology } from "./topology.js";
import { NONE, type VolumeTable } from "./volume-table.js";

/** What the control plane works on, built once by the manager. */
export interface ControlPlaneParts {
  readonly clock: Clock;
  readonly topology: Topology;
  readonly table: VolumeTable;
  readonly stores: NodeStores;
  readonly health: ClusterHealth;
  readonly rebuilder: Rebuilder;
  readonly reports: ClusterReports;
  readonly seen: IntMap; // the data path's causal table, cleared with a client
  readonly draining: Uint8Array; // MEMBERSHIP_STATES by node, shared with the rebuild
  readonly performance?: PerformanceSink; // rebuild throughput events
}

function checkNodeCapacity(capacityBytes: number): void {
  if (!(capacityBytes >= CLUSTER_CHUNK_SIZE && capacityBytes <= NODE_CAPACITY_MAX)) fail("EINVAL", `node capacity ${formatBytes(capacityBytes)} is out of range (${formatBytes(CLUSTER_CHUNK_SIZE)}..${formatBytes(NODE_CAPACITY_MAX)})`);
}

export const MEMBERSHIP_STATES = ["serving", "draining"] as const;
export const Membership = { Serving: 0, Draining: 1 } as const;
const MEMBERSHIP_MACHINE = defineMachine("storage node", MEMBERSHIP_STATES, {
  drain: { from: [Membership.Serving], to: Membership.Draining },
  leave: { from: [Membership.Draining], to: Membership.Serving },
});

export class ControlPlane {
  readonly draining: Uint8Array; // MEMBERSHIP_STATES: 1 while a graceful removal is under way
  readonly jobs = new JobHistory(); // the copying's finished jobs, and the kind of the one under way
  private beatTimerMs = -1;
  private rebuildTimerMs = -1;

  constructor(private readonly parts: ControlPlaneParts) {
    this.draining = parts.draining;
  }

  // Pools and nodes

  addPool(key: string, spec: PoolSpec): void {
    this.parts.topology.addPool(key, spec);
  }

  deletePool(key: string): void {
    const { table, topology, health, clock } = this.parts;
    const pool = topology.pools.find(key);
    const volume = table.volumes.slots().find((v) => table.volumePool[v] === pool);
    if (volume !== undefined) fail("EBUSY", `pool '${key}' holds volume '${table.volumes.nameOf(volume)}'`);
    topology.deletePool(key);
    health.resolveWhere((a) => a.source === key, "auto", clock.now()); // nothing left to warn about
  }

  addNode(name: string, pool: string, capacityBytes: number, media: string, faultSet: string): number {
    const { topology, health, clock } = this.parts;
    checkNodeCapacity(capacityBytes);
    const moves = topology.addNode(name, pool, capacityBytes, MEDIA.indexOf(media as (typeof MEDIA)[number]), faultSet);
    health.nodes.join(topology.nodes.find(name), clock.now(), name);
    health.raise("INFO", "node", name, `storage node ${name} joined ${pool} (${formatBytes(capacityBytes)})`, clock.now());
    this.scheduleBeat();
    this.parts.reports.checkAlerts(); // more capacity, more copies possible
    this.wakeRebuild("rebalance"); // data follows the new placement in the background, throttled
    return moves.length === 0 ? 0 : this.parts.rebuilder.chunksToCopy(this.parts.rebuilder.pending());
  }

  /** Changes a node's capacity, which is its placement weight; shards are re-placed and data follows. */
  setNodeCapacity(name: string, capacityBytes: number): number {
    const node = this.parts.topology.nodes.find(name);
    checkNodeCapacity(capacityBytes);
    if (capacityBytes < this.nodeUsage(node)) fail("EBUSY", `node '${name}' holds ${formatBytes(this.nodeUsage(node))}, more than ${formatBytes(capacityBytes)}`, "remove data or choose a larger capacity");
    this.parts.topology.capacity[node] = capacityBytes;
    this.afterChange("rebalance");
    return this.parts.rebuilder.chunksToCopy(this.parts.rebuilder.pending());
  }

  nodeUsage(node: number): number {
    return this.parts.stores.count(node) * CLUSTER_CHUNK_SIZE;
  }

  /** Points a shard's replica at another node by hand; its data follows in the background. */
  migrateShard(shard: number, fromName: string, toName: string): void {
    const { topology, health } = this.parts;
    const from = topology.nodes.find(fromName);
    const to = topology.nodes.find(toName);
    const replicas = topology.replicasOf(shard);
    if (topology.shardPool[shard] === NONE || shard >= topology.shardPool.length) fail("ENOENT", `no shard ${shard} in any pool`);
    if (!replicas.includes(from)) fail("EINVAL", `shard ${shard} has no replica on ${fromName}`, `its replicas: ${replicas.map((n) => topology.nodes.nameOf(n)).join(", ")}`);
    if (replicas.includes(to)) fail("EEXIST", `shard ${shard} already has a replica on ${toName}`);
    if (topology.nodePool[to] !== topology.shardPool[shard]) fail("EINVAL", `${toName} is not in the shard's pool`);
    if (!health.reachable(to)) fail("EBUSY", `${toName} is not reachable`);
    const faultSet = topology.faultSets[to]!;
    if (faultSet !== "" && replicas.some((n) => n !== from && topology.faultSets[n] === faultSet)) fail("EINVAL", `another copy of shard ${shard} is already in fault set ${faultSet}`);
    topology.setReplicas(shard, replicas.map((n) => (n === from ? to : n)));
    this.wakeRebuild("rebalance");
  }

  /** Plans (and unless `dryRun`, applies) the moves that bring replicas per node within `targetRatio` of the mean. */
  rebalance(poolName: string, targetRatio: number, dryRun: boolean): { shard: number; from: string; to: string; bytes: number }[] {
    const { topology } = this.parts;
    const pool = topology.pools.find(poolName);
    const moves = planRebalance(topology, pool, targetRatio, (n) => this.parts.health.reachable(n));
    if (!dryRun) {
      for (const move of moves) topology.setReplicas(move.shard, topology.replicasOf(move.shard).map((n) => (n === move.from ? move.to : n)));
      this.wakeRebuild("rebalance");
    }
    const chunksPerShard = new Map<number, number>();
    for (const key of this.parts.rebuilder.survey().keys()) {
      const shard = this.parts.table.shardOfKey(key);
      chunksPerShard.set(shard, (chunksPerShard.get(shard) ?? 0) + 1);
    }
    return moves.map((m) => ({
      shard: m.shard,
      from: topology.nodes.nameOf(m.from),
      to: topology.nodes.nameOf(m.to),
      bytes: (chunksPerShard.get(m.shard) ?? 0) * CLUSTER_CHUNK_SIZE,
    }));
  }

  /**
   * Graceful removal: the node leaves placement at once and drains in the background (throttled,
   * with progress in `rebuildStatus`); it leaves the cluster when it holds nothing more. Refused
   * if the rest cannot hold every copy. Returns the chunk copies to move off it.
   */
  removeNode(name: string): number {
    const { topology, stores } = this.parts;
    const node = topology.nodes.find(name);
    const pool = topology.nodePool[node]!;
    const others = topology.nodesOf(pool).filter((n) => n !== node && this.draining[n] === Membership.Serving).length;
    if (stores.count(node) > 0 && others < topology.copies[pool]!) {
      fail("EBUSY", `node '${name}' holds data and only ${countOf(others, "other node")} would remain for ${topology.copies[pool]} copies`, "add a node first");
    }
    if (!this.parts.health.reachable(node)) fail("EBUSY", `node '${name}' is not reachable; a graceful removal drains it first`, `cluster sds recover ${name}, then remove it`);
    if (this.draining[node] === Membership.Draining) fail("EBUSY", `node '${name}' is already draining`, "see cluster jobs");
    this.draining[node] = transition(MEMBERSHIP_MACHINE, name, this.draining[node]!, "drain");
    stores.cleanArchived(node); // they would leave with it
    this.afterChange("drain");
    const toMove = stores.count(node);
    this.finishDrains();
    return toMove;
  }

  /** Removes draining nodes that hold nothing any more. */
  private finishDrains(): void {
    const { topology, stores, health, clock } = this.parts;
    for (const node of topology.nodes.slots()) {
      if (this.draining[node] === Membership.Serving || stores.count(node) > 0) continue;
      const name = topology.nodes.nameOf(node);
      this.draining[node] = transition(MEMBERSHIP_MACHINE, name, this.draining[node]!, "leave");
      topology.removeNode(name);
      stores.clear(node);
      health.nodes.join(node, clock.now(), name);
      health.resolveWhere((a) => a.source === name, "auto", clock.now());
      health.raise("INFO", "node", name, `storage node ${name} drained and left the cluster`, clock.now());
      this.parts.reports.checkAlerts(); // the pool lost the node's capacity
    }
  }

  // Failures: a crash (copies vanish from the data path), a partition (alive but cut off), and
  // recovery. The MDM notices through missed heartbeats (health.ts); rebuild.ts repairs.

  failNode(name: string, how: "crash" | "partition"): void {
    const node = this.parts.topology.nodes.find(name);
    this.parts.health.nodes.setCondition(node, how === "crash" ? Condition.Crashed : Condition.Partitioned, name, `cluster sds recover ${name}`);
    this.afterChange("rebuild");
  }

  recoverNode(name: string): void {
    const node = this.parts.topology.nodes.find(name);
    const replaced = this.replacedByRebuild(node);
    this.parts.health.nodes.setCondition(node, Condition.Running, name, "");
    if (replaced) this.parts.rebuilder.archiveStale(node); // what went stale while it was away no longer counts
    this.afterChange("rebuild");
  }

  /** Whether the node is DOWN past the rebuild interval: out of placement, its copies re-created elsewhere. */
  private replacedByRebuild(node: number): boolean {
    const { health, clock } = this.parts;
    return health.states[node] === NodeState.Down && clock.now() - health.downSinceMs[node]! >= REBUILD_AFTER_MS;
  }

  /** Deletes archived copies (on one node, or everywhere); returns the bytes freed. */
  cleanArchive(nodeName?: string): number {
    const { topology } = this.parts;
    const nodes = nodeName === undefined ? topology.nodes.slots() : [topology.nodes.find(nodeName)];
    const chunks = nodes.reduce((n, node) => n + this.parts.stores.cleanArchived(node), 0);
    this.parts.reports.checkAlerts();
    return chunks * CLUSTER_CHUNK_SIZE;
  }

  /** Flips a byte of one copy, as a faulty write would, checksum and all (for scrub tests and demos). */
  corrupt(nodeName: string, volume: string, offset: number): void {
    const node = this.parts.topology.nodes.find(nodeName);
    const { table } = this.parts;
    const index = Math.floor(offset / CLUSTER_CHUNK_SIZE);
    const address = table.volumes.has(volume) && index < CLUSTER_VOLUME_CHUNKS_MAX ? chunkAddress(table.volumes.find(volume), NO_SNAPSHOT, index) : -1;
    if (address < 0 || !this.parts.stores.has(node, address)) fail("ENOENT", `node ${nodeName} holds no copy of ${volume} at ${offset}`);
    const byte = new Uint8Array(1);
    this.parts.stores.read(node, address, offset % CLUSTER_CHUNK_SIZE, 1, byte, 0);
    byte[0]! ^= 0xff;
    this.parts.stores.overwrite(node, address, offset % CLUSTER_CHUNK_SIZE, byte); // its checksum follows: only a scrub's comparison finds it
  }

  /** Re-places shards (leaving out nodes DOWN past the rebuild interval), checks alerts, wakes the rebuild (a job of `kind`). */
  private afterChange(kind: JobKind): void {
    const { topology, health } = this.parts;
    for (const pool of topology.pools.slots()) {
      const excluded = new Set(topology.nodesOf(pool).filter((n) => this.draining[n] === Membership.Draining || (!health.reachable(n) && this.replacedByRebuild(n))));
      topology.replace(pool, excluded);
    }
    this.parts.reports.checkAlerts();
    this.wakeRebuild(kind);
  }

  // Clients

  addClient(name: string): void {
    const client = this.parts.topology.clients.allocate(name);
    this.parts.health.clients.join(client, this.parts.clock.now(), name);
    this.scheduleBeat();
  }

  /** Cuts a client off from the MDM and the nodes (its IO fails), or connects it again. */
  setClientConnected(name: string, connected: boolean): void {
    const client = this.parts.topology.clients.find(name);
    this.parts.health.clients.setCondition(client, connected ? Condition.Running : Condition.Partitioned, name, `cluster sdc reconnect ${name}`);
  }

  removeClient(name: string): void {
    const { topology, health, clock } = this.parts;
    const client = topology.clients.find(name);
    if (this.parts.table.mappingsOf(undefined, client).length > 0) fail("EBUSY", `client '${name}' has mapped volumes`, "unmap them first");
    this.parts.seen.forEach((key) => {
      if (Math.floor(key / CHUNK_ADDRESS_COUNT) === client) this.parts.seen.delete(key);
    });
    health.clients.join(client, clock.now(), name); // a clean slot for the next client
    health.resolveWhere((a) => a.category === "client" && a.source === name, "auto", clock.now());
    topology.clients.free(client);
  }

  // Timers: the heartbeat and the rebuild step. They are not saved as callbacks, only as the
  // times they were due, and scheduled again on restore.

  timers(): number[] {
    return [this.beatTimerMs, this.rebuildTimerMs];
  }

  /** Schedules again for the times they were due (a beat even with no node left, as it was). */
  restoreTimers(timers: readonly number[]): void {
    if ((timers[0] ?? -1) >= 0) this.scheduleBeat(timers[0], true);
    if ((timers[1] ?? -1) >= 0) this.scheduleRebuild(timers[1]!);
  }

  private scheduleBeat(atMs = ClusterHealth.nextBeat(this.parts.clock.now()), restoring = false): void {
    const { topology, health, clock } = this.parts;
    if (this.beatTimerMs >= 0 || (!restoring && topology.nodes.count() + topology.clients.count() === 0)) return;
    this.beatTimerMs = atMs;
    clock.schedule(this.beatTimerMs, () => {
      this.beatTimerMs = -1;
      const changed = health.nodes.beat(topology.nodes.slots(), clock.now(), (n) => topology.nodes.nameOf(n));
      health.clients.beat(topology.clients.slots(), clock.now(), (c) => topology.clients.nameOf(c));
      const rebuildDue = topology.nodes.slots().some((n) => this.replacedByRebuild(n));
      if (changed.length > 0 || rebuildDue) this.afterChange("rebuild");
      this.scheduleBeat();
    });
  }

  /** Schedules a rebuild step when there are copies to make (a job of `kind`, or the one under way); with none, drops the copies placement no longer wants. */
  private wakeRebuild(kind?: JobKind): void {
    if (kind !== undefined) this.jobs.note(kind);
    if (this.rebuildTimerMs >= 0) return;
    const copies = this.parts.rebuilder.survey();
    if (this.parts.rebuilder.pending(copies).length === 0) {
      this.parts.rebuilder.dropUnwanted(copies);
      this.finishDrains(); // a drain that waited (for a node to return or be seen ACTIVE) ends with that drop
      this.jobs.end(); // nothing (more) to copy: the next change starts a new job
      return;
    }
    this.scheduleRebuild(this.parts.clock.now() + REBUILD_TICK_MS);
  }

  private scheduleRebuild(atMs: number): void {
    this.rebuildTimerMs = atMs;
    this.parts.clock.schedule(this.rebuildTimerMs, () => {
      this.rebuildTimerMs = -1;
      const { copied, finished } = this.parts.rebuilder.step(this.parts.clock.now());
      if (copied !== undefined) this.jobs.copied(copied);
      if (finished !== undefined) this.reportRebuild(finished);
      this.finishDrains();
      this.parts.reports.checkAlerts();
      this.wakeRebuild();
    });
  }

  /**
   * A finished rebuild: an INFO alert, and its throughput as a Performance audit event. The
   * copying time is the bytes at the rebuild bandwidth; the rebuild works in REBUILD_TICK_MS
   * steps, so it is done within a whole number of them.
   */
  private reportRebuild(finished: { bytes: number; ms: number }): void {
    const { health, clock } = this.parts;
    const copyingMs = Math.ceil((finished.bytes * 1000) / REBUILD_BANDWIDTH);
    this.jobs.finish(clock.now() - finished.ms, clock.now(), finished.bytes);
    const message = `rebuilt ${formatSize(finished.bytes)} at ${formatSize(REBUILD_BANDWIDTH)}/s: ${formatDuration(copyingMs)} of copying, done within ${formatDuration(finished.ms)} (steps of ${formatDuration(REBUILD_TICK_MS)})`;
    health.resolveWhere((a) => a.category === "rebuild", "auto", clock.now()); // the newest rebuild's notice replaces the last
    health.raise("INFO", "rebuild", "cluster", `rebuild finished: ${message}`, clock.now());
    this.parts.performance?.record({ action: "cluster.rebuild", object: "cluster", message });
  }
}
