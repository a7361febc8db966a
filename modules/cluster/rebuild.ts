// Rebuild: keeping every shard at full copies as nodes come and go.
//
// Once a second of simulated time, while there is anything to do, the rebuilder compares every
// chunk's copies on the nodes that can be reached against the version the MDM committed for it
// (chunk-versions.ts): only copies at that version are sources, never merely the newest found.
// Each replica node the placement wants that lacks the chunk or holds an older version gets a
// copy, at most REBUILD_BANDWIDTH bytes a second in all. A node that returns before the rebuild
// interval gets only the chunks written while it was away (backward rebuild); a node DOWN longer
// than REBUILD_AFTER_MS is taken out of placement and its copies are re-created elsewhere
// (forward rebuild). Copies on reachable nodes placement no longer wants are dropped once every
// wanted copy of their chunk is reachable and current (a crashed node's disk keeps what it had),
// also when placement returns with nothing to copy. A chunk a snapshot shares with its volume is
// copied once: its sibling addresses share the copy on the target (node-store.ts `copy`).
// A node being drained (`cluster sds remove`) is out of placement: its copies move off it even
// while another node is away, and each stays until every wanted copy of its chunk is in place.
// When a node whose copies were re-created elsewhere returns, its copies that went stale meanwhile
// are archived (replica state Archived) until `cluster archive clean`; its current ones serve again.

import { assert, at } from "../../src/assert.js";
import { CLUSTER_CHUNK_SIZE, CLUSTER_STORED_CHUNK_MAX, REBUILD_BANDWIDTH, REBUILD_TICK_MS } from "../../src/limits.js";
import type { ChunkVersions } from "./chunk-versions.js";
import { type ClusterHealth, NodeState } from "./health.js";
import { JOB_KINDS, type JobKind } from "./job-history.js";
import type { NodeStores } from "./node-store.js";
import type { Topology } from "./topology.js";

export interface RebuildStatus {
  readonly pendingBytes: number; // copies still to make
  readonly copiedBytes: number; // copies made since the cluster was last in sync
  readonly etaMs: number;
  readonly startedMs: number | null; // null when in sync
}

/** A chunk's copies among reachable nodes: its committed version and who holds it current. */
interface ChunkCopies {
  version: number;
  holders: number[];
}

export class Rebuilder {
  private copiedBytes = 0;
  private startedMs = -1;
  private credit = 0;
  private stepKind = -1; // the strongest JOB_KINDS index among the copies the last step made

  constructor(
    private readonly topology: Topology,
    private readonly stores: NodeStores,
    private readonly health: ClusterHealth,
    private readonly versions: ChunkVersions,
    private readonly shardOf: (address: number) => number | undefined, // undefined: its volume is gone
    private readonly draining: Uint8Array, // by node, non-zero while a graceful removal drains it (control-plane.ts)
  ) {}

  /** Nodes being drained, as a mask: their copies are leaving, so they do not count towards a chunk's kept copies. */
  drainingMask(): number {
    let mask = 0;
    for (const node of this.topology.nodes.slots()) if (this.draining[node] !== 0) mask |= 1 << node;
    return mask;
  }

  /**
   * Every written chunk and every chunk address held by a reachable node, with its committed version
   * and the reachable nodes holding it at that version (none, when only copies that are behind can
   * be reached, or none at all: the views count such a chunk, the data path fails on it with EIO).
   */
  survey(): Map<number, ChunkCopies> {
    const copies = new Map<number, ChunkCopies>(); // one survey's answer, built afresh each time: not kept
    this.versions.forEachWritten((key, version) => copies.set(key, { version, holders: [] }));
    const held = this.stores.liveByNode(); // one scan of the copies for all nodes
    for (const node of this.topology.nodes.slots()) {
      if (!this.health.reachable(node)) continue;
      // Chunks no earlier node holds and none was written join in text order, as they always have.
      for (const key of this.stores.sortByText(held[node]!.filter((key) => !copies.has(key)))) copies.set(key, { version: this.versions.of(key), holders: [] });
      for (const key of held[node]!) {
        const entry = copies.get(key)!;
        if (this.stores.versionOr(node, key, 0) === entry.version) entry.holders.push(node);
      }
    }
    return copies;
  }

