// What the MDM reports about its cluster, computed from its tables: shard rows with the seed's
// seven replica states, overall health with the checks that fail, scrub results, and the data
// and capacity alerts these imply. Nothing here changes data.

import { CAPACITY_CRITICAL_PERCENT, CAPACITY_WARNING_PERCENT, CLUSTER_CHUNK_SIZE } from "../../src/limits.js";
import { CONDITIONS, NODE_STATES, NodeState, type ClusterHealth } from "./health.js";
import type { NodeStores } from "./node-store.js";
import type { Rebuilder } from "./rebuild.js";
import { COPIES_MAX, REPLICA_STATES, ReplicaState, type Topology } from "./topology.js";

/** What reports read from the manager besides its tables. */
export interface ReportParts {
  now(): number;
  shardOfKey(key: string): number;
  nodeUsage(node: number): number;
  /** Shards with written data no reachable current copy can serve. */
  unreadableShards(): Set<number>;
}

export type ShardRow = { shard: number; pool: string; replicas: { node: string; state: string; version: number }[]; version: number; chunks: number; bytes: number };

export class ClusterReports {
  constructor(
    private readonly topology: Topology,
    private readonly stores: NodeStores,
    private readonly health: ClusterHealth,
    private readonly rebuilder: Rebuilder,
    private readonly parts: ReportParts,
  ) {}

  /** Raises or resolves the data alerts: shards below full copies, data no copy can serve. */
  checkDataAlerts(): void {
    const now = this.parts.now();
    const withData = this.shardsWithData();
    const unreadable = this.parts.unreadableShards();
    const pending = this.rebuilder.pending().length;
    for (const pool of this.topology.pools.slots()) {
      const name = this.topology.pools.nameOf(pool);
      const shards = this.topology.shardsOf(pool).filter((shard) => withData.has(shard));
      const degraded = shards.filter((shard) => this.topology.replicasOf(shard).filter((n) => this.health.reachable(n)).length < this.topology.copies[pool]!).length;
      const unavailable = shards.filter((shard) => unreadable.has(shard)).length;
      if (degraded > 0 || pending > 0) this.health.raise("WARNING", "data", name, `pool ${name}: shards below full copies`, now);
      else this.health.resolveWhere((a) => a.category === "data" && a.source === name && a.severity === "WARNING", "auto", now);
      if (unavailable > 0) this.health.raise("CRITICAL", "data", name, `pool ${name}: data with no reachable current copy`, now);
      else this.health.resolveWhere((a) => a.category === "data" && a.source === name && a.severity === "CRITICAL", "auto", now);
    }
  }

