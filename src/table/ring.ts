// A fixed ring of slots: the bookkeeping of a queue that never grows (pending secondary-copy
// updates, an audit trail). It hands out physical slot numbers; the owner keeps one typed column
// per field at the ring's capacity (columns.ts) and reads and writes them at those slots.
//
// push -> fill the slot's columns; oldest/shift -> read them; at(i) walks oldest to newest. What
// a push does when the ring is full is the owner's explicit choice: "fail" (ENOSPC naming the
// limit) or "overwrite" (the oldest entry goes, as the audit ring wraps by design).

import { assert } from "../assert.js";
import { fail } from "../errors.js";

export type WhenFull = "fail" | "overwrite";

export class Ring {
  private head = 0; // physical slot of the oldest entry
  private count = 0;

  constructor(
    readonly what: string, // for the ENOSPC message: "pending update"
    readonly capacity: number,
    private readonly limitName: string,
    readonly whenFull: WhenFull,
  ) {
    assert(Number.isInteger(capacity) && capacity > 0, `${what} ring capacity is a whole number above 0`);
  }

  get length(): number {
    return this.count;
  }

  isFull(): boolean {
    return this.count === this.capacity;
  }

  /** The slot for a new newest entry; when full, fails or drops the oldest as the ring was told. */
  push(): number {
    if (this.count === this.capacity) {
      if (this.whenFull === "fail") fail("ENOSPC", `${this.what} queue full: ${this.capacity} of ${this.capacity} in use (${this.limitName})`);
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    const slot = (this.head + this.count) % this.capacity;
    this.count++;
    return slot;
  }

  /** The slot of the oldest entry; the ring must not be empty. */
  oldest(): number {
    assert(this.count > 0, `${this.what} ring has an oldest entry`);
    return this.head;
  }

  /** Removes the oldest entry and returns its slot (its columns stay readable until the next push). */
  shift(): number {
    const slot = this.oldest();
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return slot;
  }

  /** The slot of the `i`-th oldest entry (0: the oldest). */
  at(i: number): number {
    if (!(Number.isInteger(i) && i >= 0 && i < this.count)) assert(false, `${this.what} ring index ${i} is below its length ${this.count}`); // the message is built only on failure (a hot path)
    return (this.head + i) % this.capacity;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
