// The building blocks of state.json's schema (valibot): bounded integers, times, names, lists
// and fixed columns, each carrying the words of its message ("a whole number 0..3"), so that a
// refused field reads `path: expected <words>, got <value>` (validate-snapshot.ts). Each
// subsystem builds the schema of its part of state.json from these (modules/<name>/saved-schema.ts).

import * as v from "valibot";
import { compileGlob } from "../glob.js";
import * as L from "../limits.js";
import { int, text } from "../table/checks.js";

export { count, enumIndex, int, list, longName, name, object, slot, slotOrNone, text, time, timeOrNone } from "../table/checks.js"; // shared with the tables' declared columns


export const amount = v.pipe(v.number("a number ≥ 0"), v.finite("a number ≥ 0"), v.minValue(0, "a number ≥ 0"), v.maxValue(Number.MAX_SAFE_INTEGER, "a number ≥ 0"));
export const bool = v.boolean("true or false");
export const HASH = "64 hex digits";
export const hash = v.pipe(v.string(HASH), v.regex(/^[0-9a-f]{64}$/, HASH));
export const message = text(L.INPUT_LINE_LENGTH_MAX * 2);
export const oneOf = (names: readonly string[], what: string) => v.picklist(names, `${what}: ${names.join(", ")}`);
export const id = int(0, L.UID_MAX, `an id 0..${L.UID_MAX} (UID_MAX)`);
export const column = <T extends v.GenericSchema>(item: T, length: number, limit: string) => v.pipe(v.array(item, "a list"), v.length(length, `a list of exactly ${length} (${limit})`));
export const tuple = <T extends v.TupleItems>(items: T, what: string) => v.strictTuple(items, what);
export const volumeSize = int(1, L.VOLUME_SIZE_MAX, `a size 1..${L.VOLUME_SIZE_MAX} bytes (VOLUME_SIZE_MAX)`);
export const base64 = (bytes: number) => text(Math.ceil(bytes / 3) * 4);

const compiles = (pattern: string): boolean => {
  try {
    compileGlob(pattern);
    return true;
  } catch {
    return false;
  }
};
export const GLOB = `a glob of 1..128 characters`;
export const glob = v.pipe(v.string(GLOB), v.check(compiles, GLOB));
export const globs = v.pipe(v.string("comma-separated globs"), v.check((s) => s.split(",").every(compiles), "comma-separated globs of 1..128 characters"));

/** The index of the first item whose key an earlier item has, or -1 (for the cross-field checks). */
export function duplicate<T>(items: readonly T[], key: (item: T) => unknown): number {
  const seen = new Set<unknown>(); // function-local: lives for one check
  for (let index = 0; index < items.length; index++) {
    const k = key(items[index]!);
    if (seen.has(k)) return index;
    seen.add(k);
  }
  return -1;
}
