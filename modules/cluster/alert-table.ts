// The cluster's alerts: a fixed table of ALERT_MAX rows, one typed column per field, declared once
// (columns.ts) so the saved rows and their validation come from the declaration. Rows are kept in
// the order raised; when the table is full the oldest resolved alert goes (or, if none is
// resolved, the oldest), so an active alert is never lost to a resolved one. Readers get Alert
// objects built from the columns: frozen copies, never the table itself (each row's copy is kept
// until the row changes, as the data path asks about alerts on every write).

import * as v from "valibot";
import { assert } from "../../src/assert.js";
import { ALERT_MAX, INPUT_LINE_LENGTH_MAX, USER_NAME_LENGTH_MAX } from "../../src/limits.js";
import { count, list, longName, name, object, text, time, timeOrNone } from "../../src/table/checks.js";
import { Columns, enums, numbers, texts, type RowOf } from "../../src/table/columns.js";

export const SEVERITIES = ["INFO", "WARNING", "ERROR", "CRITICAL"] as const;
export type Severity = (typeof SEVERITIES)[number];

const ALERT_COLUMNS = {
  id: numbers(Float64Array, count),
  severity: enums(SEVERITIES, v.picklist(SEVERITIES, `a severity: ${SEVERITIES.join(", ")}`)),
  category: texts(name), // node, client, data, capacity, rebuild
  source: texts(longName), // the node or pool it is about
  message: texts(text(INPUT_LINE_LENGTH_MAX * 2)),
  raisedMs: numbers(Float64Array, time),
  resolvedMs: numbers(Float64Array, timeOrNone, -1), // -1 while active
  resolvedBy: texts(text(USER_NAME_LENGTH_MAX)), // "auto", or the user who resolved it
};

export type Alert = RowOf<typeof ALERT_COLUMNS>;

/** The saved alerts' schema: a list of rows as declared. */
export const ALERTS_SCHEMA = list(object(new Columns(1, ALERT_COLUMNS).entries()), ALERT_MAX, "ALERT_MAX");

export class AlertTable {
  private readonly rows = new Columns(ALERT_MAX, ALERT_COLUMNS);
  private readonly order = new Int16Array(ALERT_MAX); // row slots, oldest first
  private readonly copies: (Alert | undefined)[] = []; // by row slot: its frozen copy, until the row changes
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** The alert at position `i` (0: the oldest), as a copy. */
  at(i: number): Alert {
    const slot = this.order[i]!;
    return (this.copies[slot] ??= Object.freeze(this.rows.row(slot)));
  }

  /** Every alert, oldest first, as copies. */
  all(): Alert[] {
    const alerts: Alert[] = [];
    for (let i = 0; i < this.count; i++) alerts.push(this.at(i));
    return alerts;
  }

  /** Whether the alert at position `i` is active (read from its column: no copy made). */
  activeAt(i: number): boolean {
    return this.rows.arrays.resolvedMs[this.order[i]!]! < 0;
  }

  /** Position of the active alert with this category, source and message, or -1. */
  findActive(category: string, source: string, message: string): number {
    const { category: categories, source: sources, message: messages } = this.rows.arrays;
    for (let i = 0; i < this.count; i++) {
      const slot = this.order[i]!;
      if (this.activeAt(i) && categories[slot] === category && sources[slot] === source && messages[slot] === message) return i;
    }
    return -1;
  }

  /** Position of the first alert `matches` accepts, or -1. */
  findIndex(matches: (alert: Alert) => boolean): number {
    for (let i = 0; i < this.count; i++) if (matches(this.at(i))) return i;
    return -1;
  }

  /** Adds an alert as the newest; when full, the oldest resolved one (or the oldest) goes first and leaves its row. */
  add(alert: Alert): void {
    let slot = this.count; // rows are only ever freed when full, so below that they are 0..count-1
    if (this.count === ALERT_MAX) {
      const oldest = this.findIndex((a) => a.resolvedMs >= 0);
      slot = this.order[oldest < 0 ? 0 : oldest]!;
      this.removeAt(oldest < 0 ? 0 : oldest);
    }
    this.rows.setRow(slot, alert);
    this.copies[slot] = undefined;
    this.order[this.count++] = slot;
  }

  /** Marks the alert at position `i` resolved. */
  resolveAt(i: number, by: string, nowMs: number): void {
    const slot = this.order[i]!;
    this.rows.arrays.resolvedMs[slot] = nowMs;
    this.rows.arrays.resolvedBy[slot] = by;
    this.copies[slot] = undefined;
  }

  private removeAt(i: number): void {
    assert(i >= 0 && i < this.count, `alert position ${i} is below ${this.count}`);
    this.rows.clear(this.order[i]!);
    this.order.copyWithin(i, i + 1, this.count);
    this.count--;
  }

  toJSON(): Alert[] {
    return this.all();
  }

  restore(saved: readonly Alert[]): void {
    for (const alert of saved) this.add(alert);
  }
}
