import { command } from "../../../command.js";
import { formatSize } from "../../../values.js";

export default command({
  path: ["cluster", "archive", "clean"],
  summary: "delete archived copies (stale copies kept on a node that came back after a forward rebuild) and free their space",
  args: [],
  options: [{ name: "sds", kind: "string", placeholder: "node", summary: "only this node's archived copies" }],
  examples: ["cluster archive clean", "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster archive clean --sds sds1"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    const node = input.options.sds;
    return { node, freedBytes: kernel.cluster.cleanArchive(node) };
  },
  describe: (r) => `${formatSize(r.freedBytes)} freed`,
  display: (r) => [r.freedBytes === 0 ? `no archived copies${r.node === undefined ? "" : ` on ${r.node}`}` : `deleted archived copies${r.node === undefined ? "" : ` on ${r.node}`}: ${formatSize(r.freedBytes)} freed`],
});
