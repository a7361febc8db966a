import { command } from "../../../command.js";
import { formatSize } from "../../../values.js";

export default command({
  path: ["cluster", "shard", "list"],
  summary: "shards with their replicas' nodes and states, version and bytes; a summary line of states",
  args: [],
  options: [
    { name: "pool", kind: "string", placeholder: "pd/sp", summary: "only this pool's shards" },
    { name: "used", kind: "flag", summary: "only shards that hold data" },
  ],
  examples: ["cluster shard list"],
  gate: { action: "cluster.shard.list", type: "storage", mutates: false, object: () => "cluster" },
  run: ({ kernel }, input) => ({ shards: kernel.cluster.shardRows(input.options.pool as string | undefined).filter((s) => !input.options.used || s.chunks > 0) }),
  display: (r, d) => {
    if (r.shards.length === 0) return ["(no shards)"];
    const counts: Record<string, number> = {};
    for (const s of r.shards) for (const replica of s.replicas) counts[replica.state] = (counts[replica.state] ?? 0) + 1;
    return [
      ...d.table(["SHARD", "POOL", "REPLICAS", "STATES", "VERSION", "CHUNKS", "BYTES"], r.shards.map((s) => [s.shard, s.pool, s.replicas.map((x) => x.node).join(",") || "-", s.replicas.map((x) => x.state).join(",") || "-", s.version, s.chunks, formatSize(s.bytes)])),
      `${r.shards.length} shards; replicas: ${Object.entries(counts).map(([state, n]) => `${n} ${state}`).join(", ") || "none placed"}`,
    ];
  },
});
