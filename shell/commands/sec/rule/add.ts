import { RULE_EFFECTS, type RuleEffect } from "../../../../modules/security/index.js";
import { fail } from "../../../../src/errors.js";
import { command } from "../../../command.js";
import { objectMatch, subjectMatch } from "./subject.js";

export default command({
  path: ["sec", "rule", "add"],
  summary: "add a policy rule: effect, priority, subject, object (type:glob) and actions (globs); deny-overrides combines them",
  args: [],
  options: [
    { name: "effect", kind: "choice", choices: RULE_EFFECTS, summary: "allow, deny, or audit (allow and log at warning); required" },
    { name: "priority", kind: "string", placeholder: "n", summary: "higher decides first within an effect (default 0)" },
    { name: "user", kind: "string", summary: "match one user" },
    { name: "uid", kind: "count", summary: "match one uid" },
    { name: "group", kind: "string", summary: "match members of a group" },
    { name: "gid", kind: "count", summary: "match members of a gid" },
    { name: "object", kind: "string", placeholder: "type[:glob]", summary: "object type and name glob, e.g. audit:filter/* (default *)" },
    { name: "action", kind: "string", placeholder: "globs", summary: "comma-separated action globs, e.g. audit.*,kernel.save (default *)" },
  ],
  examples: ["sec rule add --effect deny --group users --object audit --action 'audit.export'", "sec rule add --effect audit --action 'kernel.*' --priority 10"],
  gate: { type: "security", mutates: true, capability: "CAP_MAC_ADMIN" },
  run: ({ kernel, session }, input) => {
    const o = input.options;
    if (o.effect === undefined) fail("EINVAL", "sec rule add: --effect is required", `choose one of: ${RULE_EFFECTS.join(", ")}`);
    const priority = o.priority === undefined ? 0 : Number(o.priority);
    if (!Number.isInteger(priority)) fail("EINVAL", `bad --priority '${o.priority}': expected a whole number`);
    const spec = { priority, ...subjectMatch(kernel, input), ...objectMatch(o.object ?? "*"), actions: o.action ?? "*", effect: o.effect as RuleEffect };
    const id = kernel.security.labels.create((made: number) => `sec/rule/${made}`, session.subject.uid, session.subject.gid, () => kernel.security.rules.add(spec));
    return { id, effect: o.effect };
  },
  describe: (r) => `rule #${r.id} (${r.effect})`,
  display: (r) => [`added rule #${r.id} (${r.effect})`],
});
