// Text shared by the cluster's reports (cluster status, cluster shard list, watch cluster), so
// that each says the same thing about shards and replicas at the same moment.

import type { ShardSummary } from "../../modules/cluster/index.js";

/** "8 shards, 3 with data, 5 below full copies (3 with data); replicas: 6 Healthy, 5 Failed, 5 Degraded". */
export function shardSummaryText(s: ShardSummary): string {
  const below = s.below === 0 ? "all at full copies" : `${s.below} below full copies (${s.belowWithData} with data)`;
  const replicas = Object.entries(s.replicas).map(([state, n]) => `${n} ${state}`).join(", ") || "none placed";
  return `${s.shards} shards${s.placed < s.shards ? ` (${s.placed} placed)` : ""}, ${s.withData} with data, ${below}; replicas: ${replicas}`;
}
