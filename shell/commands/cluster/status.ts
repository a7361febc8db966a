import { countOf } from "../../../modules/cluster/index.js";
import { command } from "../../command.js";
import { alertCountText, jobsLine, rebuildLine, shardSummaryText } from "../../display/cluster.js";
import { formatRate, formatSize, formatSizeAlone } from "../../values.js";

export default command({
  path: ["cluster", "status"],
  summary: "one screen, like ceph -s: nodes, clients, pools, capacity used, rebuild and jobs, shard replica states, volumes",
  args: [],
  options: [],
  examples: ["cluster status"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => kernel.view.cluster.status(),
  display: (s) => [
    `health:   ${s.health}${s.alerts.length > 0 ? ` (${alertCountText(s.alerts)}: cluster alerts)` : ""}`,
    `mdm:      ${countOf(s.domains, "protection domain")}, ${countOf(s.pools, "pool")}`,
    `sds:      ${s.nodesUp} up of ${s.nodes}`,
    `sdc:      ${countOf(s.clients, "client")}, ${countOf(s.mappings, "mapping")}`,
    `data:     ${countOf(s.volumes, "volume")}; ${formatSize(s.usedBytes)} used of ${formatSize(s.capacityBytes)} raw`,
    `io:       ${s.io.opsPerSecond.toFixed(1)} op/s, ${formatRate(s.io.bytesPerSecond)} over 10 s; ${countOf(s.io.writes, "write")} (${formatSizeAlone(s.io.bytesWritten)}), ${countOf(s.io.reads, "read")} (${formatSizeAlone(s.io.bytesRead)}) in all`,
    `tokens:   ${s.tokens}`,
    `rebuild:  ${rebuildLine(s.rebuild)}`,
    `jobs:     ${jobsLine(s.job, s.jobs)}${s.jobs.length > 1 ? ` (${s.jobs.length} finished: cluster jobs)` : ""}`,
    `shards:   ${shardSummaryText(s.shards)}`,
  ],
});
