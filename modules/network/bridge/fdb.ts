// A bridge's forwarding database: what each (MAC, VLAN) entry means and how old it is, over the
// FdbTable that only stores and finds them. Entries are learned or static (`bridge fdb add`); a
// sticky static entry never moves. Learned entries age lazily: one whose last sighting is ageing
// time old (300 s by default, 10 s to 1,000,000 s as Linux allows) is gone from that instant on,
// like Linux's has_expired (updated + ageing_time <= now), and expire(now) sweeps them. A full
// table refuses to learn rather than evict. Which ports and VLANs an entry may name is the
// bridge's business (learning-bridge.ts); this file trusts what it is given.

import { fail } from "../../../src/errors.js";
import { FDB_AGING_MS_DEFAULT, FDB_AGING_MS_MAX, FDB_AGING_MS_MIN } from "../../../src/limits.js";
import { formatMac } from "../frames/addresses.js";
import { EMPTY_KEY, FdbTable, FLAG_STATIC, FLAG_STICKY } from "./fdb-table.js";
import { macHighOf, macLowOf, macOf } from "./frame-header.js";
import type { SavedFdbEntry } from "./saved-bridge.js";
import type { FdbEntry } from "./types.js";

/** What learning a source address did. */
export const Learned = { kept: 0, moved: 1, refused: 2 } as const;

export class Fdb {
  private readonly table: FdbTable;
  private aging = FDB_AGING_MS_DEFAULT;

  constructor(capacity: number) {
    this.table = new FdbTable(capacity);
  }

  get agingMs(): number {
    return this.aging;
  }

  /** Linux's ageing_time: 10 s to 1,000,000 s. */
  setAging(ms: number): void {
    if (!(Number.isInteger(ms) && ms >= FDB_AGING_MS_MIN && ms <= FDB_AGING_MS_MAX))
      fail("EINVAL", `ageing time ${ms} ms is outside ${FDB_AGING_MS_MIN / 1000} s..${FDB_AGING_MS_MAX / 1000} s (FDB_AGING_MS_MIN..FDB_AGING_MS_MAX)`, "Linux bridges take 10 s to 1,000,000 s");
    this.aging = ms;
  }

  /** Entries held (aged ones not yet swept included). */
  get size(): number {
    return this.table.count;
  }

  /** The port of the live entry for the MAC (as its two parts) on `vlan`, or -1; an aged one found is removed. */
  portOf(high16: number, low: number, vlan: number, nowMs: number): number {
    const found = this.table.find(FdbTable.high(high16, vlan), low);
    if (found < 0) return -1;
    if (!this.expired(found, nowMs)) return this.table.ports[found]!;
    this.table.removeAt(found);
    return -1;
  }

  /** Learns that the MAC (as its two parts) on `vlan` is behind `port`: a new entry, a refresh, or a move. */
  learn(port: number, high16: number, low: number, vlan: number, nowMs: number): number {
    const table = this.table;
    const high = FdbTable.high(high16, vlan);
    const found = table.find(high, low);
    if (found >= 0) {
      const flags = table.flags[found]!;
      if ((flags & FLAG_STICKY) !== 0) return Learned.kept;
      const moved = table.ports[found] !== port && !this.expired(found, nowMs); // an aged entry coming back is not a move
      table.ports[found] = port;
      if ((flags & FLAG_STATIC) === 0) table.seenMs[found] = nowMs;
      return moved ? Learned.moved : Learned.kept;
    }
    let empty = ~found;
    if (table.count >= table.capacity) {
      if (this.expire(nowMs) === 0) return Learned.refused;
      empty = ~table.find(high, low); // the sweep shifted entries
    }
    table.insertAt(empty, high, low, port, 0, nowMs);
    return Learned.kept;
  }

