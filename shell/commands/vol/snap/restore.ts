import { command } from "../../../command.js";

export default command({
  path: ["vol", "snap", "restore"],
  summary: "roll a volume back to a snapshot's bytes (detach it first); later snapshots branch from there",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "snapshot", required: true, kind: "snapshot" },
  ],
  options: [],
  examples: ["vol create db --size 1M; vol snap create db s1; vol write db 0 --data new; vol snap restore db s1"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.storage.snapshotRestore(input.args.volume, input.args.snapshot);
    return { volume: input.args.volume, snapshot: input.args.snapshot };
  },
  describe: (r) => `${r.volume}@${r.snapshot}`,
  display: (r) => [`restored ${r.volume} to ${r.volume}@${r.snapshot}`],
});
