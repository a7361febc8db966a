// Counters the cluster's reports read instead of surveying every chunk: per shard, the chunks
// present (written, or held by some node) and the newest committed version among them; per
// (node, shard), the present chunks the node holds at exactly the committed version; per volume,
// its own present chunks, and its written ones per shard; per snapshot, the copies of its chunks
// that no sibling (the volume or another snapshot at the same index) shares on their node: what
// the snapshot alone keeps, its used space. They change as IO happens: the node stores and the
// committed versions call `touch(address)` whenever a copy or a committed version of that
// address changes, and the address's contribution is taken out and put back (and its siblings'
// sharing recounted). Each address keeps its last contribution (its shard and which nodes hold
// it current) in one fixed hash map, so a touch costs one lookup per storage node (and per
// snapshot of its volume), never a walk over the data. Nothing here is saved: a restore recounts.
//
// With them a report knows in O(shards x copies) whether the cluster is settled or standing
// (settled.ts: every placed replica holding every present chunk of its shard current, none out
// of placement; settled also has every node in reach). Then the reports need no survey. While
// copies are behind (a node failed and written past, a rebuild under way) they read the mask
// counts instead: per shard, how many present chunks have each set of current holders, written
// or not (copy-masks.ts turns them into replica states and the copies the rebuild still owes, in
// O(shards x distinct masks)). Otherwise they take the slow way, which stays the reference
// (`recount` and the property test check that the counters never drift from it).

import { assert } from "../../src/assert.js";
import { CLUSTER_CHUNK_KEY_MAX, SHARD_COUNT_MAX, SNAPSHOT_COUNT_MAX, STORAGE_NODE_MAX, VOLUME_COUNT_MAX } from "../../src/limits.js";
import { IntMap } from "../../src/table/int-map.js";
import { ARCHIVED, chunkAddress, indexOf, NO_SNAPSHOT, snapshotOf, volumeOf } from "./chunk-address.js";

/** What the counters read: the copies held and the committed versions, and the shard of a chunk. */
export interface CountedParts {
  versionOr(node: number, address: number, absent: number): number; // the node store's copy
  chunkIdOr(node: number, address: number): number; // the stored chunk the copy refers to, -1: none (shared copies share it)
  committed(address: number): number; // 0: never written
  shardIfExists(address: number): number | undefined; // undefined: its volume is gone
  forEachAddress(each: (address: number) => void): void; // every written or held address (repeats allowed)
}

// An entry: ((shard * 2 + ahead) * MASK_BITS + the mask of nodes holding it at all) * MASK_BITS + the mask of nodes holding it current.
const MASK_BITS = 2 ** STORAGE_NODE_MAX;
const ABSENT = -1;
const UNCOUNTED = -2; // present, but its volume is gone
const shardOf = (entry: number) => Math.floor(entry / (2 * MASK_BITS * MASK_BITS));
const aheadOf = (entry: number) => Math.floor(entry / (MASK_BITS * MASK_BITS)) % 2; // 1: some node holds a version past the committed one
const heldOf = (entry: number) => Math.floor(entry / MASK_BITS) % MASK_BITS;
const maskOf = (entry: number) => entry % MASK_BITS;
const SNAPSHOTS = VOLUME_COUNT_MAX; // the owner of a snapshot's chunk in the mask counts (a volume's own chunks count under its slot)
/** A key of the mask counts: (owner, shard, written or not, nodes holding it, nodes holding it current). */
const maskKey = (owner: number, shard: number, written: boolean, held: number, current: number) => (((owner * SHARD_COUNT_MAX + shard) * 2 + (written ? 1 : 0)) * MASK_BITS + held) * MASK_BITS + current;
/** Nodes in a mask. */
export const bitCount = (mask: number) => {
  let bits = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) bits++;
  return bits;
};

