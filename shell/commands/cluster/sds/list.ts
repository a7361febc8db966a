import { MEDIA } from "../../../../modules/cluster/index.js";
import { command } from "../../../command.js";
import { formatSize } from "../../../values.js";

export default command({
  path: ["cluster", "sds", "list"],
  summary: "storage nodes: pool, media, fault set, capacity, used, replicas held",
  args: [],
  options: [],
  examples: ["cluster sds list"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => {
    const t = kernel.cluster.topology;
    return {
      nodes: t.nodes.slots().map((n) => {
        let replicas = 0;
        for (const pool of t.pools.slots()) for (const shard of t.shardsOf(pool)) if (t.replicasOf(shard).includes(n)) replicas++;
        return { name: t.nodes.nameOf(n), pool: t.pools.nameOf(t.nodePool[n]!), media: MEDIA[t.media[n]!]!, faultSet: t.faultSets[n] || "-", capacityBytes: t.capacity[n]!, usedBytes: kernel.cluster.nodeUsage(n), replicas, state: `${kernel.cluster.health.nodes.stateText(n)}${kernel.cluster.isDraining(n) ? "/draining" : ""}` };
      }),
    };
  },
  display: (r, d) =>
    r.nodes.length === 0
      ? ["(no storage nodes: cluster sds add <name> --pool <pd/sp> --capacity <size>)"]
      : d.table(["NODE", "STATE", "POOL", "MEDIA", "FAULT-SET", "CAPACITY", "USED", "REPLICAS"], r.nodes.map((n) => [n.name, n.state, n.pool, n.media, n.faultSet, formatSize(n.capacityBytes), formatSize(n.usedBytes), n.replicas])),
});
