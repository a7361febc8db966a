import { command } from "../../../command.js";
import { formatDuration } from "../../../values.js";

export default command({
  path: ["audit", "compliance", "list"],
  summary: "the compliance policies",
  args: [],
  options: [],
  examples: ["audit compliance list"],
  gate: { type: "security", mutates: false, capability: "CAP_AUDIT_READ" },
  run: ({ kernel }) => ({ policies: kernel.audit.compliance.list() }),
  display: (r, d) =>
    r.policies.length === 0
      ? ["(no compliance policies)"]
      : d.table(["NAME", "RULE", "MAX-AGE"], r.policies.map((p) => [p.name, p.rule, p.maxAgeMs > 0 ? formatDuration(p.maxAgeMs) : "-"])),
});
