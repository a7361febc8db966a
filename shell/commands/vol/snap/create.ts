import { command } from "../../../command.js";

export default command({
  path: ["vol", "snap", "create"],
  summary: "snapshot a volume: copy-on-write, costs nothing until the volume's chunks change",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "snapshot", required: true },
  ],
  options: [],
  examples: ["vol create db --size 1M; vol snap create db before-upgrade"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.storage.snapshotCreate(input.args.volume, input.args.snapshot);
    return { volume: input.args.volume, snapshot: input.args.snapshot };
  },
  describe: (r) => `${r.volume}@${r.snapshot}`,
  display: (r) => [`created snapshot ${r.volume}@${r.snapshot}`],
});
