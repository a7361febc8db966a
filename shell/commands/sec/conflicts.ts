import { findRuleProblems } from "../../../modules/security/index.js";
import { command } from "../../command.js";
import { countOf } from "../../../src/units.js";

export default command({
  path: ["sec", "conflicts"],
  summary: "rules that overlap with opposite effects, rules shadowed so they never decide, duplicate rules",
  args: [],
  options: [],
  examples: ["sec conflicts"],
  gate: { type: "security", mutates: false, object: () => "sec/rule" },
  run: ({ kernel }) => ({ findings: findRuleProblems(kernel.security.rules.list()) }),
  describe: (r) => countOf(r.findings.length, "finding"),
  display: (r, d) =>
    r.findings.length === 0 ? ["no conflicts, shadowed or duplicate rules"] : d.table(["KIND", "RULES", "DETAIL"], r.findings.map((f) => [f.kind, f.ids.map((id) => `#${id}`).join(" "), f.detail])),
});
