// A deny rule that would refuse its own removal. Rules bind root too, so a rule denying
// sec.rule.list or sec.rule.del to the user who adds it, or to root, could never be listed or
// deleted again: only `reset` or `load` would undo it, and it persists with the state. `sec rule
// add` refuses such a rule before it is added, as an administrator is kept from firewalling off
// the SSH session they type in. Nor may it deny deleting a rule already there: two rules each
// denying the other's removal would lock both in (a cycle of any length closes with such a rule).

import { fail } from "../../src/errors.js";
import type { Subject } from "../../src/gate.js";
import type { Credentials } from "./accounts.js";
import { specMatches, type RuleSpec } from "./rules.js";

/** What anyone must still be able to do to undo rules: list them, delete this one and each one there (object rule/<id> of type sec). */
function recovery(id: number, existing: readonly number[]): { action: string; name: string }[] {
  return [{ action: "sec.rule.list", name: "rule" }, ...[id, ...existing].map((rule) => ({ action: "sec.rule.del", name: `rule/${rule}` }))];
}

/** Refuses `spec`, to be rule #`id` beside rules `existing`, when it would deny their recovery to `author` or to root. */
export function refuseLockout(spec: RuleSpec, id: number, existing: readonly number[], subjects: readonly { readonly subject: Subject; readonly credentials: Credentials }[]): void {
  if (spec.effect !== "deny") return;
  for (const { subject, credentials } of subjects) {
    for (const step of recovery(id, existing)) {
      if (!specMatches(spec, credentials, step.action, "sec", step.name)) continue;
      fail(
        "EINVAL",
        `refused: this rule would deny ${subject.name} ${step.action} sec/${step.name}, so no one could list or delete ${step.name === `rule/${id}` || step.name === "rule" ? "it" : step.name} again (only reset or load would undo it)`,
        `leave sec.rule.list and sec.rule.del out of --action (e.g. 'sec.clearance,sec.label'), or narrow --object or the subject so it spares ${subject.name}`,
      );
    }
  }
}
