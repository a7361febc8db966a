// Chunk maps: a fixed number of maps (each volume's, each snapshot's, each replication session's
// dirty set), each from an index (a chunk of up to a 16 TiB volume: 2^28 of them) to a non-zero
// Int32 value (0 means unset). A flat array per map would cost 1 GiB per 16 TiB volume, so the
// maps are shaped as xv6 maps a file's blocks: each map has a small root; a root entry names an
// indirect block, whose entries name leaf blocks, whose entries hold the values. Blocks of
// CHUNK_MAP_BLOCK_ENTRIES Int32 come from one pool (MapBlocks) that every map shares, made in
// segments as needed up to CHUNK_MAP_BLOCK_MAX and given back when they empty or the map is
// cleared. So a map costs what is set in it: get/set are three steps, and count, forEach, next,
// copy and clear touch only blocks that exist, never the index range.
//
// Interface: new MapBlocks(); new ChunkMaps(blocks, mapCount, indexMax); set/get/unset one entry;
// count; next (the lowest set index from a point: safe while entries change); forEach (in index
// order; the callback must not change the map); copy (a whole map into an empty one); clear.
// A full block pool fails with ENOSPC naming CHUNK_MAP_BLOCK_MAX, before anything changes.

import { assert } from "../assert.js";
import { fail } from "../errors.js";
import { CHUNK_MAP_BLOCK_MAX, CHUNK_MAP_SEGMENT_BLOCKS } from "../limits.js";

const SHIFT = 10; // log2 of the entries in one block
export const CHUNK_MAP_BLOCK_ENTRIES = 1 << SHIFT;
const MASK = CHUNK_MAP_BLOCK_ENTRIES - 1;
const NO_BLOCK = 0; // block pointers are stored as block + 1, so a zeroed entry names no block

/** The blocks every chunk map takes from: made a segment at a time, up to `max`, reused once freed. */
export class MapBlocks {
  private readonly segments: (Int32Array | undefined)[];
  private readonly used: Uint16Array; // by block: its entries that are set
  private readonly nextFree: Int32Array; // the free list, through the blocks freed
  private freeHead = -1;
  private made = 0; // blocks in the segments made so far
  private inUse = 0;

  constructor(
    readonly max = CHUNK_MAP_BLOCK_MAX,
    private readonly segmentBlocks = CHUNK_MAP_SEGMENT_BLOCKS,
  ) {
    assert(Number.isInteger(max) && max > 0 && Number.isInteger(segmentBlocks) && segmentBlocks > 0, "a block pool has whole, positive sizes");
    this.segments = new Array<Int32Array | undefined>(Math.ceil(max / segmentBlocks)).fill(undefined);
    this.used = new Uint16Array(max);
    this.nextFree = new Int32Array(max);
  }

  /** Blocks that can still be taken. */
  available(): number {
    return this.max - this.inUse;
  }

  blocksInUse(): number {
    return this.inUse;
  }

  /** Fails with ENOSPC unless `blocks` more can be taken. */
  require(blocks: number, what: string): void {
    if (blocks > this.available()) fail("ENOSPC", `chunk map blocks full: ${what} needs ${blocks} more, ${this.available()} of ${this.max} free (CHUNK_MAP_BLOCK_MAX)`, "delete snapshots or volumes");
  }

  /** A zeroed block. */
  take(): number {
    this.require(1, "a chunk map");
    let block = this.freeHead;
    if (block >= 0) this.freeHead = this.nextFree[block]!;
    else {
      block = this.made++;
      const segment = Math.floor(block / this.segmentBlocks);
      if (this.segments[segment] === undefined) this.segments[segment] = new Int32Array(this.segmentBlocks * CHUNK_MAP_BLOCK_ENTRIES);
    }
    this.inUse++;
    return block;
  }

  /** Gives a block back; its entries are zeroed first, so the next taker finds it clean. */
  give(block: number): void {
    this.entries(block).fill(0, this.base(block), this.base(block) + CHUNK_MAP_BLOCK_ENTRIES);
    this.used[block] = 0;
    this.nextFree[block] = this.freeHead;
    this.freeHead = block;
    this.inUse--;
  }

  /** The array holding `block` (its entries start at `base(block)`). */
  entries(block: number): Int32Array {
    return this.segments[Math.floor(block / this.segmentBlocks)]!;
  }

  base(block: number): number {
    return (block % this.segmentBlocks) * CHUNK_MAP_BLOCK_ENTRIES;
  }

  /** Changes `used` of `block` by `delta` and returns it. */
  count(block: number, delta: number): number {
    return (this.used[block] = this.used[block]! + delta);
  }
}

