// A fixed-capacity hash map from integer keys (0 <= key < 2^53) to numbers, in typed arrays that
// grow only up to that capacity: the kernel's replacement for a growing Map<string, number> (a
// chunk's committed version by address, a spent nonce's expiry, a stored copy by (node, chunk)).
//
// It iterates in insertion order, exactly as a JS Map does (an updated key keeps its place; a
// deleted and re-added key goes last), so replacing a Map never reorders what a report prints.
// That is the compact-dictionary layout: entries are appended to dense key/value columns, and an
// open-addressing index (linear probing, backward-shift delete, so no tombstones) points into
// them. At full size the columns are twice the capacity; when they run out the live entries move
// to the front in order, which happens at most once per `capacity` inserts. Setting a new key while
// `capacity` keys are live fails with ENOSPC naming the limit. The arrays start small on the first
// insert and double (with the index rebuilt) as keys come, up to their size at full capacity: a
// kernel boots many maps it may never fill, and a full-size index of the cluster's would be
// megabytes whose first touches (one page fault per key, the keys being hashed) cost more than
// the keys.

import { assert } from "../assert.js";
import { fail } from "../errors.js";

const EMPTY = 0; // the index holds entry + 1, so a fresh index needs no filling
const EMPTY_COLUMN = new Float64Array(0);
const EMPTY_FLAGS = new Uint8Array(0);
const EMPTY_INDEX = new Int32Array(0);
const TWO_32 = 2 ** 32;
const FIRST_COLUMN_LENGTH = 1024;

export class IntMap {
  private keyColumn = EMPTY_COLUMN;
  private valueColumn = EMPTY_COLUMN;
  private live = EMPTY_FLAGS;
  private index = EMPTY_INDEX; // hash position -> entry + 1, or EMPTY
  private mask = 0;
  private start = 0; // no live entry before this one
  private end = 0; // entries appended so far, live or deleted
  private count = 0;
  private iterating = 0;

  constructor(
    readonly what: string, // for the ENOSPC message: "spent nonce"
    readonly capacity: number,
    private readonly limitName: string,
  ) {
    assert(Number.isInteger(capacity) && capacity > 0 && capacity <= 2 ** 26, `${what} map capacity is 1..2^26`);
  }

  /**
   * Columns of `length` entries (the live ones kept, in order) and an index at most half full:
   * twice the columns, but no more than twice the capacity, since no more keys are ever live.
   */
  private resize(length: number): void {
    const grow = <T extends Float64Array | Uint8Array>(old: T, bigger: T): T => {
      bigger.set(old.subarray(0, Math.min(old.length, length)));
      return bigger;
    };
    this.keyColumn = grow(this.keyColumn, new Float64Array(length));
    this.valueColumn = grow(this.valueColumn, new Float64Array(length));
    this.live = grow(this.live, new Uint8Array(length));
    let size = 2;
    while (size < 2 * Math.min(length, this.capacity)) size *= 2;
    this.mask = size - 1;
    this.index = new Int32Array(size);
  }

  private allocate(): void {
    this.resize(Math.min(FIRST_COLUMN_LENGTH, 2 * this.capacity));
  }

  get size(): number {
    return this.count;
  }

  private hash(key: number): number {
    let h = Math.imul((key >>> 0) ^ Math.imul(Math.floor(key / TWO_32), 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 13)) & this.mask;
  }

  /** The index position holding `key`, or the bitwise complement of the empty position it would take (-1 before the first insert). */
  private position(key: number): number {
    if (!(Number.isSafeInteger(key) && key >= 0)) assert(false, `${this.what} key ${key} is a whole number 0..2^53`); // the message is built only on failure (a hot path)
    if (this.index === EMPTY_INDEX) return -1;
    for (let i = this.hash(key); ; i = (i + 1) & this.mask) {
      const entry = this.index[i]!;
      if (entry === EMPTY) return ~i;
      if (this.keyColumn[entry - 1] === key) return i;
    }
  }

  has(key: number): boolean {
    return this.position(key) >= 0;
  }

  get(key: number): number | undefined {
    const at = this.position(key);
    return at < 0 ? undefined : this.valueColumn[this.index[at]! - 1];
  }

