import { command } from "../../command.js";

export default command({
  path: ["cluster", "locate"],
  summary: "where a distributed volume's written chunks live: shard and nodes (primary first)",
  args: [{ name: "volume", required: true, kind: "volume" }],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster locate dv"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }, input) => ({ volume: input.args.volume, chunks: kernel.cluster.chunkLocations(input.args.volume) }),
  display: (r, d) => (r.chunks.length === 0 ? [`(${r.volume} has no written chunks)`] : d.table(["CHUNK", "OFFSET", "SHARD", "NODES"], r.chunks.map((c) => [c.index, `${c.index}M`, c.shard, c.nodes.join(",") + unreachableNote(c.currentOnly)]))),
});

/** A chunk no reachable copy serves: where its current version is, or that no node has it. */
function unreachableNote(currentOnly: readonly string[] | undefined): string {
  if (currentOnly === undefined) return "";
  return currentOnly.length === 0 ? " (no node holds the current copy)" : ` (current copy only on ${currentOnly.join(", ")})`;
}
