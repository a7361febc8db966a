// The shard rows the slow way, from a survey of every chunk (rebuild.ts): each placed replica with
// the seed's replica state and the newest version it holds, the unreachable nodes out of placement
// that hold a chunk's only current copy (listed as Failed), and the Archived copies. The counters
// (settled.ts) and the mask counts (copy-masks.ts) are checked against these rows. Nothing here
// changes data.

import { CLUSTER_CHUNK_SIZE, COPIES_MAX } from "../../src/limits.js";
import type { ChunkVersions } from "./chunk-versions.js";
import { NodeState, type ClusterHealth } from "./health.js";
import type { NodeStores } from "./node-store.js";
import type { Rebuilder } from "./rebuild.js";
import { REPLICA_STATES, ReplicaState, type Topology } from "./topology.js";

export type ShardRow = { shard: number; pool: string; replicas: ReplicaRow[]; version: number; chunks: number; bytes: number };
type ReplicaRow = { node: string; state: string; version: number };

/** Every chunk with its current copies in reach, as rebuild.ts surveys them. */
export type Survey = ReturnType<Rebuilder["survey"]>;

export class SurveyedRows {
  constructor(
    private readonly topology: Topology,
    private readonly stores: NodeStores,
    private readonly health: ClusterHealth,
    private readonly versions: ChunkVersions,
    private readonly shardOfKey: (key: number) => number,
  ) {}

  /** The rows of `pools`' shards from `survey`. */
  rows(survey: Survey, pools: readonly number[]): ShardRow[] {
    const keysByShard = new Map<number, { key: number; version: number }[]>(); // local to one report
    for (const [key, entry] of survey) {
      const shard = this.shardOfKey(key);
      const keys = keysByShard.get(shard);
      if (keys === undefined) keysByShard.set(shard, [{ key, version: entry.version }]);
      else keys.push({ key, version: entry.version });
    }
    const archived = this.archivedByShard();
    return pools.flatMap((p) =>
      this.topology.shardsOf(p).map((shard) => {
        const nodes = this.topology.replicasOf(shard);
        const keys = keysByShard.get(shard) ?? [];
        const full = nodes.filter((n) => this.health.reachable(n)).length >= this.topology.copies[p]!;
        return {
          shard,
          pool: this.topology.pools.nameOf(p),
          replicas: [
            ...nodes.map((node, i) => ({
              node: this.topology.nodes.nameOf(node),
              state: this.replicaState(shard, i, node, keys, full),
              version: this.newestHeld(node, keys),
            })),
            ...this.strandedCopies(p, nodes, keys),
            ...(archived.get(shard) ?? []),
          ],
          version: this.topology.versions[shard]!,
          chunks: keys.length,
          bytes: keys.length * CLUSTER_CHUNK_SIZE,
        };
      }),
    );
  }

  /**
   * Unreachable nodes out of placement that hold the only current copy of one of the shard's
   * chunks (their forward rebuild found no source): listed as Failed replicas so that every view
   * shows where the data is, though it cannot be reached.
   */
  private strandedCopies(pool: number, placed: readonly number[], keys: readonly { key: number }[]): ReplicaRow[] {
    const rows: ReplicaRow[] = [];
    for (const { key } of keys) {
      if (this.versions.hasUsableCopy(pool, key, true)) continue;
      for (const node of this.versions.holders(pool, key)) {
        const name = this.topology.nodes.nameOf(node);
        if (placed.includes(node) || rows.some((r) => r.node === name)) continue;
        rows.push({ node: name, state: REPLICA_STATES[ReplicaState.Failed], version: this.stores.versionOr(node, key, 0) });
      }
    }
    return rows;
  }

  /** The newest version `node` holds of any of `keys` (0: none); every status asks per replica, so no list is built. */
  private newestHeld(node: number, keys: readonly { key: number }[]): number {
    let newest = 0;
    for (const { key } of keys) newest = Math.max(newest, this.stores.versionOr(node, key, 0));
    return newest;
  }

  /** Archived copies as replica rows, by shard: one per node holding any, at the newest version it holds. */
  private archivedByShard(): Map<number, ReplicaRow[]> {
    const byShard = new Map<number, ReplicaRow[]>();
    for (const node of this.topology.nodes.slots()) {
      for (const { key, version } of this.stores.archived(node)) {
        const shard = this.shardOfKey(key);
        const rows = byShard.get(shard) ?? [];
        const row = rows.find((r) => r.node === this.topology.nodes.nameOf(node));
        if (row === undefined) byShard.set(shard, [...rows, { node: this.topology.nodes.nameOf(node), state: REPLICA_STATES[ReplicaState.Archived], version }]);
        else row.version = Math.max(row.version, version);
      }
    }
    return byShard;
  }

  /**
   * A placed replica's state (Archived copies are listed apart, see archivedByShard): Failed if
   * unreachable; Recovering while the MDM does not yet see its node ACTIVE again (it is back
   * and waits for heartbeats); behind the newest copy it is Syncing (queued eventual updates alone make it current), Rebalancing
   * (moving here while every chunk still has its full copies elsewhere) or Recovering (being
   * rebuilt); Degraded if its shard lacks copies; else Healthy.
   */
  private replicaState(shard: number, replica: number, node: number, keys: readonly { key: number; version: number }[], full: boolean): string {
    if (!this.health.reachable(node)) return REPLICA_STATES[ReplicaState.Failed];
    if (this.health.states[node] !== NodeState.Active) return REPLICA_STATES[ReplicaState.Recovering]; // back, but the MDM waits for its heartbeats
    const behind = keys.filter(({ key, version }) => this.stores.versionOr(node, key, -1) < version);
    if (behind.length > 0) {
      const syncing = this.topology.replicaStates[shard * COPIES_MAX + replica] === ReplicaState.Syncing && behind.every(({ key }) => this.versions.inFlight(node, key));
      if (syncing) return REPLICA_STATES[ReplicaState.Syncing];
      const copies = this.topology.copies[this.topology.shardPool[shard]!]!;
      const fullElsewhere = behind.every(({ key, version }) => this.topology.nodes.slots().filter((n) => this.health.reachable(n) && this.stores.versionOr(n, key, -1) === version).length >= copies);
      return REPLICA_STATES[fullElsewhere ? ReplicaState.Rebalancing : ReplicaState.Recovering];
    }
    return full ? REPLICA_STATES[ReplicaState.Healthy] : REPLICA_STATES[ReplicaState.Degraded];
  }
}
