// What would change a MAC denial, as `sec why` says it: another clearance, or another level for
// the object. Relabelling is offered only where it is the object's own matter:
//   - an object not made yet (vol.create of vol/secret) has no label to change: it would take its
//     container's level; root can make it, then label it and give it away;
//   - an object every level shares (the clock, the kernel, a container objects are made in) is
//     public so every level reads it; raising it to let a higher clearance write it would shut
//     out every lower reader, so under Bell-LaPadula only a public subject, or a trusted one
//     (CAP_MAC_OVERRIDE), writes it: moving the shared clock from above would be a channel down.

import type { Operation } from "../../src/gate.js";
import type { ObjectLabels, ResolvedLabel } from "./labels.js";

export interface MacDenial {
  readonly name: string; // the subject: "alice", or a pod's "pod/web"
  readonly pod: boolean;
  readonly clearance: string; // the subject's level, lower case
  readonly level: string; // the object's level, lower case
}

/** The fix line of a MAC denial of `op` on an object labelled `label`. */
export function macFix(labels: ObjectLabels, op: Operation, label: ResolvedLabel, d: MacDenial): string {
  const raise = d.pod ? `run ${d.name} at level ${d.level} (seLinuxOptions.level; a pod's level, not above its applier's clearance)` : `sec clearance ${d.name} ${d.level}`;
  if (!labels.labellable(op.object)) {
    const handOver = d.pod ? "" : ` and sec chown ${op.object} ${d.name}`;
    return `${raise}, or (as root) make ${op.object}, then sec label ${op.object} ${d.clearance}${handOver}: it does not exist yet, so it has no label, and would take ${label.source}'s level (${d.level})`;
  }
  if (op.access !== "read" && labels.shared(op.object)) {
    const trusted = d.pod ? "" : `, or sec caps ${d.name} +CAP_MAC_OVERRIDE (as root)`;
    return `${raise}${trusted}: ${op.object} is shared by every level, so it stays ${d.level} for all to read`;
  }
  return `${raise}, or sec label ${op.object} ${d.clearance} (as root)`;
}
