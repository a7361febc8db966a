import { command } from "../../../command.js";

export default command({
  path: ["cluster", "sdc", "add"],
  summary: "add a storage client (SDC): a host or container that maps volumes and does their IO",
  args: [{ name: "name", required: true, of: "sdc" }],
  options: [],
  examples: ["cluster sdc add host1"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.addClient(input.args.name);
    return { name: input.args.name };
  },
  display: (r) => [`added client ${r.name}`],
});