export class ChunkMaps {
  private readonly rootEntries: number;
  private readonly roots: Int32Array; // by map: rootEntries indirect-block pointers
  private readonly counts: Float64Array; // by map: entries set
  private readonly blockCounts: Float64Array; // by map: blocks it holds

  constructor(
    readonly blocks: MapBlocks,
    readonly mapCount: number,
    readonly indexMax: number, // indexes are 0..indexMax-1
  ) {
    assert(Number.isInteger(indexMax) && indexMax > 0 && indexMax <= 2 ** 31, "chunk map indexes fit an Int32");
    this.rootEntries = Math.ceil(indexMax / CHUNK_MAP_BLOCK_ENTRIES ** 2);
    this.roots = new Int32Array(mapCount * this.rootEntries);
    this.counts = new Float64Array(mapCount);
    this.blockCounts = new Float64Array(mapCount);
  }

  private check(map: number, index: number): void {
    if (!(map >= 0 && map < this.mapCount && Number.isInteger(index) && index >= 0 && index < this.indexMax)) assert(false, `chunk map entry (${map}, ${index}) is in range`);
  }

  count(map: number): number {
    return this.counts[map]!;
  }

  /** Blocks `map` holds (what copying it takes). */
  blocksOf(map: number): number {
    return this.blockCounts[map]!;
  }

  /** The leaf block holding `index`, or -1. */
  private leaf(map: number, index: number): number {
    const indirect = this.roots[map * this.rootEntries + (index >>> (2 * SHIFT))]! - 1;
    if (indirect < 0) return -1;
    return this.blocks.entries(indirect)[this.blocks.base(indirect) + ((index >>> SHIFT) & MASK)]! - 1;
  }

  get(map: number, index: number): number {
    this.check(map, index);
    const leaf = this.leaf(map, index);
    return leaf < 0 ? 0 : this.blocks.entries(leaf)[this.blocks.base(leaf) + (index & MASK)]!;
  }

  /** Sets entry `index` to `value` (non-zero; `unset` clears). Takes up to two blocks (ENOSPC before any change). */
  set(map: number, index: number, value: number): void {
    this.check(map, index);
    assert(value !== 0 && (value | 0) === value, "a chunk map value is a non-zero Int32");
    const rootCell = map * this.rootEntries + (index >>> (2 * SHIFT));
    let indirect = this.roots[rootCell]! - 1;
    let leaf = indirect < 0 ? -1 : this.blocks.entries(indirect)[this.blocks.base(indirect) + ((index >>> SHIFT) & MASK)]! - 1;
    if (leaf < 0) this.blocks.require(indirect < 0 ? 2 : 1, "a chunk map");
    if (indirect < 0) {
      indirect = this.blocks.take();
      this.roots[rootCell] = indirect + 1;
      this.blockCounts[map]!++;
    }
    if (leaf < 0) {
      leaf = this.blocks.take();
      this.blocks.entries(indirect)[this.blocks.base(indirect) + ((index >>> SHIFT) & MASK)] = leaf + 1;
      this.blocks.count(indirect, 1);
      this.blockCounts[map]!++;
    }
    const entries = this.blocks.entries(leaf);
    const cell = this.blocks.base(leaf) + (index & MASK);
    if (entries[cell] === 0) {
      this.blocks.count(leaf, 1);
      this.counts[map]!++;
    }
    entries[cell] = value;
  }

  /** Clears entry `index`; a block left empty goes back to the pool. */
  unset(map: number, index: number): void {
    this.check(map, index);
    const rootCell = map * this.rootEntries + (index >>> (2 * SHIFT));
    const indirect = this.roots[rootCell]! - 1;
    if (indirect < 0) return;
    const leafCell = this.blocks.base(indirect) + ((index >>> SHIFT) & MASK);
    const leaf = this.blocks.entries(indirect)[leafCell]! - 1;
    if (leaf < 0) return;
    const cell = this.blocks.base(leaf) + (index & MASK);
    if (this.blocks.entries(leaf)[cell] === 0) return;
    this.blocks.entries(leaf)[cell] = 0;
    this.counts[map]!--;
    if (this.blocks.count(leaf, -1) > 0) return;
    this.blocks.give(leaf);
    this.blocks.entries(indirect)[leafCell] = NO_BLOCK;
    this.blockCounts[map]!--;
    if (this.blocks.count(indirect, -1) > 0) return;
    this.blocks.give(indirect);
    this.roots[rootCell] = NO_BLOCK;
    this.blockCounts[map]!--;
  }

