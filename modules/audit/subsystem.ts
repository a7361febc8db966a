// The audit trail as a subsystem (src/subsystem.ts): built on the kernel's clock, seal key and
// event bus; provides the `trail` port every operation's outcome, boot, alert and performance
// event is written through; owns the objects audit/filter/<id> and audit/compliance/<name>.

import { AUDIT_ENTRY_MAX } from "../../src/limits.js";
import type { AuditTrail } from "../../src/ports.js";
import { printable } from "../../src/printable.js";
import type { Subsystem } from "../../src/subsystem.js";
import { AuditingSystem, type SavedAudit } from "./auditing-system.js";
import { SAVED_AUDIT_SCHEMA } from "./saved-schema.js";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES, type AuditEventType, type AuditLevel } from "./types.js";
import { countOf } from "../../src/units.js";

/** What panes, reports and the prompt read of the trail. */
export function auditView(audit: AuditingSystem) {
  return {
    tail: (limit: number) => audit.tail(limit),
    stats: () => audit.stats(),
    loadProblem: () => audit.loadProblem,
    filterIds: () => audit.filters.list().map((row) => String(row.id)),
    compliancePolicyNames: () => audit.compliance.names(),
    /** Recomputes the chain and checks the seal; changes nothing. */
    verify: () => audit.verify(),
  };
}

// Names to the trail's numbers, looked up on every entry recorded.
const LEVEL_NUMBERS: Readonly<Record<string, AuditLevel>> = Object.fromEntries(AUDIT_LEVEL_NAMES.map((name, level) => [name, level as AuditLevel]));
const TYPE_NUMBERS: Readonly<Record<string, AuditEventType>> = Object.fromEntries(AUDIT_TYPE_NAMES.map((name, type) => [name, type as AuditEventType]));

function trailOf(audit: AuditingSystem): AuditTrail {
  return {
    // One literal in AuditRecord's field order: the chain hashes every entry, and one shape keeps that path fast.
    // Objects and messages carry names and file bytes: control characters are kept escaped (\x1b), as auditd encodes untrusted fields, so no reader's terminal obeys them.
    record: ({ level, type, uid, action, object, result, message, correlation }) => {
      audit.append({ level: LEVEL_NUMBERS[level] ?? (-1 as AuditLevel), type: TYPE_NUMBERS[type] ?? (-1 as AuditEventType), uid, action, object: printable(object), result, message: printable(message), correlation: correlation ?? 0 });
    },
    loadProblem: () => audit.loadProblem,
  };
}

const KINDS = { "audit-filter": { path: "audit/filter", labelled: true, numbered: true }, "compliance-policy": { path: "audit/compliance", labelled: true } } as const;

export const subsystem: Subsystem<"audit", AuditingSystem, SavedAudit, ReturnType<typeof auditView>, typeof KINDS> = {
  name: "audit",
  kinds: KINDS,
  auditType: "system",
  needs: [],
  offers: ["trail"],
  saved: { schema: SAVED_AUDIT_SCHEMA, check: () => undefined },
  build(context) {
    const audit = new AuditingSystem(context.clock, context.sealKey, context.events, AUDIT_ENTRY_MAX);
    const view = auditView(audit);
    return {
      manager: audit,
      view,
      provides: { trail: trailOf(audit) },
      names: { "audit-filter": view.filterIds, "compliance-policy": view.compliancePolicyNames },
      save: () => audit.toJSON(),
      restore: (saved) => audit.restore(saved),
      status: () => {
        const s = audit.stats();
        const detail = `${s.recorded} recorded, ${s.lost} lost, ${s.dropped} dropped, ${countOf(s.filters, "filter")}`;
        return [{ subsystem: "audit", used: s.retained, capacity: s.capacity, health: s.unackedCritical > 0 ? "attention" : "ok", detail }];
      },
    };
  },
};
