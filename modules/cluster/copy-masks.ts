// A cluster whose copies are behind (a node failed and the volume written past it, a rebuild
// under way), read from the kept mask counts (shard-counters.ts) instead of a survey of every
// chunk. Each present chunk is counted under its shard, whether it was written, and the set of
// nodes holding it at the committed version (its mask); a shard has a handful of distinct masks
// however many chunks it holds. From them, in O(shards x distinct masks):
//   - a placed replica is behind when some counted chunk's mask lacks its node; it is then
//     Rebalancing if every such chunk has the pool's copies current in reach, else Recovering
//     (Failed and Recovering by its node first, as the survey decides);
//   - the copies the rebuild still owes are, per chunk, the wanted nodes in reach outside its
//     reachable holders (rebuild.ts `pending`), so per mask times its count;
//   - a volume's data state and the chunks its placed nodes hold (`status`, `vol list`) come from
//     its own chunks' masks: current ones in reach against the pool's copies, and every node
//     holding a copy (current or not) against the shard's placement; a snapshot's used space
//     (`vol snap list`) from the masks of nodes where no sibling shares its chunk, placed ones only.
// They tell only when nothing needs a chunk's own identity: no queued eventual updates (Syncing
// asks them per chunk), no archived copies, no copy past its committed version, every written
// chunk with a current copy in reach (else the blocked and stranded lists name chunks), every
// counted chunk's volume known, every mask within its shard's pool. Otherwise the reports survey
// (reports.ts), which stays the reference: counter-drift.ts checks these agree with it.

import { CLUSTER_CHUNK_SIZE, SHARD_COUNT_MAX } from "../../src/limits.js";
import type { ChunkVersions } from "./chunk-versions.js";
import { type ClusterHealth, NodeState } from "./health.js";
import type { NodeStores } from "./node-store.js";
import { bitCount, type ShardCounters } from "./shard-counters.js";
import { REPLICA_STATES, ReplicaState, type Topology } from "./topology.js";

/** A shard row as the summaries count it: replica states, no versions. */
export type StateRow = { shard: number; pool: string; replicas: readonly { node: string; state: string }[]; chunks: number; bytes: number };

export class CopyMasks {
  constructor(
    private readonly topology: Topology,
    private readonly stores: NodeStores,
    private readonly health: ClusterHealth,
    private readonly versions: ChunkVersions,
    private readonly counters: ShardCounters,
    private readonly drainingMask: () => number, // nodes being drained (rebuild.ts): their copies are leaving
  ) {}

  /** Nodes in reach, as a mask. */
  private reachableMask(): number {
    let mask = 0;
    for (const node of this.topology.nodes.slots()) if (this.health.reachable(node)) mask |= 1 << node;
    return mask;
  }

  /** Whether the mask counts tell the reports (see the top of this file). */
  tell(): boolean {
    if (this.versions.pendingCount() > 0 || !this.counters.complete() || this.counters.aheadChunks() > 0) return false;
    for (const node of this.topology.nodes.slots()) if (this.stores.hasArchived(node)) return false;
    const reachable = this.reachableMask();
    let tells = true;
    const degraded = this.degraded();
    const kept = ~this.drainingMask();
    this.counters.forEachMask((owner, shard, written, _held, mask) => {
      if (written && (mask & reachable) === 0) tells = false; // blocked: the reports name such chunks
      if (!this.withinPool(shard, mask)) tells = false;
      if (owner < 0 && (written || (mask & reachable) !== 0) && this.owed(shard, mask, reachable, degraded, kept) > 0) tells = false; // whether a snapshot's copy moves bytes hangs on its sharing (rebuild.ts chunksToCopy)
    });
    return tells;
  }

  private degraded(): boolean {
    return this.topology.nodes.slots().some((node) => !this.health.reachable(node));
  }

  /** The copies the rebuild owes one chunk of `shard` whose current holders are `mask` (rebuild.ts `pending`). */
  private owed(shard: number, mask: number, reachable: number, degraded: boolean, kept: number): number {
    const wanted = this.topology.replicasOf(shard);
    const holders = mask & reachable;
    if (holders === 0 || (degraded && bitCount(holders & kept) >= wanted.length)) return 0;
    let copies = 0;
    for (const node of wanted) if ((reachable & (1 << node)) !== 0 && (holders & (1 << node)) === 0) copies++;
    return copies;
  }

