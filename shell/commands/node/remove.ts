import { command } from "../../command.js";

export default command({
  path: ["node", "remove"],
  aliases: ["delete"],
  summary: "remove a node (kubectl delete node): refused while pods are bound to it (drain it first)",
  args: [{ name: "node", required: true, kind: "node" }],
  options: [],
  examples: ["node add w1 --cpu 4 --mem 8G; node drain w1; node remove w1"],
  gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => kernel.objects.delete(`node/${input.args.node}`, () => kernel.containers.orchestrator.removeNode(input.args.node)),
  describe: (n) => `was ${n.status}`,
  display: (n) => [`node "${n.name}" deleted`],
});
