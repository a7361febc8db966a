import { command } from "../../../command.js";

export default command({
  path: ["cluster", "sds", "partition"],
  summary: "cut a storage node off from the MDM and clients (it keeps running); heal with cluster sds recover",
  args: [{ name: "name", required: true, kind: "sds" }],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds partition a"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.failNode(input.args.name, "partition");
    return { name: input.args.name };
  },
  display: (r) => [`storage node ${r.name} partitioned`],
});
