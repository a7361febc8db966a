import { command } from "../../../command.js";

export default command({
  path: ["vol", "replicate", "stop"],
  summary: "pause a replication session (changes keep being tracked), or end it with --remove",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "target", required: true, kind: "volume" },
  ],
  options: [{ name: "remove", kind: "flag", summary: "end the session; the target becomes an ordinary volume" }],
  examples: ["vol create a --size 1M; vol create b --size 1M; vol replicate start a b; vol replicate stop a b --remove"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.storage.replicateStop(input.args.volume, input.args.target, input.options.remove === true);
    return { volume: input.args.volume, target: input.args.target, removed: input.options.remove === true };
  },
  display: (r) => [r.removed ? `ended replication ${r.volume} -> ${r.target}; ${r.target} is an ordinary volume again` : `paused replication ${r.volume} -> ${r.target}; ${r.target} stays read-only until vol replicate stop ${r.volume} ${r.target} --remove`],
});
