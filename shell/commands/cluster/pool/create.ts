import { CONSISTENCY_LEVELS, countOf } from "../../../../modules/cluster/index.js";
import { command } from "../../../command.js";

export default command({
  path: ["cluster", "pool", "create"],
  summary: "create a storage pool <domain>/<pool>: copies (2 or 3), min copies to accept IO, consistency, shards",
  args: [{ name: "pool", required: true, of: "pool" }],
  options: [
    { name: "copies", kind: "count", summary: "copies of every chunk, 2 or 3 (default 3)" },
    { name: "min-copies", kind: "count", summary: "live copies needed to accept IO (default copies - 1, at least 1)" },
    { name: "consistency", kind: "choice", choices: CONSISTENCY_LEVELS, summary: "strong (default), eventual or causal" },
    { name: "shards", kind: "count", summary: "shards the pool's chunks spread over (default 32; 256 in all)" },
  ],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2", "cluster pd create pd2; cluster pool create pd2/fast --consistency eventual --shards 16"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    const o = input.options;
    const copies = o.copies ?? 3;
    const spec = { copies, minCopies: o["min-copies"] ?? Math.max(1, copies - 1), consistency: o.consistency ?? "strong", shards: o.shards ?? 32 };
    kernel.cluster.addPool(input.args.pool, spec);
    return { pool: input.args.pool, ...spec };
  },
  describe: (r) => `${r.copies} copies, ${r.consistency}, ${countOf(r.shards, "shard")}`,
  display: (r) => [`created pool ${r.pool}: ${r.copies} copies (min ${r.minCopies}), ${r.consistency}, ${countOf(r.shards, "shard")}`],
});
