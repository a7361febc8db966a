// What the MDM reports about its cluster, computed from its tables: shard rows with the seed's
// seven replica states, one shard summary that every report counts from (status, health, the
// shard list, the dashboard, the data alerts), overall health with the checks that fail, the
// rebuild's progress and what it waits for, scrub results (scrub.ts), and the data and capacity alerts these
// imply. Alerts are rechecked after every change of usage or copies. Nothing here changes data.

import { CAPACITY_CRITICAL_PERCENT, CAPACITY_WARNING_PERCENT, CLUSTER_CHUNK_SIZE, DOWN_AFTER_MS, HEARTBEAT_MS, REBUILD_AFTER_MS, STALE_AFTER_MS } from "../../src/limits.js";
import type { ChunkVersions } from "./chunk-versions.js";
import { CONDITIONS, NODE_STATES, NodeState, type ClusterHealth } from "./health.js";
import type { NodeStores } from "./node-store.js";
import type { Rebuilder, RebuildStatus } from "./rebuild.js";
import { CopyMasks, type StateRow } from "./copy-masks.js";
import { copyText } from "./copy-names.js";
import type { FailedCopies } from "./failed-copies.js";
import { scrubChunks, type ScrubReport } from "./scrub.js";
import { SettledCluster } from "./settled.js";
import { SurveyedRows, type ShardRow, type Survey } from "./surveyed-rows.js";
import type { ShardCounters } from "./shard-counters.js";
import { countOf, REPLICA_STATES, ReplicaState, type Topology } from "./topology.js";

/** What reports read from the manager besides its tables. */
export interface ReportParts {
  now(): number;
  shardOfKey(key: number): number;
  keyText(key: number): string; // "volume#index", as reports name a chunk
  nodeUsage(node: number): number;
}

export type { ShardRow } from "./surveyed-rows.js";
export type { StateRow } from "./copy-masks.js";

/**
 * Rebuild progress, and what waits: unreachable nodes whose forward rebuild has not started, and
 * unreachable nodes holding the only current copy of chunks (no rebuild can copy those from elsewhere).
 */
export interface RebuildReport extends RebuildStatus {
  readonly waiting: readonly { node: string; state: string; shards: number; shardsWithData: number; bytes: number; startsMs: number }[];
  readonly blocked: readonly { nodes: string[]; chunks: number }[]; // nodes: where the current copies are ([]: nowhere)
  readonly below: number; // shards below full copies, over every pool
  readonly returning: readonly string[]; // nodes back but not yet seen ACTIVE: their replicas wait for heartbeats
  readonly draining: readonly DrainHeld[]; // nodes being removed that still hold chunks
}

/** A node being removed that still holds chunks, and the placed nodes they wait for (out of reach or back but not yet ACTIVE), with when each one's forward rebuild starts (null: it is back). */
export interface DrainHeld {
  readonly node: string;
  readonly bytes: number;
  readonly waitsFor: readonly { node: string; state: string; rebuildAtMs: number | null }[];
}

/** Shard and replica counts at one moment (see ClusterReports.shardSummary). */
export interface ShardSummary {
  readonly shards: number;
  readonly placed: number; // shards with at least one replica placed
  readonly withData: number;
  readonly below: number; // placed shards below full copies
  readonly belowWithData: number;
  readonly unavailable: number; // shards with data and no reachable current copy
  readonly writesRefused: number; // shards below the pool's min copies: writes to them fail
  readonly replicas: Readonly<Record<string, number>>; // replica state -> count
}

/** What the reports of one moment share while the cluster is not settled (see ClusterReports.oneMoment). */
type Moment = { survey?: Survey; rows?: ShardRow[]; pendingCopies?: number; unreachable?: { key: number; shard: number; holders: number[] }[]; masksTell?: boolean };