export class ShardCounters {
  private readonly entries = new IntMap("counted chunk", CLUSTER_CHUNK_KEY_MAX, "CLUSTER_CHUNK_KEY_MAX");
  private readonly versions = new IntMap("counted version", CLUSTER_CHUNK_KEY_MAX, "CLUSTER_CHUNK_KEY_MAX"); // the committed version each entry was counted at
  readonly present = new Int32Array(SHARD_COUNT_MAX);
  readonly current = new Int32Array(STORAGE_NODE_MAX * SHARD_COUNT_MAX); // node * SHARD_COUNT_MAX + shard
  readonly volumeChunks = new Int32Array(VOLUME_COUNT_MAX); // a volume's own present chunks (not its snapshots')
  readonly volumeShardWritten = new Int32Array(VOLUME_COUNT_MAX * SHARD_COUNT_MAX); // volume * SHARD_COUNT_MAX + shard: where its own written chunks lie
  private readonly newest = new Float64Array(SHARD_COUNT_MAX);
  private readonly newestStale = new Uint8Array(SHARD_COUNT_MAX); // a chunk at the newest version left: recompute on read
  readonly snapshotOwn = new Int32Array(SNAPSHOT_COUNT_MAX); // copies of each snapshot's chunks no sibling shares (its used space)
  private readonly snapshotPresent = new Int32Array(SNAPSHOT_COUNT_MAX); // present chunks of each snapshot slot
  private readonly snapshotVolume = new Int16Array(SNAPSHOT_COUNT_MAX); // the volume of each snapshot slot with present chunks
  private readonly ownMasks = new IntMap("counted snapshot chunk", CLUSTER_CHUNK_KEY_MAX, "CLUSTER_CHUNK_KEY_MAX"); // snapshot address -> its shard * MASK_BITS + the nodes where no sibling shares it
  private readonly ownMaskCounts = new IntMap("counted snapshot mask", CLUSTER_CHUNK_KEY_MAX, "CLUSTER_CHUNK_KEY_MAX"); // (snapshot, shard, unshared nodes) -> its chunks: the placed ones among them, per shard, without a walk
  private readonly siblings = new Int32Array(SNAPSHOT_COUNT_MAX); // scratch: the snapshot slots of one touch's volume
  private readonly maskCounts = new IntMap("counted copy mask", CLUSTER_CHUNK_KEY_MAX, "CLUSTER_CHUNK_KEY_MAX"); // maskKey -> present chunks; as many keys as distinct masks, never more than chunks
  private ahead = 0; // present chunks some node holds past their committed version (a write under way): mask counts do not tell
  private uncounted = 0; // present chunks whose volume is gone: the counters cannot place them
  private stale = true; // recount before the next read (at boot and after a restore)

  constructor(private readonly parts: CountedParts) {}

  /** Forget everything and recount at the next read (a restore rebuilds the tables under the counters). */
  invalidate(): void {
    this.stale = true;
  }

  /** The copies or committed version of `address` changed: its contribution is taken out and put back. */
  touch(address: number): void {
    if (this.stale || address >= ARCHIVED) return; // archived copies are out of the data path
    const before = this.entries.getOr(address, ABSENT);
    const versionBefore = this.versions.getOr(address, 0);
    if (before !== ABSENT) this.count(address, before, -1);
    const after = this.entryOf(address, before);
    const version = after === ABSENT ? 0 : this.parts.committed(address);
    if (after === ABSENT) {
      this.entries.delete(address);
      this.versions.delete(address);
    } else {
      this.entries.set(address, after);
      this.versions.set(address, version);
      this.count(address, after, +1);
      if (after !== UNCOUNTED) this.newest[shardOf(after)] = Math.max(this.newest[shardOf(after)]!, version);
    }
    // The newest version of the shard may have left with this chunk (deleted, or set back by a restore): recomputed at the next read.
    const stays = after !== ABSENT && after !== UNCOUNTED && shardOf(after) === shardOf(before) && version >= versionBefore;
    if (before >= 0 && !stays && versionBefore >= this.newest[shardOf(before)]!) this.newestStale[shardOf(before)] = 1;
    this.recountSharing(address);
  }

  /**
   * Recounts which copies of the snapshots' chunks at the touched address's (volume, index) no
   * sibling shares: a copy-on-write, a new snapshot or a deletion there changes them, never elsewhere.
   * O(nodes x snapshots of the volume); nothing when the volume has no snapshot with chunks.
   */
  private recountSharing(address: number): void {
    const volume = volumeOf(address);
    const index = indexOf(address);
    const own = snapshotOf(address);
    let slots = 0;
    for (let s = 0; s < SNAPSHOT_COUNT_MAX; s++) if (s === own || (this.snapshotPresent[s]! > 0 && this.snapshotVolume[s] === volume)) this.siblings[slots++] = s;
    for (let k = 0; k < slots; k++) {
      const slot = this.siblings[k]!;
      const sibling = chunkAddress(volume, slot, index);
      const entry = this.entries.getOr(sibling, ABSENT);
      const mask = entry >= 0 ? this.unsharedOn(volume, index, slot, slots) : 0;
      const value = mask === 0 ? 0 : shardOf(entry) * MASK_BITS + mask;
      const before = this.ownMasks.getOr(sibling, 0);
      if (value === before) continue;
      this.snapshotOwn[slot]! += bitCount(mask) - bitCount(maskOf(before));
      if (before !== 0) this.countOwnMask(slot, before, -1);
      if (value !== 0) this.countOwnMask(slot, value, +1);
      if (value === 0) this.ownMasks.delete(sibling);
      else this.ownMasks.set(sibling, value);
    }
  }

