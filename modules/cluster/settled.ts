// A settled cluster, read from the kept counters (shard-counters.ts) instead of a survey of every
// chunk. Settled means: every node in reach and seen ACTIVE by the MDM, no queued updates or archived copies, and every
// placed replica holding every present chunk of its shard at the committed version. Then every
// placed replica is Healthy (or Degraded, where the pool placed fewer than its copies), no chunk is
// out of reach and the rebuild has nothing to copy, so the reports (reports.ts) answer in
// O(shards x copies) whatever the bytes written. Standing is wider: nodes may be out of reach or
// not yet seen ACTIVE (a node just failed, before any rebuild), but every placed replica, in reach
// or not, still holds every present chunk of its shard current, every shard with data has one in
// reach and no live copy lies outside placement: the replicas are then Failed, Recovering,
// Healthy or Degraded by their node alone, nothing is out of reach and the rebuild has nothing to
// copy, so the reports still read the counters. Anything else takes the slow way, which stays
// the reference (counter-drift.ts checks the two agree).

import { CLUSTER_CHUNK_SIZE, COPIES_MAX, SHARD_COUNT_MAX } from "../../src/limits.js";
import type { ChunkVersions } from "./chunk-versions.js";
import { type ClusterHealth, NodeState } from "./health.js";
import type { NodeStores } from "./node-store.js";
import type { ShardRow } from "./surveyed-rows.js";
import type { ShardCounters } from "./shard-counters.js";
import { NONE, REPLICA_STATES, ReplicaState, type Topology } from "./topology.js";

export class SettledCluster {
  constructor(
    private readonly topology: Topology,
    private readonly stores: NodeStores,
    private readonly health: ClusterHealth,
    private readonly versions: ChunkVersions,
    private readonly counters: ShardCounters,
  ) {}

  /** Whether the cluster is settled (see the top of this file), from the counters alone. */
  settled(): boolean {
    const t = this.topology;
    if (this.versions.pendingCount() > 0 || !this.counters.complete()) return false;
    for (const node of t.nodes.slots()) if (!this.health.reachable(node) || this.health.states[node] !== NodeState.Active || this.stores.hasArchived(node)) return false;
    for (let shard = 0; shard < SHARD_COUNT_MAX; shard++) {
      const present = this.counters.presentIn(shard); // a shard with chunks belongs to their volume's pool
      if (present === 0) continue;
      let placed = 0;
      for (let replica = 0; replica < COPIES_MAX; replica++) {
        const node = t.replicas[shard * COPIES_MAX + replica]!; // the cells, not replicasOf: every report asks, per volume too
        if (node === NONE) continue;
        placed++;
        if (this.counters.currentOn(node, shard) !== present) return false;
      }
      if (placed === 0) return false;
    }
    return true;
  }

  /** Whether the cluster is standing (see the top of this file), from the counters alone: every live copy is then a placed, current one. */
  standing(): boolean {
    const t = this.topology;
    if (this.versions.pendingCount() > 0 || !this.counters.complete()) return false;
    for (const node of t.nodes.slots()) if (this.stores.hasArchived(node)) return false;
    let placedCopies = 0;
    for (let shard = 0; shard < SHARD_COUNT_MAX; shard++) {
      const present = this.counters.presentIn(shard);
      if (present === 0) continue;
      let reachable = 0;
      for (let replica = 0; replica < COPIES_MAX; replica++) {
        const node = t.replicas[shard * COPIES_MAX + replica]!;
        if (node === NONE) continue;
        if (this.counters.currentOn(node, shard) !== present) return false;
        placedCopies += present;
        if (this.health.reachable(node)) reachable++;
      }
      if (reachable === 0) return false;
    }
    return this.stores.liveCopies() === placedCopies;
  }

  /**
   * A volume's data state when standing, from the counters: degraded if a shard holding its
   * written chunks has fewer replicas in reach than the pool's copies, else whole (standing, none is
   * unreadable); undefined when not standing.
   */
  dataState(volume: number, pool: number): "whole" | "degraded" | undefined {
    if (!this.standing()) return undefined;
    const t = this.topology;
    for (const shard of t.shardsOf(pool)) {
      if (this.counters.writtenIn(volume, shard) === 0) continue;
      if (t.replicasOf(shard).filter((node) => this.health.reachable(node)).length < t.copies[pool]!) return "degraded";
    }
    return "whole";
  }

  /**
   * The shard rows of a standing cluster, from the counters: each placed replica current; Failed
   * out of reach, Recovering while its node is not yet seen ACTIVE, else Healthy or (too few in
   * reach) Degraded.
   */
  rows(pools: readonly number[]): ShardRow[] {
    const t = this.topology;
    const h = this.health;
    return pools.flatMap((p) =>
      t.shardsOf(p).map((shard) => {
        const nodes = t.replicasOf(shard);
        const chunks = this.counters.presentIn(shard);
        const inReach = REPLICA_STATES[nodes.filter((node) => h.reachable(node)).length >= t.copies[p]! ? ReplicaState.Healthy : ReplicaState.Degraded];
        const stateOf = (node: number) => (!h.reachable(node) ? REPLICA_STATES[ReplicaState.Failed] : h.states[node] !== NodeState.Active ? REPLICA_STATES[ReplicaState.Recovering] : inReach);
        const version = chunks === 0 ? 0 : this.counters.newestIn(shard);
        return { shard, pool: t.pools.nameOf(p), replicas: nodes.map((node) => ({ node: t.nodes.nameOf(node), state: stateOf(node), version })), version: t.versions[shard]!, chunks, bytes: chunks * CLUSTER_CHUNK_SIZE };
      }),
    );
  }
}
