import { command } from "../../command.js";
import { podRows } from "../../display/pod.js";
import { readableRows } from "../../display/readable-rows.js";
import { readablePod } from "../ctr/readable.js";

export default command({
  path: ["pod", "list"],
  summary: "pods as kubectl get pods shows them (NAME, READY, STATUS, RESTARTS, AGE); -o wide adds IP and NODE",
  args: [],
  options: [{ name: "o", kind: "choice", choices: ["wide"], label: "-o", summary: "wide: the pod's IP and node too" }],
  examples: ["pod list", "image pull nginx; node add w1 --cpu 4 --mem 8G; pod apply -f test/scenarios/pods/plain.yaml; sleep 5s; pod list -o wide", "pod list --json"],
  gate: { type: "container", mutates: false },
  run: ({ kernel, session }, input) => {
    const readable = readablePod(kernel, session, "pod.list"); // only the pods the user may read, as ctr list's containers
    const { rows: pods, unreadable } = readableRows(kernel.containers.orchestrator.pods(), (p) => readable(p.name));
    return { wide: input.options.o === "wide", pods, unreadable };
  },
  display: (r, d) => podRows(r.pods, r.wide, d, r.unreadable),
});
