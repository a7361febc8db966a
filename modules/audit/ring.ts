// The audit ring: the store under AuditingSystem. AUDIT_ENTRY_MAX typed entries, one typed-array
// column per field indexed by ring slot, text interned in a reference-counted StringTable, so
// memory is fixed. It owns the sequence numbers, the chain head and anchor, what wraps out
// (`lost`, and which of those were never exported), the running counts behind stats, and the
// reads over the retained window (query, unacknowledged Critical entries) plus acknowledgement.
//
// Interface, in call order:
//   store(time, record, flags)   the next sequence number, chained onto the head hash; when the
//                                ring is full the oldest entry goes and its hash becomes the anchor
//   query / entryAt / fieldsAt   read the retained window (oldest first)
//   acknowledge(seq)             set the acknowledged flag (outside the hash: history is not rewritten)
//   load(saved)                  refill an empty ring from a snapshot, hashes as saved (not recomputed)
//
// Only AuditingSystem and its helpers in this folder use it; the fields are open to them so
// the hot path (append) reaches the columns directly.

import { assert } from "../../src/assert.js";
import { fail } from "../../src/errors.js";
import { compileGlob } from "../../src/glob.js";
import { AUDIT_STRINGS_PER_ENTRY } from "../../src/limits.js";
import { StringTable } from "../../src/table/string-table.js";
import { entryHashPrefixed, GENESIS_HASH, lengthPrefixed, type CanonicalFields } from "./chain.js";
import { UnexportedLosses } from "./compliance.js";
import type { SavedAudit } from "./saved-form.js";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES, AuditEventType, AuditLevel, type AuditEntry, type AuditRecord } from "./types.js";

export const FLAG_ALERT = 1;
export const FLAG_ACKED = 2;

export interface AuditQuery {
  readonly correlation?: number; // one story: the entries of one correlation id
  readonly minLevel?: number;
  readonly type?: number;
  readonly uid?: number;
  readonly action?: string;
  readonly sinceMs?: number;
  readonly untilMs?: number;
  readonly text?: string;
  readonly alertsOnly?: boolean;
  readonly limit?: number;
}

export interface QueryResult {
  readonly entries: AuditEntry[];
  readonly matched: number;
}

export class AuditRing {
  readonly strings: StringTable;
  readonly seqs: Float64Array;
  readonly timesMs: Float64Array;
  readonly levels: Uint8Array;
  readonly types: Uint8Array;
  readonly uids: Uint32Array;
  readonly actions: Uint16Array;
  readonly objects: Uint16Array;
  readonly results: Uint16Array;
  readonly correlations: Float64Array; // 0 for an entry of no story
  readonly messages: string[]; // held per entry, not interned: a message rarely repeats (it names sizes, offsets, ids)
  readonly flags: Uint8Array;
  readonly hashes: string[]; // hex, one per slot: crypto.hash's hex output, stored as made
  // Per interned string id: the text as the chain spells it ("9:vol.write"), and the interned text
  // it was made from (an id freed and reused for other text is spelled again).
  private readonly spelled: string[];
  private readonly spelledFrom: string[];
  start = 0;
  count = 0;
  headSeq = 0;
  headHash = GENESIS_HASH;
  anchorHash = GENESIS_HASH;
  lost = 0;
  lostSinceCheckpoint = 0; // entries wrapped out since the checkpoint was sealed
  exportedThroughSeq = 0;
  readonly lostUnexported = new UnexportedLosses();
  // Running counts over the retained window, kept as entries come and go so stats cost O(1).
  readonly levelCounts = new Uint32Array(AUDIT_LEVEL_NAMES.length);
  readonly typeCounts = new Uint32Array(AUDIT_TYPE_NAMES.length);
  alertCount = 0;
  unackedCriticalCount = 0;

  constructor(readonly capacity: number) {
    this.strings = new StringTable(Math.min(capacity * AUDIT_STRINGS_PER_ENTRY + 1, 2 ** 16), "AUDIT_STRING_MAX");
    this.seqs = new Float64Array(capacity);
    this.timesMs = new Float64Array(capacity);
    this.levels = new Uint8Array(capacity);
    this.types = new Uint8Array(capacity);
    this.uids = new Uint32Array(capacity);
    this.actions = new Uint16Array(capacity);
    this.objects = new Uint16Array(capacity);
    this.results = new Uint16Array(capacity);
    this.correlations = new Float64Array(capacity);
    this.messages = new Array<string>(capacity).fill("");
    this.flags = new Uint8Array(capacity);
    this.hashes = new Array<string>(capacity).fill(GENESIS_HASH);
    this.spelled = new Array<string>(this.strings.capacity).fill(lengthPrefixed(""));
    this.spelledFrom = new Array<string>(this.strings.capacity).fill("");
  }

