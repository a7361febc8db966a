import { fail } from "../../../../src/errors.js";
import { countOf } from "../../../../modules/cluster/index.js";
import { command } from "../../../command.js";

export default command({
  path: ["cluster", "shard", "show"],
  summary: "one shard: its pool, replicas with node, state and the version each holds",
  args: [{ name: "shard", required: true, kind: "count", label: "shard id" }],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2 --shards 4; cluster shard show 0"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }, input) => {
    const id = input.args.shard;
    const row = kernel.cluster.shardRows().find((s) => s.shard === id);
    if (row === undefined) fail("ENOENT", `no shard ${id} in any pool`, "see cluster shard list");
    return row;
  },
  display: (s, d) => [`shard ${s.shard} of ${s.pool}: version ${s.version}, ${countOf(s.chunks, "chunk")}`, ...d.table(["REPLICA", "NODE", "STATE", "VERSION"], s.replicas.map((r, i) => [i === 0 ? "primary" : `copy ${i}`, r.node, r.state, r.version]))],
});
