// The audit trail's saved form: what toJSON writes into state.json and restore reads back
// (the shape; saved-schema.ts checks it on load), and which seal a save carries.

import { sealHead, type Seal } from "./chain.js";
import type { CompliancePolicies, SavedLosses } from "./compliance.js";
import type { AuditFilters } from "./filters.js";
import type { AuditRing } from "./ring.js";
import type { AuditEntry } from "./types.js";

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

/**
 * The head sealed now, unless the trail was loaded tampered: then the old seal stays, so the
 * tampering is still evident after any number of ordinary saves (never seal what does not verify).
 */
export function sealForSave(ring: AuditRing, sealKey: Uint8Array, checkpoint: Seal | undefined, problemAtLoad: string | undefined): Seal {
  if (problemAtLoad !== undefined && checkpoint !== undefined) return checkpoint;
  return sealHead(sealKey, ring.headSeq, ring.headHash, ring.lost);
}
