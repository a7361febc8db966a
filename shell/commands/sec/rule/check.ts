import { effectName } from "../../../../modules/security/index.js";
import { command } from "../../../command.js";
import { credentialsOf } from "./subject.js";

export default command({
  path: ["sec", "rule", "check"],
  summary: "which rules match a request and what they decide (rules only; sec why shows every layer)",
  args: [
    { name: "user", required: true, kind: "user" },
    { name: "action", required: true, kind: "action" },
    { name: "object", required: true, kind: "object" },
  ],
  options: [],
  examples: ["sec rule check root audit.query audit"],
  gate: { type: "security", mutates: false, object: () => "sec/rule" },
  run: ({ kernel }, input) => {
    const object = input.args.object;
    const slash = object.indexOf("/");
    const verdict = kernel.security.rules.evaluate(
      credentialsOf(kernel, input.args.user),
      input.args.action,
      slash < 0 ? object : object.slice(0, slash),
      slash < 0 ? "" : object.slice(slash + 1),
      true,
    );
    return { effect: effectName(verdict.effect), ruleId: verdict.ruleId, matched: verdict.matched };
  },
  display: (r) => [
    r.ruleId === 0
      ? "no rule matches: DAC and MAC decide"
      : `${r.effect} by rule #${r.ruleId}${r.matched.length > 1 ? ` (matching: #${r.matched.join(", #")}; deny-overrides)` : ""}`,
  ],
});
