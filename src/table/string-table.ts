// Interned strings with reference counts, for tables that store text as small integer ids.
// Capacity is fixed; a string's id is freed when its last user releases it. Id 0 is "".

import { assert } from "../assert.js";
import { fail } from "../errors.js";

export class StringTable {
  private readonly strings: string[];
  private readonly references: Uint32Array;
  private readonly ids = new Map<string, number>(); // bounded: at most `capacity` keys
  private readonly freeIds: Uint16Array;
  private freeCount: number;

  constructor(
    readonly capacity: number,
    private readonly limitName: string,
  ) {
    assert(capacity > 1 && capacity <= 2 ** 16, "string ids fit a Uint16");
    this.strings = new Array<string>(capacity).fill("");
    this.references = new Uint32Array(capacity);
    this.freeIds = new Uint16Array(capacity);
    this.freeCount = capacity - 1;
    for (let i = 0; i < this.freeCount; i++) this.freeIds[i] = capacity - 1 - i;
  }

  /** The id of `text`, taking one reference to it. */
  acquire(text: string): number {
    if (text === "") return 0;
    let id = this.ids.get(text);
    if (id === undefined) {
      if (this.freeCount === 0) fail("ENOSPC", `string table full: ${this.capacity} strings (${this.limitName})`);
      id = this.freeIds[--this.freeCount]!;
      this.strings[id] = text;
      this.ids.set(text, id);
    }
    this.references[id]!++;
    return id;
  }

  release(id: number): void {
    if (id === 0) return;
    if (!(this.references[id]! > 0)) assert(false, `string ${id} is referenced before it is released`); // the message is built only on failure (a full audit ring releases three per entry it overwrites)
    if (--this.references[id]! === 0) {
      this.ids.delete(this.strings[id]!);
      this.strings[id] = "";
      this.freeIds[this.freeCount++] = id;
    }
  }

  text(id: number): string {
    return this.strings[id]!;
  }

  size(): number {
    return this.ids.size;
  }
}
