import { command } from "../../command.js";

export default command({
  path: ["audit", "ack"],
  summary: "acknowledge a critical entry by sequence number, or all of them with --all",
  args: [{ name: "seq", required: false, orFlag: "all", kind: "count", min: 1, label: "sequence number" }],
  options: [{ name: "all", kind: "flag", summary: "every unacknowledged critical entry" }],
  examples: ["audit ack --all"],
  gate: { type: "security", mutates: true, capability: "CAP_AUDIT_CONTROL", object: (input) => (input.options.all ? "audit" : `audit/${input.args.seq}`) },
  run: ({ kernel }, input) => {
    if (input.args.seq === undefined) return { acknowledged: kernel.audit.acknowledgeAll() }; // the parser saw to it: <seq> or --all
    kernel.audit.acknowledge(input.args.seq);
    return { acknowledged: 1 };
  },
  describe: (r) => `${r.acknowledged} acknowledged`,
  display: (r) => [`acknowledged ${r.acknowledged} critical entr${r.acknowledged === 1 ? "y" : "ies"}`],
});
