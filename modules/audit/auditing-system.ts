// The audit trail (seed Task 6): a ring of AUDIT_ENTRY_MAX typed entries, hash-chained.
//
// Each entry: sequence number, simulated time, level, event type, subject uid, action, object,
// result, message, and two flags (alert, acknowledged). Fields are typed-array columns indexed
// by ring slot; text is interned in a reference-counted StringTable, so memory is fixed.
//
// Interface, in call order:
//   append(record)      filters decide keep/drop/alert; a kept entry gets the next sequence
//                       number and the chain hash over the previous hash and its canonical text
//   query/tail/stats    read the retained window (oldest first)
//   verify()            recompute the chain over the retained window and check the seal
//   ack, export         acknowledge Critical entries; mark entries as exported
//   toJSON/restore      the snapshot form, sealed with the HMAC key kept outside the state file;
//                       restore verifies what it loaded (`loadProblem`), and a trail that did not
//                       verify keeps its old seal on every later save, so tampering stays evident
//
// When the ring is full the oldest entry goes: `lost` counts those (like auditd's lost counter)
// and the overwritten entry's hash becomes the anchor the retained window chains from.
// The flags are bookkeeping outside the hash: acknowledging an entry does not rewrite history.

import { assert } from "../../src/assert.js";
import type { Clock } from "../../src/clock.js";
import { fail } from "../../src/errors.js";
import type { EventBus } from "../../src/event-bus.js";
import { compileGlob } from "../../src/glob.js";
import { AUDIT_ENTRY_MAX, AUDIT_STRINGS_PER_ENTRY } from "../../src/limits.js";
import { DENIED_RESULT } from "../../src/ports.js";
import { StringTable } from "../../src/table/string-table.js";
import { canonicalText, chainHash, GENESIS_HASH, sealHead, sealIsValid, type Seal } from "./chain.js";
import { CompliancePolicies, UnexportedLosses, type ComplianceFinding, type SavedLosses } from "./compliance.js";
import { AuditFilters } from "./filters.js";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES, AuditEventType, AuditLevel, type AuditEntry, type AuditRecord } from "./types.js";

const FLAG_ALERT = 1;
const FLAG_ACKED = 2;
export { DENIED_RESULT }; // the kernel writes it for a refused operation (src/ports.ts)

export interface AuditQuery {
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

export interface AuditStats {
  readonly recorded: number;
  readonly retained: number;
  readonly capacity: number;
  readonly lost: number;
  readonly dropped: number;
  readonly alerts: number;
  readonly unackedCritical: number;
  readonly byLevel: Record<string, number>;
  readonly byType: Record<string, number>;
  readonly exportedThroughSeq: number;
  readonly filters: number;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly sealed: boolean;
  readonly badSeq?: number;
  readonly problem?: string;
}

export class AuditingSystem {
  readonly filters = new AuditFilters();
  readonly compliance = new CompliancePolicies();
  private readonly strings: StringTable;
  private readonly seqs: Float64Array;
  private readonly timesMs: Float64Array;
  private readonly levels: Uint8Array;
  private readonly types: Uint8Array;
  private readonly uids: Uint32Array;
  private readonly actions: Uint16Array;
  private readonly objects: Uint16Array;
  private readonly results: Uint16Array;
  private readonly messages: Uint16Array;
  private readonly flags: Uint8Array;
  private readonly hashes: string[]; // hex, one per slot: crypto.hash's hex output, stored as made
  private start = 0;
  private count = 0;
  private headSeq = 0;
  private headHash = GENESIS_HASH;
  private anchorHash = GENESIS_HASH;
  private lost = 0;
  private dropped = 0;
  private securityDeniesRecorded = 0;
  private securityDeniesDropped = 0;
  private exportedThroughSeq = 0;
  private readonly lostUnexported = new UnexportedLosses();
  private checkpoint: Seal | undefined;
  private lostSinceCheckpoint = 0; // entries wrapped out since the checkpoint was sealed
  private problemAtLoad: string | undefined; // why the restored trail did not verify, if it did not
  // Running counts over the retained window, kept as entries come and go so stats cost O(1).
  private readonly levelCounts = new Uint32Array(AUDIT_LEVEL_NAMES.length);
  private readonly typeCounts = new Uint32Array(AUDIT_TYPE_NAMES.length);
  private alertCount = 0;
  private unackedCriticalCount = 0;