const BELOW_FULL = new Set<string>([REPLICA_STATES[ReplicaState.Failed], REPLICA_STATES[ReplicaState.Recovering], REPLICA_STATES[ReplicaState.Degraded]]);

export class ClusterReports {
  private readonly fast: SettledCluster; // the reports of a settled cluster, from the counters
  private readonly masks: CopyMasks; // the summaries of a cluster with copies behind, from the mask counts
  private readonly surveyed: SurveyedRows; // the shard rows from a survey of every chunk
  private moment: Moment | undefined; // inside oneMoment: the survey and the unreachable chunks, taken once

  constructor(
    private readonly topology: Topology,
    private readonly stores: NodeStores,
    private readonly health: ClusterHealth,
    private readonly rebuilder: Rebuilder,
    private readonly versions: ChunkVersions,
    counters: ShardCounters,
    private readonly failed: FailedCopies,
    private readonly parts: ReportParts,
  ) {
    this.fast = new SettledCluster(topology, stores, health, versions, counters);
    this.masks = new CopyMasks(topology, stores, health, versions, counters, () => rebuilder.drainingMask());
    this.surveyed = new SurveyedRows(topology, stores, health, versions, (key) => parts.shardOfKey(key));
  }

  /**
   * Runs `read` (reports only: nothing changes inside) with one survey of the chunks and one list
   * of unreachable chunks for every report it asks: an unsettled `cluster status` asks health,
   * the rebuild, and the shard summary, which took a full survey each, some several.
   */
  oneMoment<T>(read: () => T): T {
    if (this.moment !== undefined) return read();
    this.moment = {};
    try {
      return read();
    } finally {
      this.moment = undefined;
    }
  }

  /** Every chunk with its current copies in reach (rebuild.ts), once a moment. */
  private survey(): Survey {
    if (this.moment === undefined) return this.rebuilder.survey();
    return (this.moment.survey ??= this.rebuilder.survey());
  }

  /** Rechecks every alert that follows from usage and copies; run after any change to either. */
  checkAlerts(): void {
    this.oneMoment(() => this.checkDataAlerts());
    for (const pool of this.topology.pools.slots()) this.checkCapacity(pool);
  }

  /** Raises or resolves the data alerts from the shard summary: data below full copies, data no copy can serve. */
  private checkDataAlerts(): void {
    const now = this.parts.now();
    for (const pool of this.topology.pools.slots()) {
      const name = this.topology.pools.nameOf(pool);
      const summary = this.shardSummary(name);
      if (summary.belowWithData > 0) this.health.raise("WARNING", "data", name, `pool ${name}: shards with data below full copies`, now);
      else this.health.resolveWhere((a) => a.category === "data" && a.source === name && a.severity === "WARNING", "auto", now);
      if (summary.unavailable > 0) this.health.raise("CRITICAL", "data", name, `pool ${name}: data with no reachable current copy`, now);
      else this.health.resolveWhere((a) => a.category === "data" && a.source === name && a.severity === "CRITICAL", "auto", now);
    }
  }

  /**
   * The one count of shards and replicas that status, health, alerts, the shard list and the
   * dashboard all show. A placed shard is below full copies when any of its replicas is Failed,
   * Recovering or Degraded (Degraded covers a pool with fewer nodes than copies).
   */
  shardSummary(pool?: string, rows?: readonly StateRow[]): ShardSummary {
    return this.oneMoment(() => this.summaryOf(rows ?? this.stateRows(pool)));
  }

  /** Shard rows with the replica states the summaries count: from the counters when standing, from the mask counts when they tell, else surveyed. */
  private stateRows(pool?: string): readonly StateRow[] {
    if (this.standing() || !this.masksTell()) return this.shardRows(pool);
    return this.masks.rows(pool === undefined ? this.topology.pools.slots() : [this.topology.pools.find(pool)]);
  }

