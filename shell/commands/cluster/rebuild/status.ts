import { formatSimTime } from "../../../../src/clock.js";
import { command } from "../../../command.js";
import { formatDuration, formatSize } from "../../../values.js";

export default command({
  path: ["cluster", "rebuild", "status"],
  summary: "rebuild progress (copies to make, bytes done, ETA) and degraded shards waiting for a forward rebuild",
  args: [],
  options: [],
  examples: ["cluster rebuild status"],
  gate: { action: "cluster.rebuild.status", type: "storage", mutates: false, object: () => "cluster" },
  run: ({ kernel }) => kernel.cluster.rebuildStatus(),
  display: (r) => {
    const lines = r.waiting.map((w) => `${w.shards} shards degraded on ${w.node} (${w.state}), ${w.shardsWithData} with data (${formatSize(w.bytes)}); forward rebuild starts at ${formatSimTime(w.startsMs)} unless ${w.node} returns`);
    if (r.pendingBytes > 0) lines.unshift(`rebuilding since ${formatSimTime(r.startedMs)}: ${formatSize(r.copiedBytes)} done, ${formatSize(r.pendingBytes)} to go, ETA ${formatDuration(Math.ceil(r.etaMs))}`);
    else if (lines.length === 0) lines.push(r.below === 0 ? "no rebuild: every copy is in place" : `no rebuild possible: ${r.below} shards below full copies and no node to copy them to (add or recover nodes)`);
    return lines;
  },
});