  /** One snapshot chunk more or less under (snapshot `slot`, its shard and unshared nodes: `value`). */
  private countOwnMask(slot: number, value: number, sign: 1 | -1): void {
    const key = slot * SHARD_COUNT_MAX * MASK_BITS + value;
    const count = this.ownMaskCounts.getOr(key, 0) + sign;
    if (count === 0) this.ownMaskCounts.delete(key);
    else this.ownMaskCounts.set(key, count);
  }

  /** The snapshot's chunks some node `placed(shard)` (a mask) names holds unshared with any sibling, each chunk once however many copies: O(distinct masks), never O(chunks). */
  placedOwnChunksOf(snapshot: number, placed: (shard: number) => number): number {
    this.fresh();
    let chunks = 0;
    this.ownMaskCounts.forEach((key, count) => {
      if (Math.floor(key / (SHARD_COUNT_MAX * MASK_BITS)) !== snapshot) return;
      if ((maskOf(key) & placed(Math.floor(key / MASK_BITS) % SHARD_COUNT_MAX)) !== 0) chunks += count;
    });
    return chunks;
  }

  /** The nodes whose copy of snapshot `slot`'s chunk `index` refers to a stored chunk no sibling (the volume, the first `slots` siblings) refers to. */
  private unsharedOn(volume: number, index: number, slot: number, slots: number): number {
    let mask = 0;
    for (let node = 0; node < STORAGE_NODE_MAX; node++) {
      const id = this.parts.chunkIdOr(node, chunkAddress(volume, slot, index));
      if (id < 0) continue;
      let shared = this.parts.chunkIdOr(node, chunkAddress(volume, NO_SNAPSHOT, index)) === id;
      for (let k = 0; k < slots && !shared; k++) shared = this.siblings[k] !== slot && this.parts.chunkIdOr(node, chunkAddress(volume, this.siblings[k]!, index)) === id;
      if (!shared) mask |= 1 << node;
    }
    return mask;
  }

  /** The entry `address` contributes now: ABSENT, or its shard and current mask (uncounted when its volume is gone). */
  private entryOf(address: number, before: number): number {
    const committed = this.parts.committed(address);
    let mask = 0;
    let held = 0;
    let ahead = 0;
    for (let node = 0; node < STORAGE_NODE_MAX; node++) {
      const version = this.parts.versionOr(node, address, -1);
      if (version < 0) continue;
      held |= 1 << node;
      if (version === committed) mask |= 1 << node;
      else if (version > committed) ahead = 1;
    }
    if (held === 0 && committed === 0) return ABSENT;
    const shard = before >= 0 ? shardOf(before) : this.parts.shardIfExists(address);
    if (shard === undefined) return UNCOUNTED;
    return ((shard * 2 + ahead) * MASK_BITS + held) * MASK_BITS + mask;
  }

  private count(address: number, entry: number, sign: 1 | -1): void {
    if (entry === UNCOUNTED) {
      this.uncounted += sign;
      return;
    }
    const shard = shardOf(entry);
    const mask = maskOf(entry);
    this.present[shard]! += sign;
    for (let node = 0; node < STORAGE_NODE_MAX; node++) if ((mask & (1 << node)) !== 0) this.current[node * SHARD_COUNT_MAX + shard]! += sign;
    this.ahead += sign * aheadOf(entry);
    const snapshot = snapshotOf(address);
    const owner = snapshot === NO_SNAPSHOT ? volumeOf(address) : SNAPSHOTS;
    const key = maskKey(owner, shard, this.versions.getOr(address, 0) > 0, heldOf(entry), mask); // the version it is counted at (set before +1, cleared after -1)
    const count = this.maskCounts.getOr(key, 0) + sign;
    if (count === 0) this.maskCounts.delete(key);
    else this.maskCounts.set(key, count);
    if (snapshot === NO_SNAPSHOT) {
      this.volumeChunks[volumeOf(address)]! += sign;
      if (this.versions.getOr(address, 0) > 0) this.volumeShardWritten[volumeOf(address) * SHARD_COUNT_MAX + shard]! += sign; // the version it is counted at (set before +1, cleared after -1)
    } else {
      this.snapshotPresent[snapshot]! += sign;
      this.snapshotVolume[snapshot] = volumeOf(address);
    }
  }

  /** Recounts from scratch when stale; every read goes through here. */
  private fresh(): void {
    if (!this.stale) return;
    this.entries.clear();
    this.versions.clear();
    this.present.fill(0);
    this.current.fill(0);
    this.volumeChunks.fill(0);
    this.volumeShardWritten.fill(0);
    this.newest.fill(0);
    this.newestStale.fill(0);
    this.snapshotOwn.fill(0);
    this.snapshotPresent.fill(0);
    this.ownMasks.clear();
    this.ownMaskCounts.clear();
    this.maskCounts.clear();
    this.ahead = 0;
    this.uncounted = 0;
    this.stale = false;
    this.parts.forEachAddress((address) => {
      if (!this.entries.has(address)) this.touch(address);
    });
  }

