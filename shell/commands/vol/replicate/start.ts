import { command } from "../../../command.js";
import { formatBytes } from "../../../../src/units.js";

const DEFAULT_BANDWIDTH = 50 * 1024 ** 2;

export default command({
  path: ["vol", "replicate", "start"],
  summary: "replicate a volume asynchronously to another (at most 3 targets); resumes a stopped session from what changed",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "target", required: true, kind: "volume" },
  ],
  options: [{ name: "bw", kind: "size", summary: "bytes per second of simulated time (default 50M)" }],
  examples: ["vol create db --size 1M; vol create db-copy --size 1M --tier hdd; vol replicate start db db-copy --bw 10M"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    const bandwidth = input.options.bw ?? DEFAULT_BANDWIDTH;
    const how = kernel.storage.replicateStart(input.args.volume, input.args.target, bandwidth);
    return { volume: input.args.volume, target: input.args.target, bandwidth, how };
  },
  describe: (r) => `${r.how} to ${r.target}`,
  display: (r) => [`${r.how} replication ${r.volume} -> ${r.target} at ${formatBytes(r.bandwidth)}/s`],
});
