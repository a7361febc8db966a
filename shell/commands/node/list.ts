import { command } from "../../command.js";
import { nodeRows } from "../../display/node.js";

export default command({
  path: ["node", "list"],
  summary: "worker nodes as kubectl get nodes shows them (NAME, STATUS, ROLES, AGE, VERSION), with CPU and MEMORY requested/allocatable and PODS",
  args: [],
  options: [],
  examples: ["node list", "node add w1 --cpu 4 --mem 8G; node list --json"],
  gate: { type: "container", mutates: false },
  run: ({ kernel }) => kernel.containers.orchestrator.nodes(),
  display: (nodes, d) => nodeRows(nodes, d),
});
