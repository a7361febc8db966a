import { command } from "../../../command.js";
import { shardSummaryText } from "../../../display/cluster.js";
import { formatSize } from "../../../values.js";

export default command({
  path: ["cluster", "shard", "list"],
  summary: "shards with their replicas' nodes and states (Archived copies too), version and bytes; the summary line counts the pool or cluster as cluster status does",
  args: [],
  options: [
    { name: "pool", kind: "string", placeholder: "pd/sp", summary: "only this pool's shards" },
    { name: "used", kind: "flag", summary: "only shards that hold data" },
  ],
  examples: ["cluster shard list"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }, input) => {
    const pool = input.options.pool;
    return { shards: kernel.cluster.shardRows(pool).filter((s) => !input.options.used || s.chunks > 0), summary: kernel.cluster.shardSummary(pool) };
  },
  display: (r, d) => {
    if (r.shards.length === 0) return ["(no shards)"];
    return [
      ...d.table(["SHARD", "POOL", "REPLICAS", "STATES", "VERSION", "CHUNKS", "BYTES"], r.shards.map((s) => [s.shard, s.pool, s.replicas.map((x) => x.node).join(",") || "-", s.replicas.map((x) => x.state).join(",") || "-", s.version, s.chunks, formatSize(s.bytes)])),
      shardSummaryText(r.summary), // of the pool or cluster, whatever rows are shown: the same count as cluster status
    ];
  },
});
