import { command } from "../../command.js";

export default command({
  path: ["cluster", "health"],
  summary: "HEALTHY, DEGRADED or ERROR (like ceph health) with counts; --detail names every failing check and INFO note",
  args: [],
  options: [{ name: "detail", kind: "flag", summary: "list the checks that fail" }],
  examples: ["cluster health", "cluster health --detail"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }, input) => ({ ...kernel.cluster.healthReport(), detail: input.options.detail === true }),
  display: (r, d) => {
    const colour = r.status === "HEALTHY" ? d.chalk.green : r.status === "DEGRADED" ? d.chalk.yellow : d.chalk.red;
    const failing = r.checks.filter((c) => c.severity !== "INFO").length;
    const notes = r.checks.length - failing;
    const counts = [failing > 0 ? `${failing} check${failing === 1 ? "" : "s"} failing` : "", notes > 0 ? `${notes} note${notes === 1 ? "" : "s"}` : ""].filter(Boolean).join(", ");
    const head = `${colour(r.status)}${counts === "" ? "" : ` (${counts})`}`;
    return r.detail && r.checks.length > 0 ? [head, ...d.table(["SEVERITY", "CHECK", "DETAIL"], r.checks.map((c) => [c.severity, c.check, c.detail]))] : [head];
  },
});
