import { command } from "../../command.js";

export default command({
  path: ["pod", "delete"],
  summary: "delete a pod (kubectl delete pod): its containers stop, its volumes are unmounted and its interfaces removed",
  args: [{ name: "pod", required: true, kind: "pod" }],
  options: [],
  examples: ["image pull nginx; node add w1 --cpu 4 --mem 8G; pod apply -f test/scenarios/pods/plain.yaml; pod delete hello"],
  gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => kernel.objects.delete(`pod/${input.args.pod}`, () => kernel.containers.orchestrator.deletePod(input.args.pod)),
  describe: (p) => `was ${p.status}${p.node === null ? "" : ` on ${p.node}`}`,
  display: (p) => [`pod "${p.name}" deleted`],
});