  private withinPool(shard: number, mask: number): boolean {
    const pool = this.topology.shardPool[shard];
    for (let node = 0; mask >> node !== 0; node++) if ((mask & (1 << node)) !== 0 && this.topology.nodePool[node] !== pool) return false;
    return true;
  }

  /** The masks and counts of the chunks a survey lists (written, or held current in reach), by shard. */
  private masksByShard(reachable: number): [number, number][][] {
    const byShard: [number, number][][] = Array.from({ length: SHARD_COUNT_MAX }, () => []); // local to one report
    this.counters.forEachMask((_owner, shard, written, _held, mask, chunks) => {
      if (written || (mask & reachable) !== 0) byShard[shard]!.push([mask, chunks]);
    });
    return byShard;
  }

  /** The shard rows' replica states and chunk counts (reports.ts replicaState, by mask). */
  rows(pools: readonly number[]): StateRow[] {
    const t = this.topology;
    const reachable = this.reachableMask();
    const byShard = this.masksByShard(reachable);
    return pools.flatMap((p) =>
      t.shardsOf(p).map((shard) => {
        const masks = byShard[shard]!;
        const nodes = t.replicasOf(shard);
        const full = nodes.filter((node) => this.health.reachable(node)).length >= t.copies[p]!;
        const chunks = masks.reduce((sum, [, count]) => sum + count, 0);
        return { shard, pool: t.pools.nameOf(p), replicas: nodes.map((node) => ({ node: t.nodes.nameOf(node), state: this.stateOf(node, masks, reachable, t.copies[p]!, full) })), chunks, bytes: chunks * CLUSTER_CHUNK_SIZE };
      }),
    );
  }

  private stateOf(node: number, masks: readonly [number, number][], reachable: number, copies: number, full: boolean): string {
    if (!this.health.reachable(node)) return REPLICA_STATES[ReplicaState.Failed];
    if (this.health.states[node] !== NodeState.Active) return REPLICA_STATES[ReplicaState.Recovering];
    const behind = masks.filter(([mask]) => (mask & (1 << node)) === 0);
    if (behind.length > 0) return REPLICA_STATES[behind.every(([mask]) => bitCount(mask & reachable) >= copies) ? ReplicaState.Rebalancing : ReplicaState.Recovering];
    return REPLICA_STATES[full ? ReplicaState.Healthy : ReplicaState.Degraded];
  }

  /** A volume's data state (volume-lifecycle.ts surveyedDataState, by mask): degraded when a written chunk of its own has fewer current copies in reach than the pool keeps. */
  dataState(volume: number, pool: number): "whole" | "degraded" {
    const reachable = this.reachableMask();
    let state: "whole" | "degraded" = "whole";
    this.counters.forEachMask((owner, _shard, written, _held, current) => {
      if (owner === volume && written && bitCount(current & reachable) < this.topology.copies[pool]!) state = "degraded";
    });
    return state;
  }

  /** The volume's own chunks some node placed for them holds, current or not (volume-lifecycle.ts surveyedRanges, counted by mask). */
  placedChunks(volume: number): number {
    let chunks = 0;
    this.counters.forEachMask((owner, shard, _written, held, _current, count) => {
      if (owner === volume && (held & this.placedMask(shard)) !== 0) chunks += count;
    });
    return chunks;
  }

  /** The snapshot's chunks some node placed for them holds unshared with any sibling, each once (distributed-snapshots.ts walkedExclusive, by mask). */
  placedOwnChunks(snapshot: number): number {
    return this.counters.placedOwnChunksOf(snapshot, (shard) => this.placedMask(shard));
  }

  private placedMask(shard: number): number {
    let mask = 0;
    for (const node of this.topology.replicasOf(shard)) mask |= 1 << node;
    return mask;
  }

  /** The chunk copies the rebuild still owes (rebuild.ts `pending`, counted per mask): none of a snapshot's when the masks tell, so each moves bytes. */
  pendingCopies(): number {
    const reachable = this.reachableMask();
    const degraded = this.degraded();
    const kept = ~this.drainingMask();
    let pending = 0;
    this.masksByShard(reachable).forEach((masks, shard) => {
      for (const [mask, count] of masks) pending += this.owed(shard, mask, reachable, degraded, kept) * count;
    });
    return pending;
  }
}
