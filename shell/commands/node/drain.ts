import { command } from "../../command.js";

export default command({
  path: ["node", "drain"],
  summary: "cordon a node and evict its pods politely (kubectl drain): they stop and are scheduled elsewhere",
  args: [{ name: "node", required: true, kind: "node" }],
  options: [],
  examples: ["image pull nginx; node add w1 --cpu 4 --mem 8G; pod apply -f test/scenarios/pods/plain.yaml; sleep 5s; node add w2 --cpu 4 --mem 8G; node drain w1; sleep 5s; pod list -o wide", "node add w1 --cpu 4 --mem 8G; node drain w1; node uncordon w1"],
  gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => ({ node: input.args.node, ...kernel.containers.orchestrator.drain(input.args.node) }),
  describe: (r) => (r.evicted.length === 0 ? "no pods" : `evicted ${r.evicted.join(", ")}`),
  display: (r) => [`node/${r.node} ${r.alreadyCordoned ? "already cordoned" : "cordoned"}`, ...r.evicted.map((pod) => `evicting pod default/${pod}`), ...r.evicted.map((pod) => `pod/${pod} evicted`), `node/${r.node} drained`],
});
