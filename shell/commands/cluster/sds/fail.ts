import { command } from "../../../command.js";

export default command({
  path: ["cluster", "sds", "fail"],
  summary: "crash a storage node: its copies vanish from the data path (its disks keep them); the MDM notices by missed heartbeats",
  args: [{ name: "name", required: true, kind: "sds" }],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds fail a"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.failNode(input.args.name, "crash");
    return { name: input.args.name };
  },
  display: (r) => [`storage node ${r.name} crashed`],
});
