// The forwarding database: (MAC, VLAN) -> port, in typed arrays allocated once at FDB_ENTRY_MAX.
// Open addressing with linear probing over a power-of-two table at most half full; deletion
// shifts the following run back (no tombstones), so a lookup stops at the first empty slot.
//
// A key is two uint32 words: `high` = the MAC's top 16 bits << 12 | the VLAN id (28 bits), and
// `low` = the MAC's low 32 bits. Entries live in the probe slots themselves (no index to follow):
// src/table/int-map.ts keeps insertion order behind an index, which a bridge does not need and
// its 53-bit keys could not hold a MAC and a VLAN together. This table only stores and finds; what
// an entry means (static, aged, moved) is the bridge's business.

import { assert } from "../../../src/assert.js";
import { FDB_ENTRY_MAX } from "../../../src/limits.js";

export const EMPTY_KEY = 0xffffffff; // no (MAC, VLAN) has a high word this large (it is 28 bits)
export const FLAG_STATIC = 1; // added by hand: never aged
export const FLAG_STICKY = 2; // static, and never moved by learning (Linux's `sticky`)

export class FdbTable {
  readonly keyHigh: Uint32Array;
  readonly keyLow: Uint32Array;
  readonly ports: Uint8Array;
  readonly flags: Uint8Array;
  readonly seenMs: Float64Array; // learned (or added) at this simulated time
  readonly mask: number;
  count = 0;

  constructor(readonly capacity: number = FDB_ENTRY_MAX) {
    assert(Number.isInteger(capacity) && capacity > 0 && capacity <= 2 ** 16, "FDB capacity is 1..2^16");
    let size = 2;
    while (size < 2 * capacity) size *= 2;
    this.mask = size - 1;
    this.keyHigh = new Uint32Array(size).fill(EMPTY_KEY);
    this.keyLow = new Uint32Array(size);
    this.ports = new Uint8Array(size);
    this.flags = new Uint8Array(size);
    this.seenMs = new Float64Array(size);
  }

  get slots(): number {
    return this.mask + 1;
  }

  /** The high key word of (MAC top 16 bits, VLAN). */
  static high(macHigh: number, vlan: number): number {
    return (macHigh << 12) | vlan;
  }

  private home(high: number, low: number): number {
    let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 13)) & this.mask;
  }

  /** The slot holding the key, or the bitwise complement of the empty slot it would take. */
  find(high: number, low: number): number {
    const keyHigh = this.keyHigh;
    for (let i = this.home(high, low); ; i = (i + 1) & this.mask) {
      const stored = keyHigh[i]!;
      if (stored === EMPTY_KEY) return ~i;
      if (stored === high && this.keyLow[i] === low) return i;
    }
  }

  /** Fills the empty slot `find` pointed at; the caller has checked there is room. */
  insertAt(slot: number, high: number, low: number, port: number, flags: number, nowMs: number): void {
    assert(this.count < this.capacity && this.keyHigh[slot] === EMPTY_KEY, "an FDB insert has room and an empty slot");
    this.keyHigh[slot] = high;
    this.keyLow[slot] = low;
    this.ports[slot] = port;
    this.flags[slot] = flags;
    this.seenMs[slot] = nowMs;
    this.count++;
  }

  /** Empties `slot` and shifts the run after it back, so every key stays reachable from its home. */
  removeAt(slot: number): void {
    assert(this.keyHigh[slot] !== EMPTY_KEY, "an FDB delete names a used slot");
    let hole = slot;
    for (let j = (slot + 1) & this.mask; this.keyHigh[j] !== EMPTY_KEY; j = (j + 1) & this.mask) {
      const home = this.home(this.keyHigh[j]!, this.keyLow[j]!);
      if (((j - home) & this.mask) >= ((j - hole) & this.mask)) {
        this.move(j, hole);
        hole = j;
      }
    }
    this.keyHigh[hole] = EMPTY_KEY;
    this.keyLow[hole] = 0;
    this.ports[hole] = 0;
    this.flags[hole] = 0;
    this.seenMs[hole] = 0;
    this.count--;
  }

  private move(from: number, to: number): void {
    this.keyHigh[to] = this.keyHigh[from]!;
    this.keyLow[to] = this.keyLow[from]!;
    this.ports[to] = this.ports[from]!;
    this.flags[to] = this.flags[from]!;
    this.seenMs[to] = this.seenMs[from]!;
  }

  /**
   * Removes every entry `doomed(slot)` picks; returns how many. A removal can shift a later entry
   * into the slot just emptied, so that slot is looked at again before moving on (an entry that
   * wraps from the front to the back is looked at twice, harmlessly: it was kept once already).
   */
  removeWhere(doomed: (slot: number) => boolean): number {
    let removed = 0;
    for (let slot = 0; slot <= this.mask; ) {
      if (this.keyHigh[slot] !== EMPTY_KEY && doomed(slot)) {
        this.removeAt(slot);
        removed++;
      } else slot++;
    }
    return removed;
  }

  vlanAt(slot: number): number {
    return this.keyHigh[slot]! & 0xfff;
  }

  macHighAt(slot: number): number {
    return this.keyHigh[slot]! >>> 12;
  }
}
