import { formatSimTime } from "../../../../src/clock.js";
import { command } from "../../../command.js";
import { formatDuration, formatSize } from "../../../values.js";

export default command({
  path: ["cluster", "rebuild", "status"],
  summary: "rebuild progress: copies still to make, bytes done, ETA at the rebuild bandwidth",
  args: [],
  options: [],
  examples: ["cluster rebuild status"],
  gate: { action: "cluster.rebuild.status", type: "storage", mutates: false, object: () => "cluster" },
  run: ({ kernel }) => kernel.cluster.rebuildStatus(),
  display: (r) =>
    r.pendingBytes === 0
      ? ["no rebuild: every copy is in place"]
      : [`rebuilding since ${formatSimTime(r.startedMs)}: ${formatSize(r.copiedBytes)} done, ${formatSize(r.pendingBytes)} to go, ETA ${formatDuration(Math.ceil(r.etaMs))}`],
});