  /** Whether the mask counts tell the summaries and the rebuild's progress (copy-masks.ts). */
  masksTell(): boolean {
    if (this.moment === undefined) return this.masks.tell();
    return (this.moment.masksTell ??= this.masks.tell());
  }

  /** The summaries' rows from the mask counts (counter-drift.ts compares them with the surveyed ones). */
  maskedRows(): StateRow[] {
    return this.masks.rows(this.topology.pools.slots());
  }

  /** The rebuild's pending copies from the mask counts (counter-drift.ts compares them with the survey's). */
  maskedPendingCopies(): number {
    return this.masks.pendingCopies();
  }

  summaryOf(rows: readonly StateRow[]): ShardSummary {
    const counts = new Map<string, number>();
    const unreadable = new Set(this.standing() || this.masksTell() ? [] : this.unreachableChunks().map((c) => c.shard)); // data whose current copies are all out of reach (none, when the mask counts tell)
    const summary = { shards: rows.length, placed: 0, withData: 0, below: 0, belowWithData: 0, unavailable: 0, writesRefused: 0, replicas: {} as Record<string, number> };
    for (const row of rows) {
      if (row.replicas.length === 0) continue;
      summary.placed++;
      if (row.chunks > 0) summary.withData++;
      for (const replica of row.replicas) counts.set(replica.state, (counts.get(replica.state) ?? 0) + 1);
      const wanted = row.replicas.filter((r) => r.state !== REPLICA_STATES[ReplicaState.Archived]);
      const reachable = wanted.filter((r) => r.state !== REPLICA_STATES[ReplicaState.Failed]).length;
      if (wanted.some((r) => BELOW_FULL.has(r.state))) {
        summary.below++;
        if (row.chunks > 0) summary.belowWithData++;
      }
      if (row.chunks > 0 && (reachable === 0 || unreadable.has(row.shard))) summary.unavailable++;
      if (reachable < this.topology.minCopies[this.topology.pools.find(row.pool)]!) summary.writesRefused++;
    }
    for (const state of REPLICA_STATES) if (counts.has(state)) summary.replicas[state] = counts.get(state)!; // always in the seed's order
    return summary;
  }

  /** What `cluster rebuild status` says: copies in flight, and degraded shards still waiting for the forward rebuild. */
  rebuildReport(): RebuildReport {
    return this.oneMoment(() => this.rebuildReportNow());
  }

  private rebuildReportNow(): RebuildReport {
    const rows = this.stateRows();
    const waiting = this.topology.nodes.slots().filter((node) => !this.health.reachable(node)).flatMap((node) => {
      const name = this.topology.nodes.nameOf(node);
      const failed = rows.filter((row) => this.topology.replicasOf(row.shard).includes(node));
      if (failed.length === 0) return []; // out of placement: its forward rebuild is under way or done
      const withData = failed.filter((row) => row.chunks > 0);
      return [{ node: name, state: this.health.nodes.stateText(node), shards: failed.length, shardsWithData: withData.length, bytes: withData.reduce((n, row) => n + row.bytes, 0), startsMs: this.forwardRebuildAt(node) }];
    });
    const returning = this.topology.nodes.slots().filter((node) => this.health.reachable(node) && this.health.states[node] !== NodeState.Active).map((node) => this.topology.nodes.nameOf(node));
    return { ...this.rebuildStatus(), waiting, blocked: this.standing() || this.masksTell() ? [] : this.blockedChunks(), below: this.shardSummary(undefined, rows).below, returning, draining: this.drainsHeld() };
  }

  private drainsHeld(): DrainHeld[] {
    const name = (node: number) => this.topology.nodes.nameOf(node);
    return this.rebuilder.drainsHeld().map((d) => ({
      node: name(d.node),
      bytes: d.chunks * CLUSTER_CHUNK_SIZE,
      waitsFor: d.waitsFor.map((n) => ({ node: name(n), state: this.health.nodes.stateText(n), rebuildAtMs: this.health.reachable(n) ? null : this.forwardRebuildAt(n) })),
    }));
  }

