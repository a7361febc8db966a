import { command } from "../../../command.js";

export default command({
  path: ["cluster", "sds", "remove"],
  summary: "remove a storage node gracefully: its data drains to the others first; refused if they cannot hold every copy",
  args: [{ name: "name", required: true, complete: "sds" }],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds remove a"],
  gate: { action: "cluster.sds.remove", type: "storage", mutates: true, capability: "CAP_SYS_ADMIN", object: () => "cluster" },
  run: ({ kernel }, input) => ({ name: input.args.name!, movedChunks: kernel.cluster.removeNode(input.args.name!) }),
  describe: (r) => `${r.movedChunks} chunk copies moved`,
  display: (r) => [`removed storage node ${r.name}${r.movedChunks > 0 ? `; moved ${r.movedChunks} chunk copies off it first` : ""}`],
});
