import { command } from "../../command.js";
import { nodeShowLines } from "../../display/node.js";

export default command({
  path: ["node", "show"],
  summary: "one node like kubectl describe node: conditions, allocatable, allocated resources, the pods on it, events",
  args: [{ name: "node", required: true, kind: "node" }],
  options: [],
  examples: ["node add w1 --cpu 4 --mem 8G; node show w1"],
  gate: { type: "container", mutates: false },
  run: ({ kernel }, input) => {
    const orchestrator = kernel.containers.orchestrator;
    const detail = orchestrator.node(input.args.node);
    const podRequests = detail.podNames.map((name) => {
      const pod = orchestrator.pod(name);
      const sum = (of: (c: (typeof pod.containers)[number]) => number) => pod.containers.reduce((total, c) => total + of(c), 0);
      return { name, cpuMillicores: sum((c) => c.requests.cpuMillicores), memoryBytes: sum((c) => c.requests.memoryBytes), ageMs: pod.ageMs };
    });
    const clientInCluster = kernel.view.cluster.clients().some((c) => c.name === detail.storageClient);
    return { ...detail, nowMs: kernel.clock.now(), clientInCluster, podRequests };
  },
  display: (n, d) => nodeShowLines(n, d),
});
