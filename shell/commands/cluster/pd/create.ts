import { command } from "../../../command.js";

export default command({
  path: ["cluster", "pd", "create"],
  summary: "create a protection domain (a set of storage nodes whose copies protect each other)",
  args: [{ name: "name", required: true, of: "pd" }],
  options: [],
  examples: ["cluster pd create pd1"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.addDomain(input.args.name);
    return { name: input.args.name };
  },
  display: (r) => [`created protection domain ${r.name}`],
});
