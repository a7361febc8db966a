// Audit filters: ordered rules that decide, as each entry arrives, whether it is kept, dropped
// before it reaches the ring, or kept and flagged as an alert. The lowest-numbered matching
// filter decides (like iptables' first match); an entry no filter matches is kept.
// A filter matches on a level range, an event type, a subject uid and an action glob; each
// criterion left out matches anything. Filters live in a fixed table of AUDIT_FILTER_MAX rows.

import { fail } from "../../src/errors.js";
import { compileGlob, type Glob } from "../../src/glob.js";
import { AUDIT_FILTER_MAX } from "../../src/limits.js";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES, type AuditRecord } from "./types.js";

export const FILTER_EFFECTS = ["keep", "drop", "alert"] as const;
export type FilterEffect = (typeof FILTER_EFFECTS)[number];
export const FilterEffectCode = { keep: 0, drop: 1, alert: 2 } as const;

const ANY = 255;

export interface FilterSpec {
  readonly effect: FilterEffect;
  readonly minLevel?: number;
  readonly maxLevel?: number;
  readonly type?: number;
  readonly uid?: number;
  readonly action?: string;
}

export interface FilterRow {
  readonly id: number;
  readonly effect: FilterEffect;
  readonly levels: string;
  readonly type: string;
  readonly uid: string;
  readonly action: string;
  readonly hits: number;
}

export class AuditFilters {
  private readonly used = new Uint8Array(AUDIT_FILTER_MAX);
  private readonly ids = new Uint32Array(AUDIT_FILTER_MAX);
  private readonly effects = new Uint8Array(AUDIT_FILTER_MAX);
  private readonly minLevels = new Uint8Array(AUDIT_FILTER_MAX);
  private readonly maxLevels = new Uint8Array(AUDIT_FILTER_MAX);
  private readonly types = new Uint8Array(AUDIT_FILTER_MAX);
  private readonly uids = new Int32Array(AUDIT_FILTER_MAX);
  private readonly hits = new Float64Array(AUDIT_FILTER_MAX);
  private readonly actionGlobs: string[] = new Array<string>(AUDIT_FILTER_MAX).fill("");
  private readonly actionPatterns: (Glob | undefined)[] = new Array(AUDIT_FILTER_MAX).fill(undefined);
  private order: number[] = []; // used slots by id; rebuilt on add/delete, at most AUDIT_FILTER_MAX long
  private nextId = 1;

  count(): number {
    return this.order.length;
  }

  add(spec: FilterSpec): number {
    const minLevel = spec.minLevel ?? 0;
    const maxLevel = spec.maxLevel ?? AUDIT_LEVEL_NAMES.length - 1;
    if (minLevel > maxLevel) {
      fail("EINVAL", `filter level range is empty: ${AUDIT_LEVEL_NAMES[minLevel]} is above ${AUDIT_LEVEL_NAMES[maxLevel]}`);
    }
    const pattern = spec.action === undefined ? undefined : compileGlob(spec.action);
    const slot = this.used.indexOf(0);
    if (slot < 0) fail("ENOSPC", `audit filter table full: ${AUDIT_FILTER_MAX} filters (AUDIT_FILTER_MAX)`, "delete a filter first");
    const id = this.nextId++;
    this.used[slot] = 1;
    this.ids[slot] = id;
    this.effects[slot] = FilterEffectCode[spec.effect];
    this.minLevels[slot] = minLevel;
    this.maxLevels[slot] = maxLevel;
    this.types[slot] = spec.type ?? ANY;
    this.uids[slot] = spec.uid ?? -1;
    this.hits[slot] = 0;
    this.actionGlobs[slot] = spec.action ?? "";
    this.actionPatterns[slot] = pattern;
    this.reorder();
    return id;
  }

  delete(id: number): void {
    const slot = this.slotOf(id);
    this.used[slot] = 0;
    this.ids[slot] = 0;
    this.effects[slot] = 0;
    this.minLevels[slot] = 0;
    this.maxLevels[slot] = 0;
    this.types[slot] = 0;
    this.uids[slot] = 0;
    this.hits[slot] = 0;
    this.actionGlobs[slot] = "";
    this.actionPatterns[slot] = undefined;
    this.reorder();
  }

