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
// defer and applyDue carry the eventual updates; copyKey and deleteWhere follow snapshots,
// resizes and deletes. Chunks are integer addresses (chunk-address.ts); committed versions live
// in a fixed hash map (insertion-ordered, as the rebuild surveys them), the queued updates in a
// fixed ring of PENDING_UPDATE_MAX with one typed column per field. A queued update keeps its
// node as a handle: a node removed (and its slot reused) before the update lands is not its node.

import { assert } from "../../src/assert.js";
import { fail } from "../../src/errors.js";
import { CLUSTER_WRITTEN_CHUNK_MAX, PENDING_UPDATE_MAX, SHARD_COUNT_MAX } from "../../src/limits.js";
import { IntMap } from "../../src/table/int-map.js";
import { Ring } from "../../src/table/ring.js";
import { chunkAddress, indexOf, ownerOf, volumeOf, type ChunkNames } from "./chunk-address.js";
import { CONDITIONS, type ClusterHealth } from "./health.js";
import type { NodeStores } from "./node-store.js";
import type { Topology } from "./topology.js";

const DROPPED = -1; // a queued update's address once its volume is deleted: it still settles its shard, and lands nowhere

export interface DeferredUpdate {
  readonly dueMs: number;
  readonly node: number;
  readonly key: number; // chunk address
  readonly shard: number;
  readonly inner: number;
  readonly data: Uint8Array;
  readonly version: number;
  readonly base: number; // the version the copy must hold for the update to apply
}

export type SavedUpdate = { dueMs: number; node: number; key: string; shard: number; inner: number; data: string; version: number; base?: number };

/** The queued updates: a ring of slots and one column per field. */
class DeferredQueue {
  readonly ring = new Ring("pending update", PENDING_UPDATE_MAX, "PENDING_UPDATE_MAX", "fail");
  readonly dueMs = new Float64Array(PENDING_UPDATE_MAX);
  readonly node = new Int8Array(PENDING_UPDATE_MAX);
  readonly nodeHandle = new Float64Array(PENDING_UPDATE_MAX); // -1: the node was gone when the update was restored
  readonly address = new Float64Array(PENDING_UPDATE_MAX); // addresses pass 2^31 (chunk-address.ts)
  readonly shard = new Int16Array(PENDING_UPDATE_MAX);
  readonly inner = new Int32Array(PENDING_UPDATE_MAX);
  readonly version = new Float64Array(PENDING_UPDATE_MAX);
  readonly base = new Float64Array(PENDING_UPDATE_MAX);
  readonly data: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(PENDING_UPDATE_MAX).fill(undefined);
  readonly perShard = new Uint16Array(SHARD_COUNT_MAX); // updates queued for each shard
}

export class ChunkVersions {
  private readonly committed = new IntMap("written chunk", CLUSTER_WRITTEN_CHUNK_MAX, "CLUSTER_WRITTEN_CHUNK_MAX"); // address -> committed version
  private readonly queue = new DeferredQueue(); // in due order
  private readonly forgetters: ((matches: (address: number) => boolean) => void)[] = [];
  counters?: { touch(address: number): void }; // the reports' counters (shard-counters.ts), told of every committed version that changes

  constructor(
    private readonly stores: NodeStores,
    private readonly topology: Topology,
    private readonly health: ClusterHealth,
    private readonly names: ChunkNames,
  ) {}

  /** The committed version of `key` (0: never written). */
  of(key: number): number {
    return this.committed.getOr(key, 0);
  }

  /** Records an acknowledged write of `key` at `version`. */
  commit(key: number, version: number): void {
    if (!(version > this.of(key))) assert(false, `commit of ${this.names.text(key)} at ${version} after ${this.of(key)}`); // the message is built only on failure (a hot path)
    this.committed.set(key, version);
    this.counters?.touch(key);
  }

  /** `to` now names the same data as `from` (a snapshot taken, or restored). */
  copyKey(from: number, to: number): void {
    const version = this.of(from);
    if (version === 0) this.committed.delete(to);
    else this.committed.set(to, version);
    this.counters?.touch(to);
  }

