import { CONTAINER_LOG_LINES_MAX } from "../../../src/limits.js";
import { fail } from "../../../src/errors.js";
import { command } from "../../command.js";
import { logLines } from "../../display/ctr.js";

export default command({
  path: ["pod", "logs"],
  summary: "a pod's container's output (kubectl logs): -c names the container when the pod has several; --tail the last N lines",
  args: [{ name: "pod", required: true, kind: "pod" }],
  options: [
    { name: "c", kind: "string", label: "-c", placeholder: "container", summary: "the container in the pod (its name in the manifest)" },
    { name: "tail", kind: "count", min: 0, max: CONTAINER_LOG_LINES_MAX, summary: `only the last N lines (the ring keeps ${CONTAINER_LOG_LINES_MAX})` },
  ],
  examples: ["image pull nginx; node add w1 --cpu 4 --mem 8G; pod apply -f test/scenarios/pods/plain.yaml; sleep 5s; pod logs hello", "image pull nginx; node add w1 --cpu 4 --mem 8G; pod apply -f test/scenarios/pods/plain.yaml; sleep 5s; pod logs hello -c nginx --tail 5"],
  gate: { type: "container", mutates: false },
  run: ({ kernel }, input) => {
    const orchestrator = kernel.containers.orchestrator;
    const names = orchestrator.pod(input.args.pod).containers.map((c) => c.name);
    const container = input.options.c ?? (names.length === 1 ? names[0] : undefined);
    if (container === undefined) fail("EINVAL", `a container name must be specified for pod ${input.args.pod}, choose one of: [${names.join(" ")}]`, `pod logs ${input.args.pod} -c ${names[0]}`);
    if (!names.includes(container)) fail("EINVAL", `container ${container} is not valid for pod ${input.args.pod}`, `choose one of: [${names.join(" ")}]`);
    return orchestrator.podLogs(input.args.pod, container, { tail: input.options.tail });
  },
  display: (lines) => logLines(lines, false),
});
