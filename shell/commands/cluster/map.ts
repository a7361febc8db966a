import { command } from "../../command.js";

export default command({
  path: ["cluster", "map"],
  summary: "map a distributed volume to a client (unusable until mapped); a second client needs --allow-multi-map",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "sdc", required: true, kind: "sdc" },
  ],
  options: [
    { name: "ro", kind: "flag", summary: "read-only mapping" },
    { name: "allow-multi-map", kind: "flag", summary: "allow a second client" },
  ],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sdc add h1; vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv h1"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.map(input.args.volume, input.args.sdc, input.options.ro === true, input.options["allow-multi-map"] === true);
    return { volume: input.args.volume, sdc: input.args.sdc, access: input.options.ro === true ? "ro" : "rw" };
  },
  describe: (r) => `to ${r.sdc} (${r.access})`,
  display: (r) => [`mapped ${r.volume} to ${r.sdc} (${r.access})`],
});