  /** Another table keyed by chunk address (the causal `seen`) forgets with this one. */
  alsoForget(forget: (matches: (address: number) => boolean) => void): void {
    this.forgetters.push(forget);
  }

  deleteWhere(matches: (key: number) => boolean): void {
    this.committed.forEach((key) => {
      if (matches(key) && this.committed.delete(key)) this.counters?.touch(key);
    });
    for (const forget of this.forgetters) forget(matches);
  }

  /** Forgets a deleted volume's chunks, its queued updates included (nothing is left to address its slot once it is reused). */
  forgetVolume(volume: number): void {
    this.deleteWhere((address) => volumeOf(address) === volume);
    const q = this.queue;
    for (let i = 0; i < q.ring.length; i++) if (volumeOf(q.address[q.ring.at(i)]!) === volume) q.address[q.ring.at(i)] = DROPPED;
  }

  /** Calls `each` with every written chunk and its committed version, in the order first written (no list is built: reports ask per status). */
  forEachWritten(each: (key: number, version: number) => void): void {
    this.committed.forEach(each);
  }

  /** Indexes of the written chunks of `volume` (or of its snapshot), ascending: a walk over chunks written, never over the size provisioned. */
  writtenIndexes(volume: number, snapshot: number): number[] {
    const owner = ownerOf(chunkAddress(volume, snapshot, 0));
    const found: number[] = [];
    this.committed.forEach((key) => {
      if (ownerOf(key) === owner) found.push(indexOf(key));
    });
    return found.sort((a, b) => a - b);
  }

  stored(node: number, key: number): number {
    return this.stores.versionOr(node, key, 0);
  }

  isCurrent(node: number, key: number): boolean {
    return this.stored(node, key) === this.of(key);
  }

  /** Whether the copy on `node` reaches the committed version through its queued updates alone. */
  inFlight(node: number, key: number): boolean {
    const q = this.queue;
    let version = this.stored(node, key);
    let queued = false;
    for (let i = 0; i < q.ring.length; i++) {
      const slot = q.ring.at(i);
      if (q.address[slot] !== key || q.node[slot] !== node || q.version[slot]! <= version) continue; // already held
      if (q.base[slot] !== version) return false;
      version = q.version[slot]!;
      queued = true;
    }
    return queued && version === this.of(key);
  }

  /** Current, or (where lag is allowed) lagging behind its in-flight updates only. */
  usable(node: number, key: number, lagAllowed: boolean): boolean {
    return this.isCurrent(node, key) || (lagAllowed && this.inFlight(node, key));
  }

  /** Nodes of the pool holding a current copy of written chunk `key`, reachable or not. */
  holders(pool: number, key: number): number[] {
    return this.topology.nodesOf(pool).filter((node) => this.stores.has(node, key) && this.isCurrent(node, key));
  }

  /** Whether some reachable node of the pool holds a copy of written chunk `key` that may serve it (usableCopies, not listed). */
  hasUsableCopy(pool: number, key: number, lagAllowed: boolean): boolean {
    return this.topology.nodesOf(pool).some((node) => this.health.reachable(node) && this.stores.has(node, key) && this.usable(node, key, lagAllowed));
  }

  /** Reachable nodes of the pool holding a copy of written chunk `key` that may serve it. */
  usableCopies(pool: number, key: number, lagAllowed: boolean): number[] {
    return this.topology.nodesOf(pool).filter((node) => this.health.reachable(node) && this.stores.has(node, key) && this.usable(node, key, lagAllowed));
  }

  /** A reachable node with a current copy of `key`; undefined for a chunk never written; EIO when none is in reach. */
  currentCopy(pool: number, key: number): number | undefined {
    if (this.of(key) === 0) return undefined;
    const copies = this.usableCopies(pool, key, false);
    if (copies.length === 0) this.unreadable(pool, key);
    return copies[0];
  }