  store(timeMs: number, record: AuditRecord, flags: number, givenHash?: string): number {
    let slot: number;
    if (this.count < this.capacity) {
      slot = this.slotAt(this.count);
      this.count++;
    } else {
      slot = this.start;
      this.lostUnexported.record(this.seqs[slot]!, this.exportedThroughSeq);
      this.anchorHash = this.hashAt(slot);
      this.releaseStrings(slot);
      this.tally(slot, -1);
      this.start = this.slotAt(1);
      this.lost++;
      this.lostSinceCheckpoint++;
    }
    const seq = ++this.headSeq;
    this.seqs[slot] = seq;
    this.timesMs[slot] = timeMs;
    this.levels[slot] = record.level;
    this.types[slot] = record.type;
    this.uids[slot] = record.uid;
    const action = (this.actions[slot] = this.strings.acquire(record.action));
    const object = (this.objects[slot] = this.strings.acquire(record.object));
    const result = (this.results[slot] = this.strings.acquire(record.result));
    this.messages[slot] = record.message;
    this.correlations[slot] = record.correlation ?? 0;
    this.flags[slot] = flags;
    this.tally(slot, 1);
    const hash =
      givenHash ??
      entryHashPrefixed(this.headHash, seq, timeMs, record.level, record.type, record.uid, this.spell(action), this.spell(object), this.spell(result), record.message, record.correlation ?? 0);
    this.hashes[slot] = hash;
    this.headHash = hash;
    return seq;
  }

  /** Adds (+1) or removes (-1) the entry in `slot` from the running counts. */
  private tally(slot: number, delta: 1 | -1): void {
    this.levelCounts[this.levels[slot]!]! += delta;
    this.typeCounts[this.types[slot]!]! += delta;
    if (this.flags[slot] === 0 && this.levels[slot] !== AuditLevel.Critical) return;
    if ((this.flags[slot]! & FLAG_ALERT) !== 0) this.alertCount += delta;
    if (this.levels[slot] === AuditLevel.Critical && (this.flags[slot]! & FLAG_ACKED) === 0) this.unackedCriticalCount += delta;
  }

  /** Interned string `id` as the canonical text spells it. */
  private spell(id: number): string {
    const text = this.strings.text(id);
    if (this.spelledFrom[id] !== text) {
      this.spelledFrom[id] = text;
      this.spelled[id] = lengthPrefixed(text);
    }
    return this.spelled[id]!;
  }

  private releaseStrings(slot: number): void {
    this.strings.release(this.actions[slot]!);
    this.strings.release(this.objects[slot]!);
    this.strings.release(this.results[slot]!);
  }

  hashAt(slot: number): string {
    return this.hashes[slot]!;
  }

  slotAt(position: number): number {
    const slot = this.start + position;
    return slot < this.capacity ? slot : slot - this.capacity;
  }

  entryAt(slot: number): AuditEntry {
    return {
      seq: this.seqs[slot]!,
      timeMs: this.timesMs[slot]!,
      level: AUDIT_LEVEL_NAMES[this.levels[slot]!]!,
      type: AUDIT_TYPE_NAMES[this.types[slot]!]!,
      uid: this.uids[slot]!,
      action: this.strings.text(this.actions[slot]!),
      object: this.strings.text(this.objects[slot]!),
      result: this.strings.text(this.results[slot]!),
      message: this.messages[slot]!,
      correlation: this.correlations[slot]!,
      alert: (this.flags[slot]! & FLAG_ALERT) !== 0,
      acked: (this.flags[slot]! & FLAG_ACKED) !== 0,
      hash: this.hashAt(slot),
    };
  }

  /** The fields the chain hash covers, as stored in `slot`. */
  fieldsAt(slot: number): CanonicalFields {
    return {
      level: this.levels[slot]!,
      type: this.types[slot]!,
      uid: this.uids[slot]!,
      action: this.strings.text(this.actions[slot]!),
      object: this.strings.text(this.objects[slot]!),
      result: this.strings.text(this.results[slot]!),
      message: this.messages[slot]!,
      correlation: this.correlations[slot]!,
    };
  }

