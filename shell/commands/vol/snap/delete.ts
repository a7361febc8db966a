import { command } from "../../../command.js";

export default command({
  path: ["vol", "snap", "delete"],
  summary: "delete a snapshot; its children keep every byte they need and take its parent",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "snapshot", required: true, kind: "snapshot" },
  ],
  options: [],
  examples: ["vol create db --size 1M; vol snap create db s1; vol snap delete db s1"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.storage.snapshotDelete(input.args.volume, input.args.snapshot);
    return { volume: input.args.volume, snapshot: input.args.snapshot };
  },
  describe: (r) => `${r.volume}@${r.snapshot}`,
  display: (r) => [`deleted snapshot ${r.volume}@${r.snapshot}`],
});
