import { RULE_EFFECTS } from "../../../../modules/security/index.js";
import { fail } from "../../../../src/errors.js";
import { command } from "../../../command.js";
import { actionMatch, objectMatch, ruleVocabulary, SUBJECT_OPTIONS, subjectMatch } from "./subject.js";

export default command({
  path: ["sec", "rule", "add"],
  summary: "add a policy rule: effect, priority, subject, object (type:glob) and actions (globs); deny-overrides combines them; a deny of sec.rule.list or sec.rule.del to you or root is refused",
  args: [],
  options: [
    { name: "effect", kind: "choice", choices: RULE_EFFECTS, required: true, summary: "allow, deny, or audit (allow and log at warning); required" },
    { name: "priority", kind: "string", placeholder: "n", summary: "higher decides first within an effect (default 0)" },
    ...SUBJECT_OPTIONS,
    { name: "object", kind: "string", placeholder: "type[:glob]", summary: "object type and name glob, e.g. audit:filter/* or vol/db (default *)" },
    { name: "action", kind: "string", placeholder: "globs", summary: "comma-separated action globs, e.g. audit.*,kernel.save (default *)" },
  ],
  examples: ["sec rule add --effect deny --group users --object audit --action 'audit.export'", "sec rule add --effect audit --action 'kernel.*' --priority 10"],
  gate: { type: "security", mutates: true, capability: "CAP_MAC_ADMIN" },
  run: ({ kernel, session }, input) => {
    const o = input.options;
    const priority = o.priority === undefined ? 0 : Number(o.priority);
    if (!Number.isInteger(priority)) fail("EINVAL", `bad --priority '${o.priority}': expected a whole number`);
    const vocabulary = ruleVocabulary(session.registry);
    const spec = { priority, ...subjectMatch(kernel, input), ...objectMatch(o.object ?? "*", vocabulary), actions: actionMatch(o.action ?? "*", vocabulary), effect: o.effect };
    const id = kernel.objects.create(session.subject, (made: number) => `sec/rule/${made}`, () => kernel.security.addRule(spec, session.subject));
    return { id, effect: o.effect };
  },
  describe: (r) => `rule #${r.id} (${r.effect})`,
  display: (r) => [`added rule #${r.id} (${r.effect})`],
});