  /** Present chunks some node holds past their committed version (the mask counts then do not tell who is current). */
  aheadChunks(): number {
    this.fresh();
    return this.ahead;
  }

  /**
   * Calls `each` for every (owner: a volume's slot for its own chunks, -1 for snapshots' chunks;
   * shard; written or not; nodes holding them; nodes holding them current) with present chunks,
   * and how many: O(distinct masks), never O(chunks).
   */
  forEachMask(each: (owner: number, shard: number, written: boolean, held: number, current: number, chunks: number) => void): void {
    this.fresh();
    this.maskCounts.forEach((key, chunks) => {
      const current = key % MASK_BITS;
      const held = Math.floor(key / MASK_BITS) % MASK_BITS;
      const rest = Math.floor(key / (MASK_BITS * MASK_BITS));
      const owner = Math.floor(rest / (2 * SHARD_COUNT_MAX));
      each(owner === SNAPSHOTS ? -1 : owner, Math.floor(rest / 2) % SHARD_COUNT_MAX, rest % 2 === 1, held, current, chunks);
    });
  }

  /** Whether every present chunk's volume is known (else the fast reports stand aside). */
  complete(): boolean {
    this.fresh();
    return this.uncounted === 0;
  }

  presentIn(shard: number): number {
    this.fresh();
    return this.present[shard]!;
  }

  currentOn(node: number, shard: number): number {
    this.fresh();
    return this.current[node * SHARD_COUNT_MAX + shard]!;
  }

  chunksOf(volume: number): number {
    this.fresh();
    return this.volumeChunks[volume]!;
  }

  /** The volume's own written chunks in `shard`. */
  writtenIn(volume: number, shard: number): number {
    this.fresh();
    return this.volumeShardWritten[volume * SHARD_COUNT_MAX + shard]!;
  }

  /** The indexes of the volume's own present chunks, unsorted: a walk over the chunks present, never over the size provisioned. */
  indexesOf(volume: number): number[] {
    this.fresh();
    const found: number[] = []; // local to one call
    this.entries.forEach((address) => {
      if (volumeOf(address) === volume && snapshotOf(address) === NO_SNAPSHOT) found.push(indexOf(address));
    });
    return found;
  }

  /** Whether the volume's own chunk `address` is present. */
  has(address: number): boolean {
    this.fresh();
    return this.entries.has(address);
  }

  /** Copies of the snapshot's chunks that no sibling shares (times the chunk size: the space it alone keeps). */
  ownCopiesOf(snapshot: number): number {
    this.fresh();
    return this.snapshotOwn[snapshot]!;
  }

  /** The newest committed version among the shard's present chunks (0: none written). */
  newestIn(shard: number): number {
    this.fresh();
    if (this.newestStale[shard] === 1) {
      let newest = 0;
      this.entries.forEach((address, entry) => {
        if (entry >= 0 && shardOf(entry) === shard) newest = Math.max(newest, this.versions.getOr(address, 0));
      });
      this.newest[shard] = newest;
      this.newestStale[shard] = 0;
    }
    return this.newest[shard]!;
  }

  /** The counters as plain numbers (tests compare them with a recount). */
  snapshot(): { present: number[]; current: number[]; volumeChunks: number[]; volumeShardWritten: number[]; newest: number[]; snapshotOwn: number[]; masks: [number, number][]; ownMasks: [number, number][]; ahead: number; uncounted: number } {
    this.fresh();
    assert(this.uncounted >= 0 && this.ahead >= 0, "uncounted and ahead chunks never go below zero");
    const masks = this.maskCounts.entries().sort((a, b) => a[0] - b[0]); // in key order: a recount inserts them in another
    return { present: [...this.present], current: [...this.current], volumeChunks: [...this.volumeChunks], volumeShardWritten: [...this.volumeShardWritten], newest: Array.from({ length: SHARD_COUNT_MAX }, (_, s) => this.newestIn(s)), snapshotOwn: [...this.snapshotOwn], masks, ownMasks: this.ownMaskCounts.entries().sort((a, b) => a[0] - b[0]), ahead: this.ahead, uncounted: this.uncounted };
  }

  /** The same counters recounted the slow way, from scratch (tests: they must equal `snapshot`). */
  recount(): ReturnType<ShardCounters["snapshot"]> {
    const fresh = new ShardCounters(this.parts);
    return fresh.snapshot();
  }
}
