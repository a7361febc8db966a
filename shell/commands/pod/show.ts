import { command } from "../../command.js";
import { podShowLines } from "../../display/pod.js";

export default command({
  path: ["pod", "show"],
  summary: "one pod like kubectl describe pod: node, labels, status, IP, QoS class, containers, conditions, volumes, events",
  args: [{ name: "pod", required: true, kind: "pod" }],
  options: [],
  examples: ["image pull nginx; node add w1 --cpu 4 --mem 8G; pod apply -f test/scenarios/pods/plain.yaml; sleep 5s; pod show hello"],
  gate: { type: "container", mutates: false },
  run: ({ kernel }, input) => ({ ...kernel.containers.orchestrator.pod(input.args.pod), nowMs: kernel.clock.now() }),
  display: (p, d) => podShowLines(p, p.nowMs, d),
});
