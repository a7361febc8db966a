import { command } from "../../command.js";
import { parseCount } from "../../values.js";

export default command({
  path: ["audit", "ack"],
  summary: "acknowledge a critical entry by sequence number, or all of them with --all",
  args: [{ name: "seq", required: false, orFlag: "all" }],
  options: [{ name: "all", kind: "flag", summary: "every unacknowledged critical entry" }],
  examples: ["audit ack --all"],
  gate: { action: "audit.ack", type: "security", mutates: true, capability: "CAP_AUDIT_CONTROL", object: (input) => (input.options.all ? "audit" : `audit/${input.args.seq}`) },
  run: ({ kernel }, input) => {
    if (input.options.all) return { acknowledged: kernel.audit.acknowledgeAll() };
    kernel.audit.acknowledge(parseCount(input.args.seq!, "sequence number", 1)); // the parser saw to it: <seq> or --all
    return { acknowledged: 1 };
  },
  describe: (r) => `${r.acknowledged} acknowledged`,
  display: (r) => [`acknowledged ${r.acknowledged} critical entr${r.acknowledged === 1 ? "y" : "ies"}`],
});
