import { command } from "../../../command.js";
import { countOf, formatBytes } from "../../../../src/units.js";

export default command({
  path: ["cluster", "sds", "weight"],
  summary: "change a node's capacity, which is its placement weight: shards are re-placed and data follows in the background",
  args: [
    { name: "name", required: true, kind: "sds" },
    { name: "capacity", required: true, kind: "size" },
  ],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sds weight a 2G"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    const capacity = input.args.capacity;
    return { name: input.args.name, capacity, copiesToMove: kernel.cluster.setNodeCapacity(input.args.name, capacity) };
  },
  describe: (r) => `${formatBytes(r.capacity)}, ${countOf(r.copiesToMove, "chunk copy", "chunk copies")} to move`,
  display: (r) => [`${r.name}: capacity ${formatBytes(r.capacity)}${r.copiesToMove > 0 ? `; ${countOf(r.copiesToMove, "chunk copy", "chunk copies")} to move in the background` : ""}`],
});
