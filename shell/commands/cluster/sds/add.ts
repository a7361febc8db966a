import { MEDIA } from "../../../../modules/cluster/index.js";
import { command } from "../../../command.js";
import { countOf, formatBytes } from "../../../../src/units.js";

export default command({
  path: ["cluster", "sds", "add"],
  summary: "add a storage node (SDS) to a pool with its capacity; shards are re-placed and their data follows in the background, throttled",
  args: [{ name: "name", required: true, of: "sds" }],
  options: [
    { name: "pool", kind: "pool", required: true, example: "pd1/sp1", placeholder: "pd/sp", summary: "the pool it joins (required)" },
    { name: "capacity", kind: "size", required: true, example: "1G", summary: "bytes it contributes, e.g. 1G (required)" },
    { name: "media", kind: "choice", choices: MEDIA, summary: "ssd (default) or hdd" },
    { name: "fault-set", kind: "string", summary: "no two copies of a chunk land in one fault set" },
  ],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add sds1 --pool pd1/sp1 --capacity 1G"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    const o = input.options;
    const copiesToMove = kernel.cluster.addNode(input.args.name, o.pool, o.capacity, o.media ?? "ssd", o["fault-set"] ?? "");
    return { name: input.args.name, pool: o.pool, capacity: o.capacity, copiesToMove };
  },
  describe: (r) => `to ${r.pool}, ${countOf(r.copiesToMove, "chunk copy", "chunk copies")} to move`,
  display: (r) => [`added storage node ${r.name} to ${r.pool} (${formatBytes(r.capacity)})${r.copiesToMove > 0 ? `; ${countOf(r.copiesToMove, "chunk copy", "chunk copies")} to move onto it in the background` : ""}`],
});
