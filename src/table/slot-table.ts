// A fixed-capacity table of slots, the kernel's replacement for `new Object()` per entity
// (xv6's proc[NPROC]). It owns only bookkeeping: which slots are used, each slot's generation
// and name. The manager that owns it keeps one typed array per field, indexed by slot.
//
// A handle is generation * 2^16 + slot: freeing a slot bumps its generation, so a handle kept
// from before is caught as stale instead of silently naming the slot's next occupant.

import { assert } from "../assert.js";
import { fail } from "../errors.js";
import { OBJECT_NAME_LENGTH_MAX } from "../limits.js";

const SLOT_BITS = 2 ** 16;

export class SlotTable {
  readonly used: Uint8Array;
  readonly generation: Uint16Array;
  private readonly names: (string | undefined)[];
  private readonly byName = new Map<string, number>(); // bounded: at most `capacity` keys
  private usedCount = 0;

  constructor(
    readonly kind: string,
    readonly capacity: number,
    private readonly limitName: string,
    private readonly validate: (kind: string, name: string) => void = validateName,
    private readonly freeHint = `delete a ${kind} first`, // a table whose verb is another says so (node remove)
  ) {
    assert(capacity > 0 && capacity <= SLOT_BITS, `${kind} capacity fits a handle`);
    this.used = new Uint8Array(capacity);
    this.generation = new Uint16Array(capacity);
    this.names = new Array(capacity).fill(undefined);
  }

  count(): number {
    return this.usedCount;
  }

  /** Takes the lowest free slot for `name`; fails with EEXIST, ENAMETOOLONG or ENOSPC. */
  allocate(name: string): number {
    this.validate(this.kind, name);
    if (this.byName.has(name)) fail("EEXIST", `${this.kind} '${name}' already exists`);
    if (this.usedCount === this.capacity) {
      fail("ENOSPC", `${this.kind} table full: ${this.capacity} of ${this.capacity} in use (${this.limitName})`, this.freeHint);
    }
    const slot = this.used.indexOf(0);
    assert(slot >= 0, "a free slot exists when the count is below capacity");
    this.used[slot] = 1;
    this.names[slot] = name;
    this.byName.set(name, slot);
    this.usedCount++;
    return slot;
  }

  /** Takes a given free slot, to restore a table exactly as it was saved. */
  allocateAt(slot: number, name: string): number {
    this.validate(this.kind, name);
    if (this.byName.has(name)) fail("EEXIST", `${this.kind} '${name}' already exists`);
    if (!(slot >= 0 && slot < this.capacity) || this.used[slot] === 1) fail("EINVAL", `${this.kind} slot ${slot} is not free (restoring '${name}')`);
    this.used[slot] = 1;
    this.names[slot] = name;
    this.byName.set(name, slot);
    this.usedCount++;
    return slot;
  }

  free(slot: number): void {
    assert(this.used[slot] === 1, `${this.kind} slot ${slot} is in use before it is freed`);
    this.byName.delete(this.names[slot]!);
    this.used[slot] = 0;
    this.names[slot] = undefined;
    this.generation[slot] = (this.generation[slot]! + 1) & 0xffff;
    this.usedCount--;
  }

  handle(slot: number): number {
    assert(this.used[slot] === 1, "handles are made for used slots");
    return this.generation[slot]! * SLOT_BITS + slot;
  }

  /** The slot a handle names, or ESTALE if the object it named is gone. */
  resolve(handle: number): number {
    const slot = handle % SLOT_BITS;
    if (this.slotIfLive(handle) < 0) {
      fail("ESTALE", `${this.kind} handle ${handle} is stale: the object it named was deleted`);
    }
    return slot;
  }

  /** The slot a handle names, or -1 if the object it named is gone (for callers that drop stale work quietly). */
  slotIfLive(handle: number): number {
    const slot = handle % SLOT_BITS;
    return slot < this.capacity && this.used[slot] === 1 && this.generation[slot] === Math.floor(handle / SLOT_BITS) ? slot : -1;
  }

  /** The slot holding `name`, or ENOENT. */
  find(name: string): number {
    const slot = this.byName.get(name);
    if (slot === undefined) fail("ENOENT", `no ${this.kind} named '${name}'`);
    return slot;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  nameOf(slot: number): string {
    const name = this.names[slot];
    if (name === undefined) assert(false, `${this.kind} slot ${slot} has a name`); // the message is built only on failure (a hot path)
    return name;
  }

  /** Used slots in slot order. */
  slots(): number[] {
    const result: number[] = [];
    for (let slot = 0; slot < this.capacity; slot++) if (this.used[slot] === 1) result.push(slot);
    return result;
  }
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function validateName(kind: string, name: string, maxLength = OBJECT_NAME_LENGTH_MAX): void {
  if (name.length > maxLength) {
    fail("ENAMETOOLONG", `${kind} name '${name.slice(0, 20)}…' is ${name.length} characters; the limit is ${maxLength}`);
  }
  if (!NAME_PATTERN.test(name)) {
    fail("EINVAL", `${kind} name '${name}' is not valid`, "use letters, digits, '.', '_' and '-', starting with a letter or digit");
  }
}