  /** The rebuild's progress; settled, nothing is pending and no survey is needed. */
  private rebuildStatus(): RebuildStatus {
    if (this.standing()) return this.rebuilder.status(this.parts.now(), 0);
    const pending = () => (this.masksTell() ? this.masks.pendingCopies() : this.rebuilder.chunksToCopy(this.rebuilder.pending(this.survey())));
    return this.rebuilder.status(this.parts.now(), this.moment === undefined ? pending() : (this.moment.pendingCopies ??= pending()));
  }

  /** Whether the counters show the cluster settled (settled.ts): the reports then need no survey of the chunks. */
  settled(): boolean {
    return this.fast.settled();
  }

  /** Whether the counters tell the reports though nodes may be out of reach (settled.ts): every live copy placed and current, none out of reach. */
  standing(): boolean {
    return this.fast.standing();
  }

  /** The volume's data state from the counters when standing (settled.ts); undefined: survey its chunks. */
  countedDataState(volume: number, pool: number): "whole" | "degraded" | undefined {
    return this.fast.dataState(volume, pool) ?? (this.masksTell() ? this.masks.dataState(volume, pool) : undefined);
  }

  /** A snapshot's unshared copies on placed nodes, from the mask counts when they tell (copy-masks.ts); undefined: walk the copies. */
  countedPlacedOwnChunks(snapshot: number): number | undefined {
    return this.masksTell() ? this.masks.placedOwnChunks(snapshot) : undefined;
  }

  /** The volume's own chunks its placed nodes hold, from the mask counts when they tell (copy-masks.ts); undefined: walk the copies. */
  countedPlacedChunks(volume: number): number | undefined {
    return this.masksTell() ? this.masks.placedChunks(volume) : undefined;
  }


  /** Written chunks (of volumes and snapshots) no reachable copy can serve, with the nodes holding their current version. */
  unreachableChunks(): { key: number; shard: number; holders: number[] }[] {
    if (this.moment === undefined) return this.unreachableNow();
    return (this.moment.unreachable ??= this.unreachableNow());
  }

  private unreachableNow(): { key: number; shard: number; holders: number[] }[] {
    const chunks: { key: number; shard: number; holders: number[] }[] = [];
    this.versions.forEachWritten((key) => {
      const shard = this.parts.shardOfKey(key);
      const pool = this.topology.shardPool[shard]!;
      if (!this.versions.hasUsableCopy(pool, key, true)) chunks.push({ key, shard, holders: this.versions.holders(pool, key) });
    });
    return chunks;
  }

  /** The unreachable chunks counted by the nodes that hold their only current copies. */
  private blockedChunks(): { nodes: string[]; chunks: number }[] {
    const byNodes = new Map<string, { nodes: string[]; chunks: number }>();
    for (const { holders } of this.unreachableChunks()) {
      const nodes = holders.map((node) => this.topology.nodes.nameOf(node));
      const entry = byNodes.get(nodes.join(",")) ?? { nodes, chunks: 0 };
      entry.chunks++;
      byNodes.set(nodes.join(","), entry);
    }
    return [...byNodes.values()];
  }

  /** When an unreachable node's copies are re-created elsewhere: the heartbeat round REBUILD_AFTER_MS after it goes DOWN. */
  private forwardRebuildAt(node: number): number {
    const roundUp = (ms: number) => Math.ceil(ms / HEARTBEAT_MS) * HEARTBEAT_MS; // the MDM decides at heartbeat rounds
    const downSinceMs = this.health.downSinceMs[node]!;
    const downAt = downSinceMs >= 0 ? downSinceMs : roundUp(this.health.nodes.lastHeartbeatMs[node]! + DOWN_AFTER_MS);
    return roundUp(downAt + REBUILD_AFTER_MS);
  }