  constructor(
    private readonly clock: Clock,
    private readonly sealKey: Uint8Array,
    private readonly events?: EventBus,
    readonly capacity = AUDIT_ENTRY_MAX,
  ) {
    assert(capacity > 0 && capacity <= AUDIT_ENTRY_MAX * 64, "audit capacity is positive and bounded");
    this.strings = new StringTable(Math.min(capacity * AUDIT_STRINGS_PER_ENTRY + 1, 2 ** 16), "AUDIT_STRING_MAX");
    this.seqs = new Float64Array(capacity);
    this.timesMs = new Float64Array(capacity);
    this.levels = new Uint8Array(capacity);
    this.types = new Uint8Array(capacity);
    this.uids = new Uint32Array(capacity);
    this.actions = new Uint16Array(capacity);
    this.objects = new Uint16Array(capacity);
    this.results = new Uint16Array(capacity);
    this.messages = new Uint16Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.hashes = new Array<string>(capacity).fill(GENESIS_HASH);
  }

  /** Records `record` unless a filter drops it; returns its sequence number, or 0 if dropped. */
  append(record: AuditRecord): number {
    const effect = this.filters.decide(record);
    const isDeny = record.type === AuditEventType.Security && record.result === DENIED_RESULT;
    if (effect === "drop") {
      this.dropped++;
      if (isDeny) this.securityDeniesDropped++;
      return 0;
    }
    if (isDeny) this.securityDeniesRecorded++;
    const nowMs = this.clock.now();
    const seq = this.store(nowMs, record, effect === "alert" ? FLAG_ALERT : 0);
    if (this.events?.hasListeners()) this.events.emit({ topic: "audit", nowMs });
    return seq;
  }

