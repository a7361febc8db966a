import { command } from "../../command.js";

export default command({
  path: ["cluster", "unmap"],
  summary: "unmap a volume from a client",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "sdc", required: true, kind: "sdc" },
  ],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sdc add h1; vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv h1; cluster unmap dv h1"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.unmap(input.args.volume, input.args.sdc);
    return { volume: input.args.volume, sdc: input.args.sdc };
  },
  display: (r) => [`unmapped ${r.volume} from ${r.sdc}`],
});