  /**
   * Copies still needed: [chunk address, target node, source node]. While any node is unreachable only
   * copies that restore redundancy are made; moves that merely rebalance wait (as Ceph's balancer
   * pauses while the cluster is degraded). A draining node's copy is leaving, so moving it off is
   * not a mere rebalance: it goes on (as Ceph backfills an OSD marked out while another is down).
   */
  pending(copies = this.survey()): [number, number, number][] {
    const work: [number, number, number][] = [];
    const degraded = this.topology.nodes.slots().some((node) => !this.health.reachable(node));
    const leaving = this.drainingMask();
    for (const [key, entry] of copies) {
      const shard = this.shardOf(key);
      if (shard === undefined) continue;
      const wanted = this.topology.replicasOf(shard);
      if (entry.holders.length === 0) continue; // only copies that are behind: wait for a current one
      if (degraded && keptCount(entry.holders, leaving) >= wanted.length) continue;
      for (const node of wanted) {
        if (this.health.reachable(node) && !entry.holders.includes(node)) work.push([key, node, at(entry.holders, 0, "a chunk's current holders")]);
      }
    }
    return work;
  }

  /**
   * What a copy does: a rebuild when its chunk has fewer current copies in reach than placed, a
   * drain when one of them is on a node being removed, else a rebalance (job-history.ts names jobs so).
   */
  private kindOf(holders: readonly number[], wanted: number): JobKind {
    if (holders.length < wanted) return "rebuild";
    return holders.some((node) => this.draining[node] !== 0) ? "drain" : "rebalance";
  }

  /** One rebuild step at `nowMs`: the strongest kind of copy it made, and what a rebuild that finished with it copied, over how long. */
  step(nowMs: number): { copied: JobKind | undefined; finished: { bytes: number; ms: number } | undefined } {
    this.stepKind = -1;
    const finished = this.copyStep(nowMs);
    return { copied: this.stepKind < 0 ? undefined : JOB_KINDS[this.stepKind], finished };
  }

  private copyStep(nowMs: number): { bytes: number; ms: number } | undefined {
    const copies = this.survey();
    const work = this.pending(copies);
    if (work.length > 0 && this.startedMs < 0) this.startedMs = nowMs;
    this.credit += (REBUILD_BANDWIDTH * REBUILD_TICK_MS) / 1000;
    let done = 0;
    for (const [key, target, source] of work) {
      if (this.credit < CLUSTER_CHUNK_SIZE) break;
      assert(this.stores.versionOr(source, key, -1) === copies.get(key)?.version, "a rebuild copies only from a current copy"); // constant: per chunk
      assert(target !== source, "a rebuild copies to another node than its source");
      done++;
      const kind = JOB_KINDS.indexOf(this.kindOf(copies.get(key)!.holders, this.topology.replicasOf(this.shardOf(key)!).length));
      this.stepKind = Math.max(this.stepKind, kind);
      if (!this.stores.copy(source, target, key)) continue; // shared on the target with a sibling copied before: no bytes move
      this.credit -= CLUSTER_CHUNK_SIZE;
      this.copiedBytes += CLUSTER_CHUNK_SIZE;
    }
    if (done < work.length) return undefined;
    const finished = this.copiedBytes > 0 ? { bytes: this.copiedBytes, ms: nowMs - this.startedMs + REBUILD_TICK_MS } : undefined; // each tick copies the second before it
    this.credit = 0;
    this.dropUnwanted(this.survey());
    this.startedMs = -1;
    this.copiedBytes = 0;
    return finished;
  }

  /** Archives the copies on `node` (back after a forward rebuild) that a reachable node holds newer; returns how many. */
  archiveStale(node: number): number {
    const copies = this.survey();
    let archived = 0;
    for (const key of this.stores.keys(node)) {
      const newest = copies.get(key);
      if (newest === undefined || newest.version <= this.stores.versionOr(node, key, 0)) continue;
      this.stores.archive(node, key);
      archived++;
    }
    return archived;
  }

