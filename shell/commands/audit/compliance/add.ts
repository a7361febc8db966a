import { COMPLIANCE_RULES } from "../../../../modules/audit/index.js";
import { command } from "../../../command.js";

export default command({
  path: ["audit", "compliance", "add"],
  summary: "add a named compliance policy: denies-recorded, critical-acked (with --max-age) or exported-before-wrap",
  args: [{ name: "name", required: true, of: "compliance-policy" }],
  options: [
    { name: "rule", kind: "choice", choices: COMPLIANCE_RULES, required: true, summary: "the requirement (required)" },
    { name: "max-age", kind: "duration", summary: "for critical-acked: how long a critical entry may wait" },
  ],
  examples: ["audit compliance add soc2-denies --rule denies-recorded", "audit compliance add oncall --rule critical-acked --max-age 1h"],
  gate: { type: "security", mutates: true, capability: "CAP_AUDIT_CONTROL" },
  run: ({ kernel, session }, input) => {
    const rule = input.options.rule;
    const policy = { name: input.args.name, rule, maxAgeMs: input.options["max-age"] ?? 0 };
    kernel.objects.create(session.subject, `audit/compliance/${input.args.name}`, () => kernel.audit.compliance.add(policy));
    return { name: input.args.name, rule };
  },
  display: (r) => [`added compliance policy ${r.name} (${r.rule})`],
});