  /** The copies a read found failing their checksum, named as a person finds them: "dv at 3M on sds1 (sds/sds1/0.chunk)". */
  private failedCopies(): string[] {
    const names: string[] = []; // one report's answer, at most the failed copies
    this.failed.forEach((node, address) => names.push(copyText(this.stores, node, address, this.topology.nodes.nameOf(node))));
    return names;
  }

  /** Capacity alerts at PowerFlex-like thresholds of a pool's raw capacity. */
  checkCapacity(pool: number): void {
    const nodes = this.topology.nodesOf(pool);
    const capacity = nodes.reduce((n, node) => n + this.topology.capacity[node]!, 0);
    const percent = capacity === 0 ? 0 : (100 * nodes.reduce((n, node) => n + this.parts.nodeUsage(node), 0)) / capacity;
    const name = this.topology.pools.nameOf(pool);
    const now = this.parts.now();
    if (percent >= CAPACITY_CRITICAL_PERCENT) this.health.raise("CRITICAL", "capacity", name, `pool ${name} is over ${CAPACITY_CRITICAL_PERCENT}% full`, now);
    else this.health.resolveWhere((a) => a.category === "capacity" && a.source === name && a.severity === "CRITICAL", "auto", now);
    if (percent >= CAPACITY_WARNING_PERCENT) this.health.raise("WARNING", "capacity", name, `pool ${name} is over ${CAPACITY_WARNING_PERCENT}% full`, now);
    else this.health.resolveWhere((a) => a.category === "capacity" && a.source === name && a.severity === "WARNING", "auto", now);
  }

  /** `cluster scrub` (scrub.ts): every reachable current copy verified, bad ones repaired, good ones compared. */
  scrub(): ScrubReport {
    return scrubChunks(this.rebuilder.survey(), this.stores, this.health, this.failed, (node) => this.topology.nodes.nameOf(node), this.parts);
  }

  shardRows(pool?: string): ShardRow[] {
    const pools = pool === undefined ? this.topology.pools.slots() : [this.topology.pools.find(pool)];
    if (this.standing()) return this.fast.rows(pools);
    if (this.moment === undefined) return this.surveyedRows(pools);
    const all = (this.moment.rows ??= this.surveyedRows()); // every pool's, once a moment; a pool's are among them
    return pool === undefined ? all : all.filter((row) => row.pool === pool);
  }

  /** The shard rows the slow way, from a survey of every chunk (surveyed-rows.ts): the reference the counters are checked against. */
  surveyedRows(pools: readonly number[] = this.topology.pools.slots()): ShardRow[] {
    return this.surveyed.rows(this.survey(), pools);
  }

  /** A node the MDM does not see ACTIVE, or that is not running although the MDM has not noticed yet. */
  private nodeNotActive(node: number): string {
    const name = this.topology.nodes.nameOf(node);
    const state = this.health.states[node]!;
    if (this.health.reachable(node)) return `${name} is ${NODE_STATES[state]}`;
    const condition = CONDITIONS[this.health.conditions[node]!];
    if (state === NodeState.Active) return `${name} is ${condition}; the MDM sees it ACTIVE until it misses heartbeats for ${STALE_AFTER_MS / 1000} s (then STALE)`;
    return `${name} is ${NODE_STATES[state]} (${condition})`;
  }

  /**
   * A pool's worst active capacity alert as a WARNING check: a full pool degrades the cluster
   * (PowerFlex raises capacity alerts; writes go on until a node is full, then fail with ENOSPC).
   */
  private capacityCheck(pool: string): { severity: string; check: string; detail: string }[] {
    const alerts = this.health.alerts.filter((a) => a.resolvedMs < 0 && a.category === "capacity" && a.source === pool);
    const worst = alerts.find((a) => a.severity === "CRITICAL") ?? alerts[0];
    return worst === undefined ? [] : [{ severity: "WARNING", check: "CAPACITY", detail: `${worst.message} (${worst.severity} alert)` }];
  }

