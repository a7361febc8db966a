// The audit trail (seed Task 6): a ring of AUDIT_ENTRY_MAX typed entries, hash-chained.
//
// Each entry: sequence number, simulated time, level, event type, subject uid, action, object,
// result, message, and two flags (alert, acknowledged). The entries live in AuditRing (ring.ts:
// typed-array columns, interned text, fixed memory); this file owns what surrounds them: the
// filters and compliance policies, the drop and deny counters, the seal, and the public surface.
//
// Interface, in call order:
//   append(record)      filters decide keep/drop/alert; a kept entry gets the next sequence
//                       number and the chain hash over the previous hash and its canonical text
//   query/tail/stats    read the retained window (oldest first)
//   verify()            recompute the chain over the retained window and check the seal (verify.ts)
//   ack, export         acknowledge Critical entries; mark entries as exported
//   toJSON/restore      the snapshot form (saved-form.ts), sealed with the HMAC key kept outside
//                       the state file; restore verifies what it loaded (`loadProblem`), and a
//                       trail that did not verify keeps its old seal on every later save, so
//                       tampering stays evident
//
// When the ring is full the oldest entry goes: `lost` counts those (like auditd's lost counter)
// and the overwritten entry's hash becomes the anchor the retained window chains from.
// The flags are bookkeeping outside the hash: acknowledging an entry does not rewrite history.

import { assert } from "../../src/assert.js";
import type { Clock } from "../../src/clock.js";
import type { EventBus } from "../../src/event-bus.js";
import { AUDIT_ENTRY_MAX } from "../../src/limits.js";
import { DENIED_RESULT } from "../../src/ports.js";
import type { Seal } from "./chain.js";
import { CompliancePolicies, type ComplianceFinding } from "./compliance.js";
import { AuditFilters } from "./filters.js";
import { AuditRing, FLAG_ALERT, type AuditQuery, type QueryResult } from "./ring.js";
import { sealForSave, type SavedAudit } from "./saved-form.js";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES, AuditEventType, AuditLevel, type AuditEntry, type AuditRecord } from "./types.js";
import { verifyTrail, type VerifyReport } from "./verify.js";

export { DENIED_RESULT }; // the kernel writes it for a refused operation (src/ports.ts)
export type { AuditQuery, QueryResult, SavedAudit, VerifyReport };

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

export class AuditingSystem {
  readonly filters = new AuditFilters();
  readonly compliance = new CompliancePolicies();
  private readonly ring: AuditRing;
  private dropped = 0;
  private securityDeniesRecorded = 0;
  private securityDeniesDropped = 0;
  private checkpoint: Seal | undefined;
  private problemAtLoad: string | undefined; // why the restored trail did not verify, if it did not
  private loadUnverified = false; // restored, verdict not taken yet (see settleLoad)

  constructor(
    private readonly clock: Clock,
    private readonly sealKey: Uint8Array,
    private readonly events?: EventBus,
    readonly capacity = AUDIT_ENTRY_MAX,
  ) {
    assert(capacity > 0 && capacity <= AUDIT_ENTRY_MAX * 64, "audit capacity is positive and bounded");
    this.ring = new AuditRing(capacity);
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
    this.settleLoad(); // the verdict is on the trail as restored, before it changes
    const nowMs = this.clock.now();
    const seq = this.ring.store(nowMs, record, effect === "alert" ? FLAG_ALERT : 0);
    if (this.events?.hasListeners()) this.events.emit({ topic: "audit", nowMs });
    return seq;
  }

  retained(): number {
    return this.ring.count;
  }

  lastSeq(): number {
    return this.ring.headSeq;
  }

  /** Matching entries, the newest `limit` of them, oldest first; `matched` counts all. */
  query(q: AuditQuery): QueryResult {
    return this.ring.query(q);
  }

  tail(limit: number): AuditEntry[] {
    return this.ring.query({ limit }).entries;
  }

  /** Every retained entry, oldest first. */
  entries(): AuditEntry[] {
    return this.ring.query({}).entries;
  }

  stats(): AuditStats {
    const ring = this.ring;
    return {
      recorded: ring.headSeq,
      retained: ring.count,
      capacity: this.capacity,
      lost: ring.lost,
      dropped: this.dropped,
      alerts: ring.alertCount,
      unackedCritical: ring.unackedCriticalCount,
      byLevel: Object.fromEntries(AUDIT_LEVEL_NAMES.map((name, level) => [name, ring.levelCounts[level]!])),
      byType: Object.fromEntries(AUDIT_TYPE_NAMES.map((name, type) => [name, ring.typeCounts[type]!])),
      exportedThroughSeq: ring.exportedThroughSeq,
      filters: this.filters.count(),
    };
  }

  /** Acknowledges one Critical entry by sequence number. */
  acknowledge(seq: number): void {
    this.ring.acknowledge(seq);
  }

  /** Acknowledges every retained Critical entry; returns how many were newly acknowledged. */
  acknowledgeAll(): number {
    const pending = this.ring.unackedCritical();
    for (const { seq } of pending) this.ring.acknowledge(seq);
    return pending.length;
  }

  /** Records that everything up to the current head has been exported. */
  markExported(): number {
    this.ring.exportedThroughSeq = this.ring.headSeq;
    return this.ring.exportedThroughSeq;
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
      unackedCritical: this.ring.unackedCritical(),
      lost: this.ring.lost,
      lostUnexported: this.ring.lostUnexported.toJSON(),
    });
  }

  /** Recomputes the chain over the retained window and checks the seal; names the first bad entry. */
  verify(): VerifyReport {
    return verifyTrail(this.ring, this.sealKey, this.checkpoint);
  }

  toJSON(): SavedAudit {
    this.settleLoad();
    const ring = this.ring;
    return {
      headSeq: ring.headSeq,
      anchorHash: ring.anchorHash,
      lost: ring.lost,
      dropped: this.dropped,
      securityDeniesRecorded: this.securityDeniesRecorded,
      securityDeniesDropped: this.securityDeniesDropped,
      exportedThroughSeq: ring.exportedThroughSeq,
      lostUnexported: ring.lostUnexported.toJSON(),
      seal: sealForSave(ring, this.sealKey, this.checkpoint, this.problemAtLoad),
      entries: this.entries(),
      filters: this.filters.toJSON(),
      compliance: this.compliance.list(),
    };
  }

  /** Why the trail restored from a snapshot did not verify; undefined when it did (or was not restored). */
  get loadProblem(): string | undefined {
    this.settleLoad();
    return this.problemAtLoad;
  }

  /**
   * Loads a saved trail as it stands, tampered or not; it is verified once, before its verdict
   * (`loadProblem`) is read, the trail is saved or an entry is appended, whichever comes first. A
   * full ring takes ~25 ms to verify: the interactive shell asks for the verdict just after its
   * first prompt is drawn, not before.
   */
  restore(saved: SavedAudit): void {
    this.ring.load(saved);
    this.dropped = saved.dropped;
    this.securityDeniesRecorded = saved.securityDeniesRecorded;
    this.securityDeniesDropped = saved.securityDeniesDropped;
    this.checkpoint = saved.seal;
    this.filters.restore(saved.filters);
    for (const policy of saved.compliance) this.compliance.add(policy);
    this.loadUnverified = true;
  }

  /** Takes the restored trail's verdict, once, while the ring is still as restored. */
  private settleLoad(): void {
    if (!this.loadUnverified) return;
    this.loadUnverified = false;
    const report = this.verify();
    this.problemAtLoad = report.ok ? undefined : `failed at #${report.badSeq}: ${report.problem}`;
  }
}