  /** The effect of the first matching filter (counting the hit), or keep. */
  decide(record: AuditRecord): FilterEffect {
    if (this.order.length === 0) return "keep"; // the usual case, on every append
    for (const slot of this.order) {
      if (this.matches(slot, record)) {
        this.hits[slot]!++;
        return FILTER_EFFECTS[this.effects[slot]!]!;
      }
    }
    return "keep";
  }

  /** Ids of drop filters that would drop `record` if it arrived now (no hit counted). */
  wouldDrop(record: AuditRecord): number[] {
    const first = this.order.find((slot) => this.matches(slot, record));
    return first !== undefined && this.effects[first] === FilterEffectCode.drop ? [this.ids[first]!] : [];
  }

  list(): FilterRow[] {
    return this.order.map((slot) => ({
      id: this.ids[slot]!,
      effect: FILTER_EFFECTS[this.effects[slot]!]!,
      levels: levelRange(this.minLevels[slot]!, this.maxLevels[slot]!),
      type: this.types[slot] === ANY ? "*" : AUDIT_TYPE_NAMES[this.types[slot]!]!,
      uid: this.uids[slot] === -1 ? "*" : String(this.uids[slot]),
      action: this.actionGlobs[slot] || "*",
      hits: this.hits[slot]!,
    }));
  }

  toJSON(): { nextId: number; filters: (FilterSpec & { id: number; hits: number })[] } {
    return {
      nextId: this.nextId,
      filters: this.order.map((slot) => ({
        id: this.ids[slot]!,
        effect: FILTER_EFFECTS[this.effects[slot]!]!,
        minLevel: this.minLevels[slot]!,
        maxLevel: this.maxLevels[slot]!,
        ...(this.types[slot] === ANY ? {} : { type: this.types[slot]! }),
        ...(this.uids[slot] === -1 ? {} : { uid: this.uids[slot]! }),
        ...(this.actionGlobs[slot] === "" ? {} : { action: this.actionGlobs[slot]! }),
        hits: this.hits[slot]!,
      })),
    };
  }

  restore(saved: { nextId: number; filters: (FilterSpec & { id: number; hits: number })[] }): void {
    for (const filter of saved.filters) {
      this.nextId = filter.id;
      this.add(filter);
      this.hits[this.slotOf(filter.id)] = filter.hits;
    }
    this.nextId = saved.nextId;
  }

  private matches(slot: number, record: AuditRecord): boolean {
    if (record.level < this.minLevels[slot]! || record.level > this.maxLevels[slot]!) return false;
    if (this.types[slot] !== ANY && this.types[slot] !== record.type) return false;
    if (this.uids[slot] !== -1 && this.uids[slot] !== record.uid) return false;
    const pattern = this.actionPatterns[slot];
    return pattern === undefined || pattern.test(record.action);
  }

  private slotOf(id: number): number {
    for (const slot of this.order) if (this.ids[slot] === id) return slot;
    return fail("ENOENT", `no audit filter #${id}`, "see `audit filter list`");
  }

  private reorder(): void {
    const slots: number[] = [];
    for (let slot = 0; slot < AUDIT_FILTER_MAX; slot++) if (this.used[slot] === 1) slots.push(slot);
    this.order = slots.sort((a, b) => this.ids[a]! - this.ids[b]!);
  }
}

function levelRange(min: number, max: number): string {
  if (min === 0 && max === AUDIT_LEVEL_NAMES.length - 1) return "*";
  if (min === max) return AUDIT_LEVEL_NAMES[min]!;
  if (max === AUDIT_LEVEL_NAMES.length - 1) return `${AUDIT_LEVEL_NAMES[min]}+`;
  return `${AUDIT_LEVEL_NAMES[min]}..${AUDIT_LEVEL_NAMES[max]}`;
}