  /** Overall health like Ceph's: HEALTHY, DEGRADED or ERROR, with the checks that fail (INFO checks only inform). */
  healthReport(): { status: "HEALTHY" | "DEGRADED" | "ERROR"; checks: { severity: string; check: string; detail: string }[] } {
    return this.oneMoment(() => this.healthNow());
  }

  private healthNow(): ReturnType<ClusterReports["healthReport"]> {
    const checks: { severity: string; check: string; detail: string }[] = [];
    for (const node of this.topology.nodes.slots()) {
      const state = this.health.states[node]!;
      const reachable = this.health.reachable(node);
      if (state !== NodeState.Active || !reachable) checks.push({ severity: "WARNING", check: "NODE_NOT_ACTIVE", detail: this.nodeNotActive(node) });
    }
    for (const pool of this.topology.pools.slots()) {
      const name = this.topology.pools.nameOf(pool);
      const s = this.shardSummary(name);
      const undersized = this.topology.nodesOf(pool).length > 0 ? this.topology.undersized(pool) : undefined;
      if (undersized !== undefined) checks.push({ severity: "WARNING", check: "POOL_UNDERSIZED", detail: `${undersized}: shards get fewer copies, new distributed volumes are refused` });
      if (s.below > 0) checks.push({ severity: "WARNING", check: "SHARDS_DEGRADED", detail: `${s.below} of ${countOf(s.placed, "shard")} of ${name} ${s.below === 1 ? "is" : "are"} below ${countOf(this.topology.copies[pool]!, "copy", "copies")} (${s.belowWithData} ${s.belowWithData === 1 ? "holds" : "hold"} data)` });
      if (s.writesRefused > 0) checks.push({ severity: "ERROR", check: "WRITES_REFUSED", detail: `${countOf(s.writesRefused, "shard")} of ${name} ${s.writesRefused === 1 ? "is" : "are"} below ${this.topology.minCopies[pool]} reachable ${this.topology.minCopies[pool] === 1 ? "copy" : "copies"}` });
      if (s.unavailable > 0) checks.push({ severity: "ERROR", check: "DATA_UNAVAILABLE", detail: `${countOf(s.unavailable, "shard")} of ${name} ${s.unavailable === 1 ? "holds" : "hold"} data whose current copies are all out of reach` });
    }
    const pending = this.rebuildStatus().pendingBytes;
    if (pending > 0) checks.push({ severity: checks.some((c) => c.check === "SHARDS_DEGRADED") ? "WARNING" : "INFO", check: "REBUILD_PENDING", detail: `${countOf(pending / CLUSTER_CHUNK_SIZE, "chunk copy", "chunk copies")} to make` });
    const failed = this.failedCopies();
    if (failed.length > 0) checks.push({ severity: "WARNING", check: "COPIES_FAILED", detail: `${countOf(failed.length, "copy", "copies")} failed ${failed.length === 1 ? "its checksum" : "their checksums"} on read: ${failed.join(", ")}; reads use the other copies until cluster scrub repairs ${failed.length === 1 ? "it" : "them"}` });
    const archived = this.topology.nodes.slots().flatMap((node) => (this.stores.archived(node).length > 0 ? [`${this.topology.nodes.nameOf(node)} (${this.stores.archived(node).length})`] : []));
    if (archived.length > 0) checks.push({ severity: "INFO", check: "ARCHIVED_COPIES", detail: `stale copies kept on ${archived.join(", ")}: cluster archive clean` });
    for (const pool of this.topology.pools.slots()) checks.push(...this.capacityCheck(this.topology.pools.nameOf(pool)));
    const status = checks.some((c) => c.severity === "ERROR" || c.severity === "CRITICAL") ? "ERROR" : checks.some((c) => c.severity !== "INFO") ? "DEGRADED" : "HEALTHY";
    return { status, checks };
  }
}
