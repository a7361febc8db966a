// The checks a saved column is read back with (valibot), each carrying the words of its message
// ("a level 0..3"): validate-snapshot.ts turns the first failure into `path: expected …, got …`.
// A table declares each column with one of these (columns.ts), so its saved form and its
// validation come from that one declaration. The wording is the one state.json errors have always
// used; src/persistence/schema-parts.ts re-exports these, with the blocks of parts not declared as
// tables.

import * as v from "valibot";
import { CLOCK_MS_MAX, OBJECT_NAME_LENGTH_MAX } from "../limits.js";

export const int = (min: number, max: number, what = `a whole number ${min}..${max}`) => v.pipe(v.number(what), v.integer(what), v.minValue(min, what), v.maxValue(max, what));
export const count = int(0, Number.MAX_SAFE_INTEGER, "a whole number ≥ 0");
const TIME = `a time 0..${CLOCK_MS_MAX} ms (CLOCK_MS_MAX)`;
export const time = v.pipe(v.number(TIME), v.finite(TIME), v.minValue(0, TIME), v.maxValue(CLOCK_MS_MAX, TIME));
const TIME_OR_NONE = `-1 or ${TIME}`;
export const timeOrNone = v.pipe(v.number(TIME_OR_NONE), v.finite(TIME_OR_NONE), v.check((n) => n === -1 || (n >= 0 && n <= CLOCK_MS_MAX), TIME_OR_NONE));
export const text = (max: number) => v.pipe(v.string("a string"), v.maxLength(max, `a string of at most ${max} characters`));
export const name = v.pipe(v.string("a name"), v.minLength(1, "a name"), v.maxLength(OBJECT_NAME_LENGTH_MAX, `a name of 1..${OBJECT_NAME_LENGTH_MAX} characters`));
export const longName = text(4 * OBJECT_NAME_LENGTH_MAX + 3); // pool/volume keys, snapshot keys, chunk keys
export const enumIndex = (names: readonly string[], what: string) => int(0, names.length - 1, `${what} 0..${names.length - 1} (${names.join(", ")})`);
export const slot = (capacity: number, limit: string) => int(0, capacity - 1, `a slot 0..${capacity - 1} (${limit})`);
export const slotOrNone = (capacity: number, limit: string) => int(-1, capacity - 1, `-1 or a slot 0..${capacity - 1} (${limit})`);
export const object = <T extends v.ObjectEntries>(entries: T) => v.object(entries, "an object");
export const list = <T extends v.GenericSchema>(item: T, max: number, limit: string) => v.pipe(v.array(item, "a list"), v.maxLength(max, `a list of at most ${max} (${limit})`));

/** The index of the first value met before in `values` (-1: none repeats): a saved part's "used twice" check across rows. */
export const firstRepeat = (values: readonly (string | number)[]): number => values.findIndex((value, at) => values.indexOf(value) !== at);
