// Which copies of a chunk are current. On every acknowledged write the MDM records the version
// the chunk reached (its committed version), whichever nodes are reachable; a copy is current
// only at exactly that version. A copy that missed writes while its node was away stays behind
// until a write or the rebuild copies a current one onto it: until then it never serves a read,
// feeds a resync or counts in a scrub. When every current copy is unreachable, IO on the chunk
// fails with EIO until one returns, as Ceph blocks a placement group whose only up-to-date OSD
// is down; an older copy is never passed off as the data.
//
// Eventual and causal pools also queue each secondary copy's update for REPLICA_LAG_MS (the
// deferred updates kept here). A secondary whose queued updates lead without a gap from what
// it holds to the committed version is lagging, not behind: it may serve eventual reads. An
// update reaches its node only if the node is running and still holds the version the update
// was made on; otherwise it is dropped and the copy stays behind for the rebuild.
//
// A chunk never written has committed version 0, and a missing copy counts as version 0 (zeros).
//
// Interface: commit (every acknowledged write) -> currentCopy / usableCopies (which copy an IO
// uses) -> holders / unreadable (where the current copies are, the EIO that names them);
// deferred and applyDue carry the eventual updates; copyKey and deleteWhere follow snapshots,
// resizes and deletes.

import { assert } from "../../src/assert.js";
import { fail } from "../../src/errors.js";
import { CONDITIONS, type ClusterHealth } from "./health.js";
import { parseKey, type NodeStores } from "./node-store.js";
import type { Topology } from "./topology.js";

export interface DeferredUpdate {
  readonly dueMs: number;
  readonly node: number;
  readonly key: string;
  readonly shard: number;
  readonly inner: number;
  readonly data: Uint8Array;
  readonly version: number;
  readonly base: number; // the version the copy must hold for the update to apply
}

export class ChunkVersions {
  private readonly committed = new Map<string, number>(); // chunk key -> committed version; one per written chunk of a volume or snapshot
  readonly deferred: DeferredUpdate[] = []; // in due order; at most PENDING_UPDATE_MAX (the manager checks)

  constructor(
    private readonly stores: NodeStores,
    private readonly topology: Topology,
    private readonly health: ClusterHealth,
  ) {}

  /** The committed version of `key` (0: never written). */
  of(key: string): number {
    return this.committed.get(key) ?? 0;
  }

  /** Records an acknowledged write of `key` at `version`. */
  commit(key: string, version: number): void {
    assert(version > this.of(key), `commit of ${key} at ${version} after ${this.of(key)}`);
    this.committed.set(key, version);
  }

  /** `to` now names the same data as `from` (a snapshot taken, or restored). */
  copyKey(from: string, to: string): void {
    const version = this.of(from);
    if (version === 0) this.committed.delete(to);
    else this.committed.set(to, version);
  }

  deleteWhere(matches: (key: string) => boolean): void {
    for (const key of [...this.committed.keys()]) if (matches(key)) this.committed.delete(key);
  }

  /** Written chunks with their committed versions. */
  written(): IterableIterator<[string, number]> {
    return this.committed.entries();
  }

  stored(node: number, key: string): number {
    return this.stores.get(node, key)?.version ?? 0;
  }

  isCurrent(node: number, key: string): boolean {
    return this.stored(node, key) === this.of(key);
  }

  /** Whether the copy on `node` reaches the committed version through its queued updates alone. */
  inFlight(node: number, key: string): boolean {
    let version = this.stored(node, key);
    let queued = false;
    for (const update of this.deferred) {
      if (update.node !== node || update.key !== key || update.version <= version) continue; // already held
      if (update.base !== version) return false;
      version = update.version;
      queued = true;
    }
    return queued && version === this.of(key);
  }

  /** Current, or (where lag is allowed) lagging behind its in-flight updates only. */
  usable(node: number, key: string, lagAllowed: boolean): boolean {
    return this.isCurrent(node, key) || (lagAllowed && this.inFlight(node, key));
  }

  /** Nodes of the pool holding a current copy of written chunk `key`, reachable or not. */
  holders(pool: number, key: string): number[] {
    return this.topology.nodesOf(pool).filter((node) => this.stores.get(node, key) !== undefined && this.isCurrent(node, key));
  }

  /** Reachable nodes of the pool holding a copy of written chunk `key` that may serve it. */
  usableCopies(pool: number, key: string, lagAllowed: boolean): number[] {
    return this.topology.nodesOf(pool).filter((node) => this.health.reachable(node) && this.stores.get(node, key) !== undefined && this.usable(node, key, lagAllowed));
  }

  /** A reachable node with a current copy of `key`; undefined for a chunk never written; EIO when none is in reach. */
  currentCopy(pool: number, key: string): number | undefined {
    if (this.of(key) === 0) return undefined;
    const copies = this.usableCopies(pool, key, false);
    if (copies.length === 0) this.unreadable(pool, key);
    return copies[0];
  }

  /** EIO for a written chunk none of whose current copies can be reached, naming where they are. */
  unreadable(pool: number, key: string): never {
    const holders = this.holders(pool, key);
    const { volume, snapshot, index } = parseKey(key);
    const what = `chunk ${index} of ${snapshot === undefined ? volume : `${volume}@${snapshot}`}`;
    if (holders.length === 0) fail("EIO", `no node holds the current version of ${what}`);
    const names = holders.map((node) => `${this.topology.nodes.nameOf(node)} (${CONDITIONS[this.health.conditions[node]!]})`).join(", ");
    return fail("EIO", `${what} is unavailable: its current version is only on ${names}; other copies are behind`, `cluster sds recover ${this.topology.nodes.nameOf(holders[0]!)}`);
  }

  /** Applies the updates due by `nowMs` to running nodes; returns the shards that have none queued any more. */
  applyDue(nowMs: number, running: (node: number) => boolean): number[] {
    const settled: number[] = [];
    while (this.deferred.length > 0 && this.deferred[0]!.dueMs <= nowMs) {
      const update = this.deferred.shift()!;
      if (running(update.node) && this.stored(update.node, update.key) === update.base) this.stores.apply(update.node, update.key, update.inner, update.data, update.version);
      if (!this.deferred.some((p) => p.shard === update.shard)) settled.push(update.shard);
    }
    return settled;
  }

  toJSON(): { committed: [string, number][]; deferred: SavedUpdate[] } {
    return {
      committed: [...this.committed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      deferred: this.deferred.map((p) => ({ ...p, data: Buffer.from(p.data).toString("base64") })),
    };
  }

  /** A snapshot from before committed versions were saved takes each chunk's newest stored version. */
  restore(committed: [string, number][] | undefined, deferred: readonly SavedUpdate[], nodes: readonly number[]): void {
    if (committed !== undefined) for (const [key, version] of committed) this.committed.set(key, version);
    else for (const node of nodes) for (const key of this.stores.keys(node)) this.committed.set(key, Math.max(this.of(key), this.stored(node, key)));
    for (const p of deferred) this.deferred.push({ ...p, base: p.base ?? this.stored(p.node, p.key), data: new Uint8Array(Buffer.from(p.data, "base64")) });
    for (const [key, version] of this.committed) if (version === 0) this.committed.delete(key);
  }
}

export type SavedUpdate = Omit<DeferredUpdate, "data" | "base"> & { data: string; base?: number };
