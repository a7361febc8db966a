import { countOf } from "../../../modules/cluster/index.js";
import { command } from "../../command.js";
import { alertCountText, rebuildLine, shardSummaryText } from "../../display/cluster.js";
import { formatSize } from "../../values.js";

export default command({
  path: ["cluster", "status"],
  summary: "one screen, like ceph -s: nodes, clients, pools, capacity used, shard replica states, volumes",
  args: [],
  options: [],
  examples: ["cluster status"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => {
    const t = kernel.cluster.topology;
    const nodes = t.nodes.slots();
    return {
      health: kernel.cluster.healthReport().status,
      nodesUp: nodes.filter((n) => kernel.cluster.health.states[n] === 0 && kernel.cluster.health.reachable(n)).length,
      alerts: kernel.cluster.health.alerts.filter((a) => a.resolvedMs < 0).map((a) => ({ severity: a.severity })),
      rebuild: kernel.cluster.rebuildStatus(),
      nodes: nodes.length,
      clients: t.clients.count(),
      domains: t.domains.count(),
      pools: t.pools.count(),
      capacityBytes: nodes.reduce((n, node) => n + t.capacity[node]!, 0),
      usedBytes: nodes.reduce((n, node) => n + kernel.cluster.nodeUsage(node), 0),
      shards: kernel.cluster.shardSummary(),
      volumes: kernel.cluster.volumeNames().length,
      mappings: kernel.cluster.mappings().length,
      io: kernel.cluster.ioStats(),
      tokens: kernel.cluster.tokenCacheEnabled() ? "cached (reused per volume and operation)" : "single-use",
    };
  },
  display: (s) => [
    `health:   ${s.health}${s.alerts.length > 0 ? ` (${alertCountText(s.alerts)}: cluster alerts)` : ""}`,
    `mdm:      ${countOf(s.domains, "protection domain")}, ${countOf(s.pools, "pool")}`,
    `sds:      ${s.nodesUp} up of ${s.nodes}`,
    `sdc:      ${countOf(s.clients, "client")}, ${countOf(s.mappings, "mapping")}`,
    `data:     ${countOf(s.volumes, "volume")}; ${formatSize(s.usedBytes)} used of ${formatSize(s.capacityBytes)} raw`,
    `io:       ${s.io.opsPerSecond.toFixed(1)} op/s, ${formatSize(s.io.bytesPerSecond)}/s over 10 s; ${countOf(s.io.writes, "write")} (${formatSize(s.io.bytesWritten)}), ${countOf(s.io.reads, "read")} (${formatSize(s.io.bytesRead)}) in all`,
    `tokens:   ${s.tokens}`,
    `rebuild:  ${rebuildLine(s.rebuild)}`,
    `shards:   ${shardSummaryText(s.shards)}`,
  ],
});