  private store(timeMs: number, record: AuditRecord, flags: number, givenHash?: string): number {
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
    this.actions[slot] = this.strings.acquire(record.action);
    this.objects[slot] = this.strings.acquire(record.object);
    this.results[slot] = this.strings.acquire(record.result);
    this.messages[slot] = this.strings.acquire(record.message);
    this.flags[slot] = flags;
    this.tally(slot, 1);
    const hash = givenHash ?? chainHash(this.headHash, canonicalText(seq, timeMs, record));
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

  private releaseStrings(slot: number): void {
    this.strings.release(this.actions[slot]!);
    this.strings.release(this.objects[slot]!);
    this.strings.release(this.results[slot]!);
    this.strings.release(this.messages[slot]!);
  }

  private hashAt(slot: number): string {
    return this.hashes[slot]!;
  }

  private slotAt(position: number): number {
    const slot = this.start + position;
    return slot < this.capacity ? slot : slot - this.capacity;
  }

  private entryAt(slot: number): AuditEntry {
    return {
      seq: this.seqs[slot]!,
      timeMs: this.timesMs[slot]!,
      level: AUDIT_LEVEL_NAMES[this.levels[slot]!]!,
      type: AUDIT_TYPE_NAMES[this.types[slot]!]!,
      uid: this.uids[slot]!,
      action: this.strings.text(this.actions[slot]!),
      object: this.strings.text(this.objects[slot]!),
      result: this.strings.text(this.results[slot]!),
      message: this.strings.text(this.messages[slot]!),
      alert: (this.flags[slot]! & FLAG_ALERT) !== 0,
      acked: (this.flags[slot]! & FLAG_ACKED) !== 0,
      hash: this.hashAt(slot),
    };
  }

  retained(): number {
    return this.count;
  }

  lastSeq(): number {
    return this.headSeq;
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
    return [this.actions, this.objects, this.results, this.messages].some((column) =>
      this.strings.text(column[slot]!).toLowerCase().includes(text),
    );
  }

  tail(limit: number): AuditEntry[] {
    return this.query({ limit }).entries;
  }

  /** Every retained entry, oldest first. */
  entries(): AuditEntry[] {
    return this.query({}).entries;
  }

  stats(): AuditStats {
    return {
      recorded: this.headSeq,
      retained: this.count,
      capacity: this.capacity,
      lost: this.lost,
      dropped: this.dropped,
      alerts: this.alertCount,
      unackedCritical: this.unackedCriticalCount,
      byLevel: Object.fromEntries(AUDIT_LEVEL_NAMES.map((name, level) => [name, this.levelCounts[level]!])),
      byType: Object.fromEntries(AUDIT_TYPE_NAMES.map((name, type) => [name, this.typeCounts[type]!])),
      exportedThroughSeq: this.exportedThroughSeq,
      filters: this.filters.count(),
    };
  }

  private unackedCritical(): { seq: number; timeMs: number }[] {
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

  /** Acknowledges every retained Critical entry; returns how many were newly acknowledged. */
  acknowledgeAll(): number {
    const pending = this.unackedCritical();
    for (const { seq } of pending) this.acknowledge(seq);
    return pending.length;
  }

  /** Records that everything up to the current head has been exported. */
  markExported(): number {
    this.exportedThroughSeq = this.headSeq;
    return this.exportedThroughSeq;
  }

  complianceReport(): ComplianceFinding[] {
    const sampleDeny: AuditRecord = {
      level: AuditLevel.Warning,
      type: AuditEventType.Security,
      uid: 0,
      action: "*",
      object: "",
      result: DENIED_RESULT,
      message: "",
    };
    return this.compliance.report({
      nowMs: this.clock.now(),
      securityDeniesRecorded: this.securityDeniesRecorded,
      securityDeniesDropped: this.securityDeniesDropped,
      filtersDroppingDenies: this.filters.wouldDrop(sampleDeny),
      unackedCritical: this.unackedCritical(),
      lost: this.lost,
      lostUnexported: this.lostUnexported.toJSON(),
    });
  }

  /** Recomputes the chain over the retained window and checks the seal; names the first bad entry. */
  verify(): VerifyReport {
    const firstSeq = this.lost + 1;
    const base = { checked: this.count, firstSeq, lastSeq: this.headSeq, sealed: this.checkpoint !== undefined };
    let previous = this.anchorHash;
    for (let position = 0; position < this.count; position++) {
      const slot = this.slotAt(position);
      const seq = this.seqs[slot]!;
      const expectedSeq = firstSeq + position;
      if (seq !== expectedSeq) return { ...base, ok: false, ...this.sequenceProblem(position, expectedSeq) };
      const expected = chainHash(previous, canonicalText(seq, this.timesMs[slot]!, this.fieldsAt(slot)));
      if (expected !== this.hashAt(slot)) {
        return { ...base, ok: false, badSeq: seq, problem: `entry #${seq} does not match its hash (edited, or the chain before it was rewritten)` };
      }
      previous = expected;
    }
    if (firstSeq + this.count - 1 !== this.headSeq) {
      const badSeq = firstSeq + this.count;
      return { ...base, ok: false, badSeq, problem: `trail truncated: entries #${badSeq}..#${this.headSeq} are missing` };
    }
    return this.verifySeal(base);
  }

  /** Tells a deleted entry (its number appears nowhere later) from a reordered one. */
  private sequenceProblem(position: number, expectedSeq: number): { badSeq: number; problem: string } {
    for (let later = position + 1; later < this.count; later++) {
      if (this.seqs[this.slotAt(later)] === expectedSeq) {
        return { badSeq: expectedSeq, problem: `entry #${expectedSeq} is out of order (reordered)` };
      }
    }
    return { badSeq: expectedSeq, problem: `entry #${expectedSeq} is missing (deleted)` };
  }

  private fieldsAt(slot: number) {
    return {
      level: this.levels[slot]!,
      type: this.types[slot]!,
      uid: this.uids[slot]!,
      action: this.strings.text(this.actions[slot]!),
      object: this.strings.text(this.objects[slot]!),
      result: this.strings.text(this.results[slot]!),
      message: this.strings.text(this.messages[slot]!),
    };
  }

  private verifySeal(base: Omit<VerifyReport, "ok">): VerifyReport {
    const seal = this.checkpoint;
    if (seal === undefined) return { ...base, ok: true };
    if (!sealIsValid(this.sealKey, seal, this.lost - this.lostSinceCheckpoint)) {
      return { ...base, ok: false, badSeq: seal.seq, problem: "the seal does not match the audit key (seal forged, key replaced, or the oldest entries dropped)" };
    }
    if (seal.seq > this.headSeq) {
      return { ...base, ok: false, badSeq: this.headSeq + 1, problem: `trail truncated: sealed head #${seal.seq} is gone, last entry is #${this.headSeq}` };
    }
    if (seal.seq >= base.firstSeq) {
      const slot = this.slotAt(seal.seq - base.firstSeq);
      if (this.hashAt(slot) !== seal.hash) {
        return { ...base, ok: false, badSeq: seal.seq, problem: `entry #${seal.seq} differs from the sealed head (chain rewritten)` };
      }
    }
    return { ...base, ok: true };
  }

  toJSON(): SavedAudit {
    return {
      headSeq: this.headSeq,
      anchorHash: this.anchorHash,
      lost: this.lost,
      dropped: this.dropped,
      securityDeniesRecorded: this.securityDeniesRecorded,
      securityDeniesDropped: this.securityDeniesDropped,
      exportedThroughSeq: this.exportedThroughSeq,
      lostUnexported: this.lostUnexported.toJSON(),
      seal: this.sealForSave(),
      entries: this.entries(),
      filters: this.filters.toJSON(),
      compliance: this.compliance.list(),
    };
  }

  /** Why the trail restored from a snapshot did not verify; undefined when it did (or was not restored). */
  get loadProblem(): string | undefined {
    return this.problemAtLoad;
  }

  /**
   * The head sealed now, unless the trail was loaded tampered: then the old seal stays, so the
   * tampering is still evident after any number of ordinary saves (never seal what does not verify).
   */
  private sealForSave(): Seal {
    if (this.problemAtLoad !== undefined && this.checkpoint !== undefined) return this.checkpoint;
    return sealHead(this.sealKey, this.headSeq, this.headHash, this.lost);
  }

  /** Loads a saved trail as it stands, tampered or not, and verifies it (`loadProblem` says why not). */
  restore(saved: SavedAudit): void {
    assert(this.count === 0 && this.headSeq === 0, "restore goes into an empty trail");
    if (saved.entries.length > this.capacity) {
      fail("EINVAL", `saved trail holds ${saved.entries.length} entries; the ring holds ${this.capacity}`);
    }
    for (const entry of saved.entries) {
      this.headSeq = entry.seq - 1;
      const record = { ...entry, level: AUDIT_LEVEL_NAMES.indexOf(entry.level) as AuditLevel, type: AUDIT_TYPE_NAMES.indexOf(entry.type) as AuditEventType };
      this.store(entry.timeMs, record, (entry.alert ? FLAG_ALERT : 0) | (entry.acked ? FLAG_ACKED : 0), entry.hash);
    }
    this.headSeq = saved.headSeq;
    this.headHash = saved.entries.at(-1)?.hash ?? saved.anchorHash;
    this.anchorHash = saved.anchorHash;
    this.lost = saved.lost;
    this.dropped = saved.dropped;
    this.securityDeniesRecorded = saved.securityDeniesRecorded;
    this.securityDeniesDropped = saved.securityDeniesDropped;
    this.exportedThroughSeq = saved.exportedThroughSeq;
    // A snapshot from before this was tracked: what was lost beyond the last export, as then judged.
    const beyond = saved.lost - Math.min(saved.lost, saved.exportedThroughSeq);
    this.lostUnexported.restore(saved.lostUnexported ?? { count: beyond, ranges: beyond > 0 ? [[saved.lost - beyond + 1, saved.lost]] : [] });
    this.checkpoint = saved.seal;
    this.lostSinceCheckpoint = 0;
    this.filters.restore(saved.filters);
    for (const policy of saved.compliance) this.compliance.add(policy);
    const report = this.verify();
    this.problemAtLoad = report.ok ? undefined : `failed at #${report.badSeq}: ${report.problem}`;
  }
}

function isUnfiltered(q: AuditQuery): boolean {
  return (
    q.minLevel === undefined && q.type === undefined && q.uid === undefined && q.action === undefined &&
    q.sinceMs === undefined && q.untilMs === undefined && q.text === undefined && !q.alertsOnly
  );
}

export interface SavedAudit {
  readonly headSeq: number;
  readonly anchorHash: string;
  readonly lost: number;
  readonly dropped: number;
  readonly securityDeniesRecorded: number;
  readonly securityDeniesDropped: number;
  readonly exportedThroughSeq: number;
  readonly lostUnexported?: SavedLosses; // absent in snapshots from before it was kept
  readonly seal: Seal;
  readonly entries: AuditEntry[];
  readonly filters: ReturnType<AuditFilters["toJSON"]>;
  readonly compliance: ReturnType<CompliancePolicies["list"]>;
}
