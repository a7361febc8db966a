// A deny rule that would refuse its own removal. Rules bind root too, so a rule denying
// sec.rule.list or sec.rule.del to the user who adds it, or to root, could never be listed or
// deleted again: only `reset` or `load` would undo it, and it persists with the state. `sec rule
// add` refuses such a rule before it is added, as an administrator is kept from firewalling off
// the SSH session they type in.

import { fail } from "../../src/errors.js";
import type { Subject } from "../../src/gate.js";
import type { Credentials } from "./accounts.js";
import { specMatches, type RuleSpec } from "./rules.js";

/** What anyone must still be able to do to undo a rule: list the rules, delete this one (object rule/<id> of type sec). */
const RECOVERY = [
  { action: "sec.rule.list", name: () => "rule" },
  { action: "sec.rule.del", name: (id: number) => `rule/${id}` },
] as const;

/** Refuses `spec`, to be rule #`id`, when it would deny its recovery to `author` or to root. */
export function refuseLockout(spec: RuleSpec, id: number, subjects: readonly { readonly subject: Subject; readonly credentials: Credentials }[]): void {
  if (spec.effect !== "deny") return;
  for (const { subject, credentials } of subjects) {
    for (const step of RECOVERY) {
      if (!specMatches(spec, credentials, step.action, "sec", step.name(id))) continue;
      fail(
        "EINVAL",
        `refused: this rule would deny ${subject.name} ${step.action} sec/${step.name(id)}, so no one could list or delete it again (only reset or load would undo it)`,
        `leave sec.rule.list and sec.rule.del out of --action (e.g. 'sec.clearance,sec.label'), or narrow --object or the subject so it spares ${subject.name}`,
      );
    }
  }
}
