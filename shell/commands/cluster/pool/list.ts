import { CONSISTENCY_LEVELS } from "../../../../modules/cluster/index.js";
import { command } from "../../../command.js";
import { formatSize } from "../../../values.js";

export default command({
  path: ["cluster", "pool", "list"],
  summary: "storage pools: replication policy, shards, nodes, capacity",
  args: [],
  options: [],
  examples: ["cluster pool list"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => {
    const t = kernel.cluster.topology;
    return {
      pools: t.pools.slots().map((p) => {
        const nodes = t.nodesOf(p);
        return {
          pool: t.pools.nameOf(p),
          copies: t.copies[p]!,
          minCopies: t.minCopies[p]!,
          consistency: CONSISTENCY_LEVELS[t.consistency[p]!]!,
          shards: t.shardsOf(p).length,
          nodes: nodes.length,
          capacityBytes: nodes.reduce((n, node) => n + t.capacity[node]!, 0),
          usedBytes: nodes.reduce((n, node) => n + kernel.cluster.nodeUsage(node), 0),
        };
      }),
    };
  },
  display: (r, d) =>
    r.pools.length === 0
      ? ["(no pools: cluster pool create <domain>/<pool>)"]
      : d.table(["POOL", "COPIES", "MIN", "CONSISTENCY", "SHARDS", "NODES", "RAW-CAPACITY", "RAW-USED"], r.pools.map((p) => [p.pool, p.copies, p.minCopies, p.consistency, p.shards, p.nodes, formatSize(p.capacityBytes), formatSize(p.usedBytes)])),
});
