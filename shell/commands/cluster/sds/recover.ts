import { command } from "../../../command.js";

export default command({
  path: ["cluster", "sds", "recover"],
  summary: "bring a crashed or partitioned node back with the data it had; what it missed is rebuilt",
  args: [{ name: "name", required: true, kind: "sds" }],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds fail a; cluster sds recover a"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.recoverNode(input.args.name);
    return { name: input.args.name };
  },
  display: (r) => [`storage node ${r.name} is back; heartbeats resume at the next round`],
});
