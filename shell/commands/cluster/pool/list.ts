import { command } from "../../../command.js";
import { formatSize } from "../../../values.js";

export default command({
  path: ["cluster", "pool", "list"],
  summary: "storage pools: replication policy, shards, nodes, capacity",
  args: [],
  options: [],
  examples: ["cluster pool list"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => ({ pools: kernel.view.cluster.pools() }),
  display: (r, d) =>
    r.pools.length === 0
      ? ["(no pools: cluster pool create <domain>/<pool>)"]
      : d.table(["POOL", "COPIES", "MIN", "CONSISTENCY", "SHARDS", "NODES", "RAW-CAPACITY", "RAW-USED"], r.pools.map((p) => [p.pool, p.copies, p.minCopies, p.consistency, p.shards, p.nodes, formatSize(p.capacityBytes), formatSize(p.usedBytes)])),
});
