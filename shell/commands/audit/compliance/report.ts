import { command } from "../../../command.js";
import { countOf } from "../../../../src/units.js";

export default command({
  path: ["audit", "compliance", "report"],
  summary: "judge every policy now: pass or fail, with the evidence",
  args: [],
  options: [],
  examples: ["audit compliance add soc2-denies --rule denies-recorded; audit compliance report"],
  gate: { type: "security", mutates: false, capability: "CAP_AUDIT_READ" },
  run: ({ kernel }) => {
    const findings = kernel.audit.complianceReport();
    return { findings, passed: findings.filter((f) => f.passed).length };
  },
  describe: (r) => `${r.passed} of ${r.findings.length} pass`,
  display: (r, d) =>
    r.findings.length === 0
      ? ["(no compliance policies: add one with audit compliance add)"]
      : [
          ...d.table(["POLICY", "RULE", "RESULT", "EVIDENCE"], r.findings.map((f) => [f.policy, f.rule, f.passed ? d.chalk.green("PASS") : d.chalk.red("FAIL"), f.evidence])),
          `${r.passed} of ${countOf(r.findings.length, "policy", "policies")} pass`,
        ],
});