  /** Shards holding data on any node, reachable or not: one pass over every node's keys. */
  private shardsWithData(): Set<number> {
    const shards = new Set<number>();
    for (const node of this.topology.nodes.slots()) for (const key of this.stores.keys(node)) shards.add(this.parts.shardOfKey(key));
    return shards;
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

  /** Compares the reachable copies of every chunk at its newest version; lists copies that differ. */
  scrub(): { chunks: number; mismatches: { key: string; nodes: string[] }[] } {
    const survey = this.rebuilder.survey();
    const mismatches: { key: string; nodes: string[] }[] = [];
    for (const [key, entry] of survey) {
      const [first, ...others] = entry.holders;
      if (first === undefined) continue; // no current copy in reach to compare with
      const reference = Buffer.from(this.stores.get(first!, key)!.bytes);
      const differing = others.filter((node) => !reference.equals(this.stores.get(node, key)!.bytes));
      if (differing.length > 0) mismatches.push({ key, nodes: [first!, ...differing].map((n) => this.topology.nodes.nameOf(n)) });
    }
    return { chunks: survey.size, mismatches };
  }

  shardRows(pool?: string): { shard: number; pool: string; replicas: { node: string; state: string; version: number }[]; version: number; chunks: number; bytes: number }[] {
    const pools = pool === undefined ? this.topology.pools.slots() : [this.topology.pools.find(pool)];
    const keysByShard = new Map<number, { key: string; version: number }[]>();
    for (const [key, entry] of this.rebuilder.survey()) {
      const shard = this.parts.shardOfKey(key);
      keysByShard.set(shard, [...(keysByShard.get(shard) ?? []), { key, version: entry.version }]);
    }
    return pools.flatMap((p) =>
      this.topology.shardsOf(p).map((shard) => {
        const nodes = this.topology.replicasOf(shard);
        const keys = keysByShard.get(shard) ?? [];
        const full = nodes.filter((n) => this.health.reachable(n)).length >= this.topology.copies[p]!;
        return {
          shard,
          pool: this.topology.pools.nameOf(p),
          replicas: nodes.map((node, i) => ({
            node: this.topology.nodes.nameOf(node),
            state: this.replicaState(shard, i, node, keys, full),
            version: Math.max(0, ...keys.map(({ key }) => this.stores.get(node, key)?.version ?? 0)),
          })),
          version: this.topology.versions[shard]!,
          chunks: keys.length,
          bytes: keys.length * CLUSTER_CHUNK_SIZE,
        };
      }),
    );
  }

  /**
   * A replica's state (the seed's seven): Failed if unreachable; behind the newest copy it is
   * Syncing (an eventual update in flight), Rebalancing (moving here while every chunk still has
   * its full copies elsewhere) or Recovering (being rebuilt); Degraded if its shard lacks copies.
   */
  private replicaState(shard: number, replica: number, node: number, keys: readonly { key: string; version: number }[], full: boolean): string {
    if (!this.health.reachable(node)) return REPLICA_STATES[ReplicaState.Failed];
    const behind = keys.filter(({ key, version }) => (this.stores.get(node, key)?.version ?? -1) < version);
    if (behind.length > 0) {
      if (this.topology.replicaStates[shard * COPIES_MAX + replica] === ReplicaState.Syncing) return REPLICA_STATES[ReplicaState.Syncing];
      const copies = this.topology.copies[this.topology.shardPool[shard]!]!;
      const fullElsewhere = behind.every(({ key, version }) => this.topology.nodes.slots().filter((n) => this.health.reachable(n) && this.stores.get(n, key)?.version === version).length >= copies);
      return REPLICA_STATES[fullElsewhere ? ReplicaState.Rebalancing : ReplicaState.Recovering];
    }
    return full ? REPLICA_STATES[ReplicaState.Healthy] : REPLICA_STATES[ReplicaState.Degraded];
  }

  /** Overall health like Ceph's: HEALTHY, DEGRADED or ERROR, with the checks that fail. */
  healthReport(): { status: "HEALTHY" | "DEGRADED" | "ERROR"; checks: { severity: string; check: string; detail: string }[] } {
    const checks: { severity: string; check: string; detail: string }[] = [];
    for (const node of this.topology.nodes.slots()) {
      const state = this.health.states[node]!;
      const reachable = this.health.reachable(node);
      if (state !== NodeState.Active || !reachable) checks.push({ severity: "WARNING", check: "NODE_NOT_ACTIVE", detail: `${this.topology.nodes.nameOf(node)} is ${NODE_STATES[state]}${reachable ? "" : ` (${CONDITIONS[this.health.conditions[node]!]})`}` });
    }
    const rows = this.shardRows();
    const degraded = rows.filter((r) => r.chunks > 0 && r.replicas.some((x) => x.state !== "Healthy")).length;
    if (degraded > 0) checks.push({ severity: "WARNING", check: "SHARDS_DEGRADED", detail: `${degraded} shards with data are not at full healthy copies` });
    const withData = this.shardsWithData();
    const unreadable = this.parts.unreadableShards();
    for (const pool of this.topology.pools.slots()) {
      const unavailable = this.topology.shardsOf(pool).filter((shard) => unreadable.has(shard)).length;
      if (unavailable > 0) checks.push({ severity: "ERROR", check: "DATA_UNAVAILABLE", detail: `${unavailable} shards of ${this.topology.pools.nameOf(pool)} hold data whose current copies are all out of reach` });
      const below = this.topology.shardsOf(pool).filter((shard) => withData.has(shard) && this.topology.replicasOf(shard).filter((n) => this.health.reachable(n)).length < this.topology.minCopies[pool]!).length;
      if (below > 0) checks.push({ severity: "ERROR", check: "WRITES_REFUSED", detail: `${below} shards of ${this.topology.pools.nameOf(pool)} are below ${this.topology.minCopies[pool]} reachable copies` });
    }
    const pending = this.rebuilder.status(this.parts.now()).pendingBytes;
    if (pending > 0) checks.push({ severity: "WARNING", check: "REBUILD_PENDING", detail: `${pending / CLUSTER_CHUNK_SIZE} chunk copies to rebuild` });
    for (const alert of this.health.alerts) if (alert.resolvedMs < 0 && alert.category === "capacity") checks.push({ severity: alert.severity, check: "CAPACITY", detail: alert.message });
    const status = checks.some((c) => c.severity === "ERROR" || c.severity === "CRITICAL") ? "ERROR" : checks.length > 0 ? "DEGRADED" : "HEALTHY";
    return { status, checks };
  }
}
