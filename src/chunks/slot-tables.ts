// A device's slot tables (stored-device.ts): how many slots it may use, how its tables grow, and
// the slots written since its last sync: a flag per slot and the list of those flagged, in the
// order first written, so a sync visits them without scanning every slot. A slot stays listed
// until the next sync ends, even when a later step (a pinned slot's own sync, a free) clears or
// drops it: the sync passes over those.

import { IO_LENGTH_MAX, JOURNAL_BYTES_MAX } from "../limits.js";

/**
 * The slots a device of ids 0..idMax may use: every id live and as many committed or retired,
 * plus those the journal may pin before it is compacted (JOURNAL_BYTES_MAX, and a command past it).
 */
export function slotsMax(idMax: number, chunkSize: number): number {
  return 2 * (idMax + 1) + Math.ceil((JOURNAL_BYTES_MAX + IO_LENGTH_MAX) / chunkSize) + 2;
}

export class DirtySlots {
  private flag = new Uint8Array(0); // by slot
  private list = new Int32Array(0);
  private count = 0;

  /** Room for `length` slots. */
  grow(length: number): void {
    this.flag = grown(this.flag, new Uint8Array(length));
    this.list = grown(this.list, new Int32Array(length));
  }

  mark(slot: number): void {
    if (this.flag[slot] === 1) return;
    this.flag[slot] = 1;
    this.list[this.count++] = slot;
  }

  /** Synced on its own (a pinned slot): no longer dirty, still listed. */
  clear(slot: number): void {
    this.flag[slot] = 0;
  }

  /** The slots still dirty, in the order first written. */
  *slots(): Generator<number> {
    for (let i = 0; i < this.count; i++) if (this.flag[this.list[i]!] === 1) yield this.list[i]!;
  }

  /** A sync ended: nothing is dirty. */
  reset(): void {
    for (let i = 0; i < this.count; i++) this.flag[this.list[i]!] = 0;
    this.count = 0;
  }
}

/** The next length (doubling, from 1024) that covers `index`, at most `limit`. */
export function grownLength(length: number, index: number, limit: number): number {
  let next = Math.max(length, 1024);
  while (next <= index) next *= 2;
  return Math.min(next, limit);
}

/** `bigger`, holding `old`'s values first. */
export function grown<T extends Uint8Array | Uint32Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
