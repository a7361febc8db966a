import { command } from "../../../command.js";

export default command({
  path: ["cluster", "pd", "delete"],
  summary: "delete an empty protection domain",
  args: [{ name: "name", required: true, kind: "pd" }],
  options: [],
  examples: ["cluster pd create tmp; cluster pd delete tmp"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.deleteDomain(input.args.name);
    return { name: input.args.name };
  },
  display: (r) => [`deleted protection domain ${r.name}`],
});