  /** The lowest set index at or past `from`, or -1. Safe to call while entries change. */
  next(map: number, from: number): number {
    assert(map >= 0 && map < this.mapCount && Number.isInteger(from) && from >= 0, "a chunk map search starts in range");
    for (let index = from; index < this.indexMax; ) {
      const indirect = this.roots[map * this.rootEntries + (index >>> (2 * SHIFT))]! - 1;
      if (indirect < 0) {
        index = ((index >>> (2 * SHIFT)) + 1) << (2 * SHIFT); // past this root entry's range
        continue;
      }
      const leaf = this.blocks.entries(indirect)[this.blocks.base(indirect) + ((index >>> SHIFT) & MASK)]! - 1;
      if (leaf >= 0) {
        const entries = this.blocks.entries(leaf);
        const base = this.blocks.base(leaf);
        for (let inner = index & MASK; inner < CHUNK_MAP_BLOCK_ENTRIES; inner++) if (entries[base + inner] !== 0) return (index & ~MASK) + inner;
      }
      index = ((index >>> SHIFT) + 1) << SHIFT; // the next leaf's range
    }
    return -1;
  }

  /** Calls `visit(index, value)` for each set entry in index order; `visit` must not change this map. */
  forEach(map: number, visit: (index: number, value: number) => void): void {
    assert(map >= 0 && map < this.mapCount, "a chunk map in range");
    let left = this.counts[map]!; // the map does not change while visited: past its last set entry nothing is left to find (vol show asks on every call)
    for (let root = 0; root < this.rootEntries && left > 0; root++) {
      const indirect = this.roots[map * this.rootEntries + root]! - 1;
      if (indirect < 0) continue;
      const pointers = this.blocks.entries(indirect);
      const pointerBase = this.blocks.base(indirect);
      for (let middle = 0; middle < CHUNK_MAP_BLOCK_ENTRIES; middle++) {
        const leaf = pointers[pointerBase + middle]! - 1;
        if (leaf < 0) continue;
        const entries = this.blocks.entries(leaf);
        const base = this.blocks.base(leaf);
        const first = (root << (2 * SHIFT)) + (middle << SHIFT);
        for (let inner = 0; inner < CHUNK_MAP_BLOCK_ENTRIES && left > 0; inner++) {
          if (entries[base + inner] !== 0) {
            visit(first + inner, entries[base + inner]!);
            left--;
          }
        }
        if (left === 0) return;
      }
    }
  }

  /** Makes empty map `to` a copy of `from`, block by block (ENOSPC before any change). */
  copy(from: number, to: number): void {
    assert(this.counts[to] === 0 && from !== to, "a map is copied into an empty one");
    this.blocks.require(this.blockCounts[from]!, "copying a chunk map");
    for (let root = 0; root < this.rootEntries; root++) {
      const indirect = this.roots[from * this.rootEntries + root]! - 1;
      if (indirect < 0) continue;
      const copy = this.blocks.take();
      this.roots[to * this.rootEntries + root] = copy + 1;
      this.blocks.count(copy, this.blocks.count(indirect, 0));
      for (let middle = 0; middle < CHUNK_MAP_BLOCK_ENTRIES; middle++) {
        const leaf = this.blocks.entries(indirect)[this.blocks.base(indirect) + middle]! - 1;
        if (leaf < 0) continue;
        const leafCopy = this.blocks.take();
        this.blocks.entries(leafCopy).set(this.blocks.entries(leaf).subarray(this.blocks.base(leaf), this.blocks.base(leaf) + CHUNK_MAP_BLOCK_ENTRIES), this.blocks.base(leafCopy));
        this.blocks.count(leafCopy, this.blocks.count(leaf, 0));
        this.blocks.entries(copy)[this.blocks.base(copy) + middle] = leafCopy + 1;
      }
    }
    this.counts[to] = this.counts[from]!;
    this.blockCounts[to] = this.blockCounts[from]!;
  }

  /** Unsets every entry of `map`, giving its blocks back. */
  clear(map: number): void {
    assert(map >= 0 && map < this.mapCount, "a chunk map in range");
    for (let root = 0; root < this.rootEntries; root++) {
      const cell = map * this.rootEntries + root;
      const indirect = this.roots[cell]! - 1;
      if (indirect < 0) continue;
      const pointers = this.blocks.entries(indirect);
      const pointerBase = this.blocks.base(indirect);
      for (let middle = 0; middle < CHUNK_MAP_BLOCK_ENTRIES; middle++) if (pointers[pointerBase + middle] !== NO_BLOCK) this.blocks.give(pointers[pointerBase + middle]! - 1);
      this.blocks.give(indirect);
      this.roots[cell] = NO_BLOCK;
    }
    this.counts[map] = 0;
    this.blockCounts[map] = 0;
  }
}
