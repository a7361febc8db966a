import { MEDIA } from "../../../modules/cluster/index.js";
import { command } from "../../command.js";
import { formatSize } from "../../values.js";

export default command({
  path: ["cluster", "tree"],
  summary: "domains, pools and nodes as a tree, like ceph osd tree: state, weight (capacity), used",
  args: [],
  options: [],
  examples: ["cluster tree"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => {
    const t = kernel.cluster.topology;
    const lines: string[] = [];
    for (const d of t.domains.slots()) {
      lines.push(`pd ${t.domains.nameOf(d)}`);
      for (const p of t.pools.slots().filter((pool) => t.poolDomain[pool] === d)) {
        lines.push(`  pool ${t.pools.nameOf(p)}  copies ${t.copies[p]}`);
        for (const n of t.nodesOf(p)) {
          const state = kernel.cluster.health.nodes.stateText(n);
          lines.push(`    sds ${t.nodes.nameOf(n).padEnd(12)} ${state.padEnd(18)} weight ${formatSize(t.capacity[n]!).padEnd(5)} ${MEDIA[t.media[n]!]}  used ${formatSize(kernel.cluster.nodeUsage(n))}${t.faultSets[n] ? `  fault-set ${t.faultSets[n]}` : ""}`);
        }
      }
    }
    return { lines };
  },
  display: (r) => (r.lines.length === 0 ? ["(empty cluster: cluster pd create <name>)"] : r.lines),
});
