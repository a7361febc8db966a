import { command } from "../../../command.js";

export default command({
  path: ["cluster", "sdc", "remove"],
  summary: "remove a storage client with no mapped volumes",
  args: [{ name: "name", required: true, kind: "sdc" }],
  options: [],
  examples: ["cluster sdc add tmp; cluster sdc remove tmp"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.removeClient(input.args.name);
    return { name: input.args.name };
  },
  display: (r) => [`removed client ${r.name}`],
});
