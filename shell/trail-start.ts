// The entry that starts a kernel's audit trail: a boot names its seed; `reset` and `load` also say
// what they discarded, since the trail they replace is gone. Its uid says who; the old trail's
// numbers are its own (the new one counts from its own start), and how far it was exported says
// whether its entries live on in an export (audit export). Also what a start warns of: a restored
// trail that does not verify.

import type { AuditStats } from "../modules/audit/index.js";
import type { Kernel, TrailStart } from "../src/kernel.js";

export function bootStart(seed: number): TrailStart {
  return { action: "kernel.boot", message: `booted with seed ${seed}` };
}

/** The start of the trail a reset or a load makes, `before` being the stats of the one it replaces. */
export function replacementStart(replacement: { readonly kind: "reset" } | { readonly kind: "load"; readonly file: string }, seed: number, before: AuditStats): TrailStart {
  const exported = before.exportedThroughSeq === 0 ? "never exported" : `exported through #${before.exportedThroughSeq}`;
  const discarded = `the previous trail is discarded (its #${before.recorded - before.retained + 1} to #${before.recorded}, ${exported})`;
  return replacement.kind === "reset" ? { action: "kernel.reset", message: `${bootStart(seed).message}; ${discarded}` } : { action: "kernel.load", message: `loaded ${replacement.file}; ${discarded}` };
}

/**
 * A restored audit trail that does not verify, as a warning. The session starts anyway, so `audit
 * verify` and `audit query` can show what happened; the old seal is kept on every save, so the
 * tampering stays evident.
 */
export function trailWarnings(audit: Kernel["view"]["audit"], where: string): string[] {
  const problem = audit.loadProblem();
  return problem === undefined ? [] : [`the audit trail in ${where} does not verify: ${problem}; see audit verify`];
}