  /**
   * Drops copies on reachable nodes placement no longer wants, where every wanted copy is reachable
   * and current: after a rebuild, and whenever placement returns with nothing to copy (a node back
   * after a forward rebuild), so the copies made meanwhile free their chunks.
   */
  dropUnwanted(copies = this.survey()): void {
    for (const [key, entry] of copies) {
      const shard = this.shardOf(key);
      if (shard === undefined) continue;
      const wanted = this.topology.replicasOf(shard);
      if (!wanted.every((node) => this.health.reachable(node) && this.health.states[node] === NodeState.Active && entry.holders.includes(node))) continue; // a node back but not yet seen ACTIVE does not count
      for (const node of this.topology.nodes.slots()) if (this.health.reachable(node) && !wanted.includes(node)) this.stores.delete(node, key);
    }
  }

  /**
   * Draining nodes that still hold chunks, with the placed nodes those chunks wait for: out of reach
   * or not yet seen ACTIVE. A leaving copy is dropped only once every wanted copy of its chunk is
   * in place (`dropUnwanted`), so while such a node is away the drain keeps it, and waits.
   */
  drainsHeld(): { node: number; chunks: number; waitsFor: number[] }[] {
    const drains: { node: number; chunks: number; waitsFor: number[] }[] = []; // one report's answer, at most a row a node
    for (const node of this.topology.nodes.slots()) {
      if (this.draining[node] === 0 || this.stores.count(node) === 0) continue;
      let waitsFor = 0; // as a node mask
      for (const key of this.stores.keys(node)) {
        const shard = this.shardOf(key);
        if (shard === undefined) continue;
        for (const wanted of this.topology.replicasOf(shard)) if (!this.health.reachable(wanted) || this.health.states[wanted] !== NodeState.Active) waitsFor |= 1 << wanted;
      }
      drains.push({ node, chunks: this.stores.count(node), waitsFor: this.topology.nodes.slots().filter((n) => (waitsFor & (1 << n)) !== 0) });
    }
    return drains;
  }

  /**
   * How many of `work`'s copies move bytes: a chunk a snapshot shares with its volume goes to a
   * target once, and not at all where the target holds a sibling sharing it (`copy` shares it there).
   */
  chunksToCopy(work: readonly [number, number, number][]): number {
    const sent = new Set<number>(); // local to one call: (target, the source's stored chunk) pairs counted
    let chunks = 0;
    for (const [key, target, source] of work) {
      if (this.stores.sharedBy(source, key) > 1) {
        const id = this.stores.chunkIdOr(source, key);
        if (this.stores.sharedSibling(source, target, key, id) >= 0 || sent.has(target * CLUSTER_STORED_CHUNK_MAX + id)) continue;
        sent.add(target * CLUSTER_STORED_CHUNK_MAX + id);
      }
      chunks++;
    }
    return chunks;
  }

  /** Progress at `nowMs`; `pendingCopies` (copies that move bytes) when the caller knows it without a survey (a settled cluster has none). */
  status(nowMs: number, pendingCopies = this.chunksToCopy(this.pending())): RebuildStatus {
    const pendingBytes = pendingCopies * CLUSTER_CHUNK_SIZE;
    return { pendingBytes, copiedBytes: this.copiedBytes, etaMs: (pendingBytes / REBUILD_BANDWIDTH) * 1000, startedMs: pendingBytes > 0 ? Math.min(this.startedMs < 0 ? nowMs : this.startedMs, nowMs) : null };
  }

  toJSON(): [number, number, number] {
    return [this.copiedBytes, this.startedMs, this.credit];
  }

  restore(saved: readonly number[]): void {
    [this.copiedBytes, this.startedMs, this.credit] = [saved[0] ?? 0, saved[1] ?? -1, saved[2] ?? 0];
  }
}

/** Holders outside the `leaving` mask (nodes being drained): the copies a chunk keeps. */
function keptCount(holders: readonly number[], leaving: number): number {
  let kept = 0;
  for (const node of holders) if ((leaving & (1 << node)) === 0) kept++;
  return kept;
}