  /** EIO for a written chunk none of whose current copies can be reached, naming where they are. */
  unreadable(pool: number, key: number): never {
    const holders = this.holders(pool, key);
    const what = this.names.describe(key);
    if (holders.length === 0) fail("EIO", `no node holds the current version of ${what}`);
    const names = holders.map((node) => `${this.topology.nodes.nameOf(node)} (${CONDITIONS[this.health.conditions[node]!]})`).join(", ");
    return fail("EIO", `${what} is unavailable: its current version is only on ${names}; other copies are behind`, `cluster sds recover ${this.topology.nodes.nameOf(holders[0]!)}`);
  }

  // The queued updates of eventual and causal pools

  pendingCount(): number {
    return this.queue.ring.length;
  }

  /** When the first queued update is due; -1 when none is queued. */
  firstDueMs(): number {
    return this.queue.ring.length === 0 ? -1 : this.queue.dueMs[this.queue.ring.oldest()]!;
  }

  /** Queues an update (in due order: callers queue at now + REPLICA_LAG_MS); ENOSPC past PENDING_UPDATE_MAX. */
  defer(update: DeferredUpdate): void {
    const q = this.queue;
    const slot = q.ring.push();
    q.dueMs[slot] = update.dueMs;
    q.node[slot] = update.node;
    q.nodeHandle[slot] = this.topology.nodes.used[update.node] === 1 ? this.topology.nodes.handle(update.node) : -1;
    q.address[slot] = update.key;
    q.shard[slot] = update.shard;
    q.inner[slot] = update.inner;
    q.version[slot] = update.version;
    q.base[slot] = update.base;
    q.data[slot] = update.data;
    q.perShard[update.shard]!++;
  }

  /** Applies the updates due by `nowMs` to running nodes; returns the shards that have none queued any more. */
  applyDue(nowMs: number, running: (node: number) => boolean): number[] {
    const q = this.queue;
    const settled: number[] = [];
    while (q.ring.length > 0 && q.dueMs[q.ring.oldest()]! <= nowMs) {
      const slot = q.ring.shift();
      const node = q.nodeHandle[slot]! < 0 ? -1 : this.topology.nodes.slotIfLive(q.nodeHandle[slot]!);
      const key = q.address[slot]!;
      if (key !== DROPPED && node >= 0 && running(node) && this.stored(node, key) === q.base[slot]) this.stores.apply(node, key, q.inner[slot]!, q.data[slot]!, q.version[slot]!);
      q.data[slot] = undefined;
      if (--q.perShard[q.shard[slot]!]! === 0) settled.push(q.shard[slot]!);
    }
    return settled;
  }

  toJSON(): { committed: [string, number][]; deferred: SavedUpdate[] } {
    const q = this.queue;
    const deferred: SavedUpdate[] = [];
    for (let i = 0; i < q.ring.length; i++) {
      const slot = q.ring.at(i);
      if (q.address[slot] === DROPPED) continue;
      const update = { dueMs: q.dueMs[slot]!, node: q.node[slot]!, key: this.names.text(q.address[slot]!), shard: q.shard[slot]!, inner: q.inner[slot]!, data: Buffer.from(q.data[slot]!).toString("base64"), version: q.version[slot]!, base: q.base[slot]! };
      deferred.push(update);
    }
    const committed = this.committed.entries().map(([key, version]): [string, number] => [this.names.text(key), version]);
    return { committed: committed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), deferred };
  }

  /** A snapshot from before committed versions were saved takes each chunk's newest stored version. */
  restore(committed: [string, number][] | undefined, deferred: readonly SavedUpdate[], nodes: readonly number[]): void {
    if (committed !== undefined) {
      for (const [text, version] of committed) {
        const key = this.names.parse(text);
        if (key !== undefined) this.committed.set(key, version);
      }
    } else for (const node of nodes) for (const key of this.stores.keys(node)) this.committed.set(key, Math.max(this.of(key), this.stored(node, key)));
    for (const p of deferred) {
      const key = this.names.parse(p.key);
      if (key === undefined) continue; // its volume is gone: nothing to land on
      this.defer({ dueMs: p.dueMs, node: p.node, key, shard: p.shard, inner: p.inner, version: p.version, base: p.base ?? this.stored(p.node, key), data: new Uint8Array(Buffer.from(p.data, "base64")) });
    }
    this.committed.forEach((key, version) => {
      if (version === 0) this.committed.delete(key);
    });
  }
}
