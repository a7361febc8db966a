// Schema-declared columns: a table states its fields once — name, typed-array kind (or text),
// the value a free slot holds, and the check a saved value must pass — and gets from that one
// declaration its typed arrays (allocated once at capacity), clear-on-free, and its saved form:
// a row as JSON, a row restored, and the valibot entries that validate a saved row. Declaration
// order is the saved key order (the snapshot is sealed over its exact JSON) and the order in
// which validation reports the first bad field.
//
// Table (below) joins a SlotTable (names, generations) with its columns: `free` is the one way a
// row goes, clearing every column and then the slot.

import * as v from "valibot";
import { SlotTable } from "./slot-table.js";
import { list, name as nameCheck, object, slot as slotCheck } from "./checks.js";

export type NumberArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float64Array;

export interface NumberColumn<A extends NumberArray = NumberArray> {
  readonly kind: new (length: number) => A;
  readonly check: v.GenericSchema;
  readonly empty: number;
}

export interface TextColumn {
  readonly kind: "text";
  readonly check: v.GenericSchema;
  readonly empty: string;
}

/** An enumeration: held as its index in a Uint8Array, saved as its name. */
export interface EnumColumn<E extends string = string> {
  readonly kind: "enum";
  readonly names: readonly E[];
  readonly check: v.GenericSchema;
  readonly empty: number;
}

export type ColumnSpec = NumberColumn | TextColumn | EnumColumn;
export type ColumnsSpec = Record<string, ColumnSpec>;

/** A number column of typed-array `kind`; a free slot holds `empty`. */
export const numbers = <A extends NumberArray>(kind: new (length: number) => A, check: v.GenericSchema, empty = 0): NumberColumn<A> => ({ kind, check, empty });
/** A text column (a JS array of strings at capacity); a free slot holds `empty`. */
export const texts = (check: v.GenericSchema, empty = ""): TextColumn => ({ kind: "text", check, empty });

/** An enumeration column, saved by name and checked with `check` (v.picklist of the names, say). */
export const enums = <E extends string>(names: readonly E[], check: v.GenericSchema): EnumColumn<E> => ({ kind: "enum", names, check, empty: 0 });

export type ArraysOf<S extends ColumnsSpec> = { readonly [K in keyof S]: S[K] extends NumberColumn<infer A> ? A : S[K] extends EnumColumn ? Uint8Array : string[] };
export type RowOf<S extends ColumnsSpec> = { [K in keyof S]: S[K] extends TextColumn ? string : S[K] extends EnumColumn<infer E> ? E : number };

export class Columns<S extends ColumnsSpec> {
  readonly arrays: ArraysOf<S>;
  private readonly names: (keyof S & string)[];

  constructor(
    readonly capacity: number,
    readonly spec: S,
  ) {
    this.names = Object.keys(spec);
    const arrays: Record<string, NumberArray | string[]> = {};
    for (const key of this.names) {
      const column = spec[key]!;
      if (column.kind === "text") arrays[key] = new Array<string>(capacity).fill(column.empty);
      else if (column.kind === "enum") arrays[key] = new Uint8Array(capacity);
      else arrays[key] = new column.kind(capacity).fill(column.empty);
    }
    this.arrays = arrays as ArraysOf<S>;
  }

  /** Puts every column of `slot` back to its empty value. */
  clear(slot: number): void {
    for (const key of this.names) (this.arrays[key] as unknown as (number | string)[])[slot] = this.spec[key]!.empty;
  }

  /** The slot's values, keyed and ordered as declared. */
  row(slot: number): RowOf<S> {
    const row: Record<string, number | string> = {};
    for (const key of this.names) {
      const value = (this.arrays[key] as unknown as (number | string)[])[slot]!;
      const column = this.spec[key]!;
      row[key] = column.kind === "enum" ? column.names[value as number]! : value;
    }
    return row as RowOf<S>;
  }

  setRow(slot: number, row: RowOf<S>): void {
    for (const key of this.names) {
      const column = this.spec[key]!;
      (this.arrays[key] as unknown as (number | string)[])[slot] = column.kind === "enum" ? column.names.indexOf(row[key] as string) : row[key];
    }
  }

  /** The valibot entries of a saved row, in declaration order. */
  entries(): Record<keyof S, v.GenericSchema> {
    const entries: Record<string, v.GenericSchema> = {};
    for (const key of this.names) entries[key] = this.spec[key]!.check;
    return entries as Record<keyof S, v.GenericSchema>;
  }
}

export interface TableOptions<N extends string> {
  readonly nameKey: N; // the saved row's key for the slot's name: "name", or "key" for pool keys
  readonly nameCheck?: v.GenericSchema;
  readonly validate?: (kind: string, name: string) => void;
  readonly freeHint?: string; // the hint when the table is full: "delete a <kind> first" unless given
}

export type SavedRow<S extends ColumnsSpec, N extends string> = { slot: number } & { [K in N]: string } & RowOf<S>;

/** The valibot entries of a saved row of a table declared with `spec`: slot, name, then the columns. */
export function rowEntries<N extends string>(capacity: number, limitName: string, spec: ColumnsSpec, options: TableOptions<N>): v.ObjectEntries {
  const columns: v.ObjectEntries = {};
  for (const [key, column] of Object.entries(spec)) columns[key] = column.check;
  return { slot: slotCheck(capacity, limitName), [options.nameKey]: options.nameCheck ?? nameCheck, ...columns };
}

/** A named slot table with its declared columns and the saved form generated from them. */
export class Table<S extends ColumnsSpec, N extends string = "name"> {
  readonly slots: SlotTable;
  readonly columns: Columns<S>;
  readonly arrays: ArraysOf<S>;

  constructor(
    kind: string,
    readonly capacity: number,
    private readonly limitName: string,
    spec: S,
    private readonly options: TableOptions<N>,
  ) {
    this.slots = new SlotTable(kind, capacity, limitName, options.validate, options.freeHint);
    this.columns = new Columns(capacity, spec);
    this.arrays = this.columns.arrays;
  }

  /** Clears the row's columns, then frees its slot (bumping its generation). */
  free(slot: number): void {
    this.columns.clear(slot);
    this.slots.free(slot);
  }

  rowToJSON(slot: number): SavedRow<S, N> {
    return { slot, [this.options.nameKey]: this.slots.nameOf(slot), ...this.columns.row(slot) } as SavedRow<S, N>;
  }

  /** Takes the saved slot for the saved name and sets its columns; returns the slot. */
  restoreRow(row: SavedRow<S, N>): number {
    const slot = this.slots.allocateAt(row.slot, row[this.options.nameKey]);
    this.columns.setRow(slot, row);
    return slot;
  }

  toJSON(): SavedRow<S, N>[] {
    return this.slots.slots().map((slot) => this.rowToJSON(slot));
  }

  restore(rows: readonly SavedRow<S, N>[]): void {
    for (const row of rows) this.restoreRow(row);
  }

  /** The valibot entries of a saved row: slot, name, then the columns as declared. */
  rowEntries(): v.ObjectEntries {
    return rowEntries(this.capacity, this.limitName, this.columns.spec, this.options);
  }

  /** The valibot schema of the saved rows: a list of at most `capacity`. */
  schema() {
    return list(object(this.rowEntries()), this.capacity, this.limitName);
  }
}
