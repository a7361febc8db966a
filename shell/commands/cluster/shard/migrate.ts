import { command } from "../../../command.js";

export default command({
  path: ["cluster", "shard", "migrate"],
  summary: "move one shard's replica from one node to another by hand; its data follows in the background",
  args: [
    { name: "shard", required: true, kind: "count", label: "shard id" },
    { name: "from", required: true, kind: "sds" },
    { name: "to", required: true, kind: "sds" },
  ],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2 --shards 1; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sds add c --pool pd1/sp1 --capacity 1G; cluster shard show 0"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    const shard = input.args.shard;
    kernel.cluster.migrateShard(shard, input.args.from, input.args.to);
    return { shard, from: input.args.from, to: input.args.to };
  },
  describe: (r) => `shard ${r.shard} ${r.from} -> ${r.to}`,
  display: (r) => [`shard ${r.shard}: replica moves from ${r.from} to ${r.to}; data follows (cluster rebuild status)`],
});
