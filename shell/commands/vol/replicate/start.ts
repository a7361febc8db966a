import { REPLICATION_BANDWIDTH_DEFAULT } from "../../../../src/limits.js";
import { formatBytes } from "../../../../src/units.js";
import { command } from "../../../command.js";
import { checkSourceRead } from "../source-read.js";

export default command({
  path: ["vol", "replicate", "start"],
  summary: "replicate a volume asynchronously to another (at most 3 targets); resumes a stopped session from what changed; needs write on the target and read on the volume",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "target", required: true, kind: "volume" },
  ],
  options: [{ name: "bw", kind: "size", summary: `bytes per second of simulated time (default ${formatBytes(REPLICATION_BANDWIDTH_DEFAULT)}; a resumed session keeps its own)` }],
  examples: ["vol create db --size 1M; vol create db-copy --size 1M --tier hdd; vol replicate start db db-copy --bw 10M"],
  // decided on the target, which it overwrites (write: DAC, MAC's no write down, rules); the source is read, decided in run as vol read
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN", object: (input) => `vol/${input.args.target}` },
  run: ({ kernel, session }, input) => {
    checkSourceRead(session, input.args.volume);
    const { how, bandwidthBytesPerSecond } = kernel.storage.replicateStart(input.args.volume, input.args.target, input.options.bw);
    return { volume: input.args.volume, target: input.args.target, bandwidth: bandwidthBytesPerSecond, how };
  },
  describe: (r) => `${r.how} to ${r.target}`,
  display: (r) => [`${r.how} replication ${r.volume} -> ${r.target} at ${formatBytes(r.bandwidth)}/s`],
});
