import { command } from "../../../command.js";

export default command({
  path: ["cluster", "sds", "remove"],
  summary: "remove a storage node gracefully: it leaves placement, drains in the background (cluster rebuild status), and leaves when empty; refused if the rest cannot hold every copy",
  args: [{ name: "name", required: true, kind: "sds" }],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds remove a"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => ({ name: input.args.name, toMove: kernel.cluster.removeNode(input.args.name) }),
  describe: (r) => `${r.toMove} chunk copies to drain`,
  display: (r) => [r.toMove === 0 ? `removed storage node ${r.name}` : `draining storage node ${r.name}: ${r.toMove} chunk copies move off it in the background, then it leaves`],
});
