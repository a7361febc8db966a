import { command } from "../../../command.js";

export default command({
  path: ["sec", "rule", "list"],
  summary: "the policy rules, highest priority first, with how often each decided",
  args: [],
  options: [],
  examples: ["sec rule list"],
  gate: { type: "security", mutates: false },
  run: ({ kernel }) => ({ rules: kernel.security.rules.list() }),
  display: (r, d) =>
    r.rules.length === 0
      ? ["(no rules: DAC and MAC decide everything past the capability check)"]
      : d.table(
          ["ID", "PRIORITY", "EFFECT", "SUBJECT", "OBJECT", "ACTIONS", "HITS"],
          r.rules.map((rule) => [rule.id, rule.priority, rule.effect, rule.subjectText, `${rule.objectType}:${rule.objectGlob}`, rule.actions, rule.hits]),
        ),
});
