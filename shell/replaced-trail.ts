// What `reset` and `load` say in the new trail about the one they replace: the boot entry (its uid
// says who) names how much was recorded and kept and how far it was exported, so an auditor sees
// that a trail was discarded, and whether its entries live on in an export (audit export).

import type { AuditStats } from "../modules/audit/index.js";

export function discardedTrail(before: AuditStats): string {
  const exported = before.exportedThroughSeq === 0 ? "never exported" : `exported through #${before.exportedThroughSeq}`;
  return `the trail it replaced (#1 to #${before.recorded}, ${before.retained} kept, ${exported}) is discarded`;
}
