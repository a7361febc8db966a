import { command } from "../../../command.js";
import { formatSize } from "../../../values.js";

export default command({
  path: ["cluster", "sds", "show"],
  summary: "one storage node: state, pool, capacity, use, replicas, the chunks it holds and where their files are",
  args: [{ name: "name", required: true, kind: "sds" }],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds show a"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel, session }, input) => {
    const node = kernel.view.cluster.nodeDetail(input.args.name);
    return { ...node, chunkFolder: session.chunkFolder(node.chunkDevice) };
  },
  display: (n) => [
    `storage node ${n.name}: ${n.state}${n.draining ? "/draining" : ""}`,
    `pool:        ${n.pool} (${n.media}${n.faultSet === null ? "" : `, fault set ${n.faultSet}`})`,
    `capacity:    ${formatSize(n.capacityBytes)}, ${formatSize(n.usedBytes)} used`,
    `replicas:    ${n.replicas}`,
    `chunks:      ${n.chunks}`,
    `chunk files: ${n.chunkFiles} in ${n.chunkFolder}`,
  ],
});
