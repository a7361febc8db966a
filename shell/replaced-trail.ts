// What `reset` and `load` say in the new trail about the one they replace: its first entry (action
// kernel.reset or kernel.load, its uid saying who) names the entries the old ring held and how far
// they were exported, so an auditor sees a trail was discarded, and whether it lives on in an
// export (audit export). The numbers are the old trail's: the new one counts from its own start.

import type { AuditStats } from "../modules/audit/index.js";

export function discardedTrail(before: AuditStats): string {
  const exported = before.exportedThroughSeq === 0 ? "never exported" : `exported through #${before.exportedThroughSeq}`;
  return `the previous trail is discarded (its #${before.recorded - before.retained + 1} to #${before.recorded}, ${exported})`;
}