  /** The value of `key`, or `fallback` when absent. */
  getOr(key: number, fallback: number): number {
    const at = this.position(key);
    return at < 0 ? fallback : this.valueColumn[this.index[at]! - 1]!;
  }

  set(key: number, value: number): void {
    if (this.index === EMPTY_INDEX) this.allocate();
    let at = this.position(key);
    if (at >= 0) {
      this.valueColumn[this.index[at]! - 1] = value;
      return;
    }
    assert(this.iterating === 0, `${this.what} map takes no new key while iterated`);
    if (this.count === this.capacity) fail("ENOSPC", `${this.what} table full: ${this.capacity} of ${this.capacity} in use (${this.limitName})`);
    if (this.end === this.keyColumn.length) {
      // Mostly live: room to grow (up to twice the capacity); mostly deleted: moving the live ones to the front is enough.
      if (2 * this.count >= this.keyColumn.length && this.keyColumn.length < 2 * this.capacity) this.resize(Math.min(2 * this.keyColumn.length, 2 * this.capacity));
      this.compact();
      at = this.position(key);
    }
    const entry = this.end++;
    this.keyColumn[entry] = key;
    this.valueColumn[entry] = value;
    this.live[entry] = 1;
    this.index[~at] = entry + 1;
    this.count++;
  }

  delete(key: number): boolean {
    const at = this.position(key);
    if (at < 0) return false;
    this.live[this.index[at]! - 1] = 0;
    this.count--;
    while (this.end > this.start && this.live[this.end - 1] === 0) this.end--; // a deleted tail costs nothing
    if (this.count === 0) this.start = this.end = 0;
    let hole = at;
    for (let j = (at + 1) & this.mask; this.index[j] !== EMPTY; j = (j + 1) & this.mask) {
      const home = this.hash(this.keyColumn[this.index[j]! - 1]!);
      if (((j - home) & this.mask) >= ((j - hole) & this.mask)) {
        this.index[hole] = this.index[j]!;
        hole = j;
      }
    }
    this.index[hole] = EMPTY;
    return true;
  }

  clear(): void {
    assert(this.iterating === 0, `${this.what} map is not cleared while iterated`);
    if (this.count === 0 && this.end === 0) return;
    this.index.fill(EMPTY);
    this.live.fill(0, 0, this.end);
    this.start = 0;
    this.end = 0;
    this.count = 0;
  }

  /** Calls `each(key, value)` in insertion order. It may delete keys or change values, not add keys. */
  forEach(each: (key: number, value: number) => void): void {
    this.iterating++;
    try {
      for (let entry = this.start; entry < this.end; entry++) if (this.live[entry] === 1) each(this.keyColumn[entry]!, this.valueColumn[entry]!);
    } finally {
      this.iterating--;
    }
  }

  /** Deletes the oldest keys (in insertion order) while `matches` says so; returns how many. */
  deleteOldestWhile(matches: (key: number, value: number) => boolean): number {
    let deleted = 0;
    for (;;) {
      while (this.start < this.end && this.live[this.start] === 0) this.start++;
      if (this.start === this.end || !matches(this.keyColumn[this.start]!, this.valueColumn[this.start]!)) return deleted;
      this.delete(this.keyColumn[this.start]!);
      deleted++;
    }
  }

  /** Keys in insertion order, as a new array. */
  keys(): number[] {
    const keys: number[] = [];
    this.forEach((key) => keys.push(key));
    return keys;
  }

  /** [key, value] pairs in insertion order, as a new array. */
  entries(): [number, number][] {
    const entries: [number, number][] = [];
    this.forEach((key, value) => entries.push([key, value]));
    return entries;
  }

  /** Moves the live entries to the front, in order, and rebuilds the index. */
  private compact(): void {
    let to = 0;
    for (let entry = this.start; entry < this.end; entry++) {
      if (this.live[entry] === 0) continue;
      this.keyColumn[to] = this.keyColumn[entry]!;
      this.valueColumn[to] = this.valueColumn[entry]!;
      to++;
    }
    this.live.fill(1, 0, to);
    this.live.fill(0, to, this.end);
    this.start = 0;
    this.end = to;
    this.index.fill(EMPTY);
    for (let entry = 0; entry < to; entry++) this.index[~this.position(this.keyColumn[entry]!)] = entry + 1;
  }
}