  /** Matching entries, the newest `limit` of them, oldest first; `matched` counts all. */
  query(q: AuditQuery): QueryResult {
    if (isUnfiltered(q)) {
      const take = Math.min(q.limit ?? this.capacity, this.count);
      const entries = Array.from({ length: take }, (_, i) => this.entryAt(this.slotAt(this.count - take + i)));
      return { entries, matched: this.count };
    }
    const action = q.action === undefined ? undefined : compileGlob(q.action);
    const text = q.text?.toLowerCase();
    const limit = q.limit ?? this.capacity;
    const picked: number[] = [];
    let matched = 0;
    for (let position = this.count - 1; position >= 0; position--) {
      const slot = this.slotAt(position);
      if (q.correlation !== undefined && this.correlations[slot] !== q.correlation) continue;
      if (q.minLevel !== undefined && this.levels[slot]! < q.minLevel) continue;
      if (q.type !== undefined && this.types[slot] !== q.type) continue;
      if (q.uid !== undefined && this.uids[slot] !== q.uid) continue;
      if (q.sinceMs !== undefined && this.timesMs[slot]! < q.sinceMs) continue;
      if (q.untilMs !== undefined && this.timesMs[slot]! > q.untilMs) continue;
      if (q.alertsOnly && (this.flags[slot]! & FLAG_ALERT) === 0) continue;
      if (action !== undefined && !action.test(this.strings.text(this.actions[slot]!))) continue;
      if (text !== undefined && !this.textMatches(slot, text)) continue;
      matched++;
      if (picked.length < limit) picked.push(slot);
    }
    return { entries: picked.reverse().map((slot) => this.entryAt(slot)), matched };
  }

  private textMatches(slot: number, text: string): boolean {
    return (
      [this.actions, this.objects, this.results].some((column) => this.strings.text(column[slot]!).toLowerCase().includes(text)) ||
      this.messages[slot]!.toLowerCase().includes(text)
    );
  }

  unackedCritical(): { seq: number; timeMs: number }[] {
    const found: { seq: number; timeMs: number }[] = [];
    for (let position = 0; position < this.count; position++) {
      const slot = this.slotAt(position);
      if (this.levels[slot] === AuditLevel.Critical && (this.flags[slot]! & FLAG_ACKED) === 0) {
        found.push({ seq: this.seqs[slot]!, timeMs: this.timesMs[slot]! });
      }
    }
    return found;
  }

  /** Acknowledges one Critical entry by sequence number. */
  acknowledge(seq: number): void {
    const oldest = this.headSeq - this.count + 1;
    if (!Number.isInteger(seq) || seq < oldest || seq > this.headSeq) {
      fail("ENOENT", `no retained audit entry #${seq}`, this.count === 0 ? "the trail is empty" : `retained: #${oldest}..#${this.headSeq}`);
    }
    const slot = this.slotAt(seq - oldest);
    if (this.levels[slot] !== AuditLevel.Critical) fail("EINVAL", `audit entry #${seq} is ${AUDIT_LEVEL_NAMES[this.levels[slot]!]}, not critical`);
    if ((this.flags[slot]! & FLAG_ACKED) === 0) this.unackedCriticalCount--;
    this.flags[slot]! |= FLAG_ACKED;
  }

  /** Refills this empty ring with a saved trail as it stands, keeping the saved hashes. */
  load(saved: SavedAudit): void {
    assert(this.count === 0 && this.headSeq === 0, "restore goes into an empty trail");
    if (saved.entries.length > this.capacity) {
      fail("EINVAL", `saved trail holds ${saved.entries.length} entries; the ring holds ${this.capacity}`);
    }
    for (const entry of saved.entries) {
      this.headSeq = entry.seq - 1;
      const record = { ...entry, level: AUDIT_LEVEL_NAMES.indexOf(entry.level) as AuditLevel, type: AUDIT_TYPE_NAMES.indexOf(entry.type) as AuditEventType, correlation: entry.correlation ?? 0 };
      this.store(entry.timeMs, record, (entry.alert ? FLAG_ALERT : 0) | (entry.acked ? FLAG_ACKED : 0), entry.hash);
    }
    this.headSeq = saved.headSeq;
    this.headHash = saved.entries.at(-1)?.hash ?? saved.anchorHash;
    this.anchorHash = saved.anchorHash;
    this.lost = saved.lost;
    this.exportedThroughSeq = saved.exportedThroughSeq;
    // A snapshot from before this was tracked: what was lost beyond the last export, as then judged.
    const beyond = saved.lost - Math.min(saved.lost, saved.exportedThroughSeq);
    this.lostUnexported.restore(saved.lostUnexported ?? { count: beyond, ranges: beyond > 0 ? [[saved.lost - beyond + 1, saved.lost]] : [] });
    this.lostSinceCheckpoint = 0;
  }
}

function isUnfiltered(q: AuditQuery): boolean {
  return (
    q.correlation === undefined && q.minLevel === undefined && q.type === undefined && q.uid === undefined && q.action === undefined &&
    q.sinceMs === undefined && q.untilMs === undefined && q.text === undefined && !q.alertsOnly
  );
}
