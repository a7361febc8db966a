import { command } from "../../../command.js";

export default command({
  path: ["vol", "replicate", "stop"],
  summary: "pause a replication session (changes keep being tracked), or end it with --remove; needs write on the target",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "target", required: true, kind: "volume" },
  ],
  options: [{ name: "remove", kind: "flag", summary: "end the session; the target becomes an ordinary volume" }],
  examples: ["vol create a --size 1M; vol create b --size 1M; vol replicate start a b; vol replicate stop a b --remove"],
  // decided on the target, the volume a session holds read-only: whoever may write it (its owner) may free it, as vol write needs no capability
  gate: { type: "storage", mutates: true, object: (input) => `vol/${input.args.target}` },
  run: ({ kernel }, input) => {
    kernel.storage.replicateStop(input.args.volume, input.args.target, input.options.remove === true);
    return { volume: input.args.volume, target: input.args.target, removed: input.options.remove === true };
  },
  display: (r) => [r.removed ? `ended replication ${r.volume} -> ${r.target}; ${r.target} is an ordinary volume again` : `paused replication ${r.volume} -> ${r.target}; ${r.target} stays read-only until vol replicate stop ${r.volume} ${r.target} --remove`],
});
