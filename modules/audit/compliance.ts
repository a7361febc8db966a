// Compliance policies: named requirements over the trail, each reported as pass or fail with
// the evidence that decided it. Three requirement kinds:
//   denies-recorded        every Security deny reached the ring (no filter dropped or would drop one)
//   critical-acked         no Critical entry older than --max-age is left unacknowledged
//   exported-before-wrap   the ring never wrapped over entries that had not been exported
// Policies live in a fixed table of COMPLIANCE_POLICY_MAX rows.
//
// For exported-before-wrap the trail tells UnexportedLosses of every entry the ring overwrites.
// An export writes every retained entry, so an overwritten entry was exported exactly when an
// export before its loss reached its sequence number; one exported later was already gone.

import { fail } from "../../src/errors.js";
import { AUDIT_LOST_RANGE_MAX, COMPLIANCE_POLICY_MAX } from "../../src/limits.js";
import { SlotTable } from "../../src/table/slot-table.js";

export const COMPLIANCE_RULES = ["denies-recorded", "critical-acked", "exported-before-wrap"] as const;
export type ComplianceRule = (typeof COMPLIANCE_RULES)[number];

export interface CompliancePolicy {
  readonly name: string;
  readonly rule: ComplianceRule;
  readonly maxAgeMs: number;
}

export interface ComplianceFinding {
  readonly policy: string;
  readonly rule: ComplianceRule;
  readonly passed: boolean;
  readonly evidence: string;
}

/** What the trail tells a policy; gathered by the AuditingSystem. */
export interface ComplianceEvidence {
  readonly nowMs: number;
  readonly securityDeniesRecorded: number;
  readonly securityDeniesDropped: number;
  readonly filtersDroppingDenies: readonly number[];
  readonly unackedCritical: readonly { seq: number; timeMs: number }[];
  readonly lost: number;
  readonly lostUnexported: SavedLosses;
}

/** Entries overwritten before any export: how many, and the first runs of sequence numbers. */
export interface SavedLosses {
  readonly count: number;
  readonly ranges: readonly (readonly [first: number, last: number])[]; // at most AUDIT_LOST_RANGE_MAX
}

export class UnexportedLosses {
  private readonly firstSeqs = new Float64Array(AUDIT_LOST_RANGE_MAX);
  private readonly lastSeqs = new Float64Array(AUDIT_LOST_RANGE_MAX);
  private rangeCount = 0;
  private count = 0;

  /** The ring overwrites `seq`; exports so far reached `exportedThroughSeq`. */
  record(seq: number, exportedThroughSeq: number): void {
    if (seq <= exportedThroughSeq) return;
    this.count++;
    const last = this.rangeCount - 1;
    if (last >= 0 && this.lastSeqs[last] === seq - 1) this.lastSeqs[last] = seq;
    else if (this.rangeCount < AUDIT_LOST_RANGE_MAX) {
      this.firstSeqs[this.rangeCount] = seq;
      this.lastSeqs[this.rangeCount++] = seq;
    }
  }

  toJSON(): SavedLosses {
    const ranges = Array.from({ length: this.rangeCount }, (_, i) => [this.firstSeqs[i]!, this.lastSeqs[i]!] as const);
    return { count: this.count, ranges };
  }

  restore(saved: SavedLosses): void {
    const ranges = saved.ranges.slice(0, AUDIT_LOST_RANGE_MAX);
    ranges.forEach(([first, last], i) => {
      this.firstSeqs[i] = first;
      this.lastSeqs[i] = last;
    });
    this.rangeCount = ranges.length;
    this.count = saved.count;
  }
}

export class CompliancePolicies {
  private readonly table = new SlotTable("compliance policy", COMPLIANCE_POLICY_MAX, "COMPLIANCE_POLICY_MAX");
  private readonly rules = new Uint8Array(COMPLIANCE_POLICY_MAX);
  private readonly maxAgesMs = new Float64Array(COMPLIANCE_POLICY_MAX);

  add(policy: CompliancePolicy): void {
    const ruleIndex = COMPLIANCE_RULES.indexOf(policy.rule);
    if (ruleIndex < 0) fail("EINVAL", `unknown compliance rule '${policy.rule}'`, `rules: ${COMPLIANCE_RULES.join(", ")}`);
    if (policy.rule === "critical-acked" && !(policy.maxAgeMs > 0)) {
      fail("EINVAL", "critical-acked needs --max-age greater than zero");
    }
    const slot = this.table.allocate(policy.name);
    this.rules[slot] = ruleIndex;
    this.maxAgesMs[slot] = policy.maxAgeMs;
  }

  delete(name: string): void {
    const slot = this.table.find(name);
    this.table.free(slot);
    this.rules[slot] = 0;
    this.maxAgesMs[slot] = 0;
  }

  list(): CompliancePolicy[] {
    return this.table.slots().map((slot) => ({
      name: this.table.nameOf(slot),
      rule: COMPLIANCE_RULES[this.rules[slot]!]!,
      maxAgeMs: this.maxAgesMs[slot]!,
    }));
  }

  names(): string[] {
    return this.list().map((policy) => policy.name);
  }

  report(evidence: ComplianceEvidence): ComplianceFinding[] {
    return this.list().map((policy) => ({ policy: policy.name, rule: policy.rule, ...judge(policy, evidence) }));
  }
}

function judge(policy: CompliancePolicy, e: ComplianceEvidence): { passed: boolean; evidence: string } {
  switch (policy.rule) {
    case "denies-recorded": {
      if (e.securityDeniesDropped > 0) return { passed: false, evidence: `${e.securityDeniesDropped} security denies dropped by filters` };
      if (e.filtersDroppingDenies.length > 0) {
        return { passed: false, evidence: `filter #${e.filtersDroppingDenies.join(", #")} would drop security denies` };
      }
      return { passed: true, evidence: `${e.securityDeniesRecorded} security denies recorded, none dropped` };
    }
    case "critical-acked": {
      const overdue = e.unackedCritical.filter((entry) => e.nowMs - entry.timeMs > policy.maxAgeMs);
      if (overdue.length > 0) {
        return { passed: false, evidence: `${overdue.length} critical entries unacknowledged past the limit, oldest #${overdue[0]!.seq}` };
      }
      return { passed: true, evidence: `${e.unackedCritical.length} critical entries unacknowledged, none overdue` };
    }
    case "exported-before-wrap": {
      const { count, ranges } = e.lostUnexported;
      if (count > 0) {
        const named = ranges.map(([first, last]) => (first === last ? `#${first}` : `#${first}..#${last}`)).join(", ");
        const listed = ranges.reduce((sum, [first, last]) => sum + last - first + 1, 0);
        return { passed: false, evidence: `entries ${named}${listed < count ? ` and ${count - listed} more` : ""} were overwritten before export` };
      }
      return { passed: true, evidence: e.lost === 0 ? "ring has not wrapped" : `all ${e.lost} overwritten entries were exported first` };
    }
  }
}
