import { formatSimTime } from "../../../src/clock.js";
import { command } from "../../command.js";
import { drainText, jobProgressText } from "../../display/cluster.js";
import { formatDuration, formatSize } from "../../values.js";

export default command({
  path: ["cluster", "jobs"],
  summary: "the rebuild, drain or rebalance under way with its progress, drains that wait and why, and the finished ones (kind, duration, bytes, when), like ceph progress",
  args: [],
  options: [],
  examples: ["cluster jobs"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => kernel.view.cluster.jobs(),
  display: (r, d) => [
    r.running === null ? "running: none" : `running: ${jobProgressText(r.running)}`,
    ...r.waiting.filter((d) => d.waitsFor.length > 0 || r.running === null).map((d) => `waiting: ${drainText(d)}`),
    ...(r.finished.length === 0
      ? ["finished: none yet"]
      : d.table(
          ["KIND", "BYTES", "DURATION", "STARTED", "FINISHED"],
          r.finished.map((job) => [job.kind, formatSize(job.bytes), formatDuration(job.finishedMs - job.startedMs), formatSimTime(job.startedMs), formatSimTime(job.finishedMs)]),
        )),
  ],
});
