import { command } from "../../../command.js";

export default command({
  path: ["cluster", "pool", "delete"],
  summary: "delete a pool with no nodes and no volumes",
  args: [{ name: "pool", required: true, kind: "pool" }],
  options: [],
  examples: ["cluster pd create pd9; cluster pool create pd9/tmp; cluster pool delete pd9/tmp"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.deletePool(input.args.pool);
    return { pool: input.args.pool };
  },
  display: (r) => [`deleted pool ${r.pool}`],
});
