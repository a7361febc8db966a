import { command } from "../../../command.js";
import { rebuildLines } from "../../../display/cluster.js";

export default command({
  path: ["cluster", "rebuild", "status"],
  summary: "rebuild progress (copies to make, bytes done, ETA) and degraded shards waiting for a forward rebuild",
  args: [],
  options: [],
  examples: ["cluster rebuild status"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => kernel.cluster.rebuildStatus(),
  display: (r) => rebuildLines(r),
});