  /** Pins `mac` on `vlan` to `port`; a learned entry becomes static, an existing static one is EEXIST. */
  addStatic(mac: number, vlan: number, port: number, sticky: boolean, nowMs: number): void {
    const high = FdbTable.high(macHighOf(mac), vlan);
    const found = this.table.find(high, macLowOf(mac));
    const flags = FLAG_STATIC | (sticky ? FLAG_STICKY : 0);
    if (found < 0) {
      if (this.table.count >= this.table.capacity && this.expire(nowMs) === 0)
        fail("ENOSPC", `FDB full: ${this.table.capacity} of ${this.table.capacity} entries in use (FDB_ENTRY_MAX)`, "flush learned entries or remove static ones");
      this.table.insertAt(~this.table.find(high, macLowOf(mac)), high, macLowOf(mac), port, flags, nowMs);
      return;
    }
    if ((this.table.flags[found]! & FLAG_STATIC) !== 0) fail("EEXIST", `a static FDB entry for ${formatMac(mac)} on VLAN ${vlan} exists (port ${this.table.ports[found]})`, "remove it first");
    this.table.ports[found] = port;
    this.table.flags[found] = flags;
    this.table.seenMs[found] = nowMs;
  }

  removeStatic(mac: number, vlan: number, port: number): void {
    const found = this.table.find(FdbTable.high(macHighOf(mac), vlan), macLowOf(mac));
    if (found < 0 || (this.table.flags[found]! & FLAG_STATIC) === 0 || this.table.ports[found] !== port)
      fail("ENOENT", `no static FDB entry for ${formatMac(mac)} on VLAN ${vlan} at port ${port}`);
    this.table.removeAt(found);
  }

  /** Forgets learned entries (of one port, or all; with `staticToo`, that port's static ones as well). Returns how many went. */
  flush(port?: number, staticToo = false): number {
    return this.table.removeWhere((slot) => (staticToo || (this.table.flags[slot]! & FLAG_STATIC) === 0) && (port === undefined || this.table.ports[slot] === port));
  }

  /** Removes learned entries that have aged out at `nowMs`; returns how many. */
  expire(nowMs: number): number {
    return this.table.removeWhere((slot) => this.expired(slot, nowMs));
  }

  /** The live entries at `nowMs`, like `bridge fdb show`, by VLAN then MAC. */
  entries(nowMs: number): FdbEntry[] {
    this.expire(nowMs);
    const entries: FdbEntry[] = [];
    const t = this.table;
    for (let slot = 0; slot < t.slots; slot++) {
      if (t.keyHigh[slot] === EMPTY_KEY) continue;
      const flags = t.flags[slot]!;
      entries.push({ mac: macOf(t.macHighAt(slot), t.keyLow[slot]!), vlan: t.vlanAt(slot), port: t.ports[slot]!, static: (flags & FLAG_STATIC) !== 0, sticky: (flags & FLAG_STICKY) !== 0, ageMs: nowMs - t.seenMs[slot]! });
    }
    return entries.sort((a, b) => a.vlan - b.vlan || a.mac - b.mac);
  }

  /** Every entry as saved-bridge.ts keeps it, aged ones not yet swept included. */
  saved(): SavedFdbEntry[] {
    const t = this.table;
    const fdb: SavedFdbEntry[] = [];
    for (let slot = 0; slot < t.slots; slot++) if (t.keyHigh[slot] !== EMPTY_KEY) fdb.push([macOf(t.macHighAt(slot), t.keyLow[slot]!), t.vlanAt(slot), t.ports[slot]!, t.flags[slot]!, t.seenMs[slot]!]);
    return fdb;
  }

  /** Puts back one saved entry; a repeat or one too many is refused. */
  restore([mac, vlan, port, flags, seenMs]: SavedFdbEntry): void {
    const high = FdbTable.high(macHighOf(mac), vlan);
    const found = this.table.find(high, macLowOf(mac));
    if (found >= 0) fail("EINVAL", `saved FDB lists ${formatMac(mac)} on VLAN ${vlan} twice`);
    if (this.table.count >= this.table.capacity) fail("ENOSPC", `saved FDB holds more than ${this.table.capacity} entries (FDB_ENTRY_MAX)`);
    this.table.insertAt(~found, high, macLowOf(mac), port, flags, seenMs);
  }

  private expired(slot: number, nowMs: number): boolean {
    return (this.table.flags[slot]! & FLAG_STATIC) === 0 && nowMs - this.table.seenMs[slot]! >= this.aging;
  }
}
