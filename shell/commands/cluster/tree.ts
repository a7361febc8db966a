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
    const lines: string[] = [];
    for (const pd of kernel.view.cluster.domains()) {
      lines.push(`pd ${pd.name}`);
      for (const pool of pd.pools) {
        lines.push(`  pool ${pool.name}  copies ${pool.copies}`);
        for (const n of pool.nodes) lines.push(`    sds ${n.name.padEnd(12)} ${n.state.padEnd(18)} weight ${formatSize(n.capacityBytes).padEnd(5)} ${n.media}  used ${formatSize(n.usedBytes)}${n.faultSet ? `  fault-set ${n.faultSet}` : ""}`);
      }
    }
    return { lines };
  },
  display: (r) => (r.lines.length === 0 ? ["(empty cluster: cluster pd create <name>)"] : r.lines),
});
