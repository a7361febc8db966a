import { readManifests } from "../../../modules/containers/index.js";
import { fail, isKernelError, KernelError } from "../../../src/errors.js";
import { command } from "../../command.js";
import { applyLines } from "../../display/pod.js";
import { manifestPayload, manifestText } from "./manifest-file.js";

export default command({
  path: ["pod", "apply"],
  summary: "create or update the pods a Kubernetes-style manifest declares (kubectl apply -f): pod/web created, configured or unchanged",
  args: [],
  options: [{ name: "f", kind: "file", label: "-f", placeholder: "file.yaml", required: true, example: "web.yaml", summary: "the manifest: one Pod, or several separated by ---; needs CAP_DAC_READ_SEARCH to read" }],
  examples: ["image pull nginx; node add w1 --cpu 4 --mem 8G; pod apply -f test/scenarios/pods/plain.yaml", "image pull nginx; node add w1 --cpu 4 --mem 8G; pod apply -f test/scenarios/pods/plain.yaml; sleep 5s; pod list -o wide"],
  gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN" },
  journalPayload: manifestPayload,
  run: ({ kernel, session }, input) => {
    const file = input.options.f;
    const pods = readManifests(manifestText(input, file, session), file); // every document good, or nothing applied
    const orchestrator = kernel.containers.orchestrator;
    orchestrator.checkMembers(pods); // a taken container name refuses the whole manifest, before any pod of it is made
    const owner = { uid: session.subject.uid, gid: session.subject.gid };
    return pods.map((def) => {
      const path = `pod/${def.name}`;
      if (!orchestrator.podNames().includes(def.name)) return { name: def.name, action: kernel.objects.create(session.subject, path, () => orchestrator.apply(def, owner), 0o660).action };
      const decision = kernel.security.decide(session.subject, { action: "pod.apply", object: path, type: "container", mutates: true, access: "write" });
      if (!decision.allowed) fail("EACCES", `pod apply: cannot change ${path}: ${decision.reason}`);
      return { name: def.name, action: applying(file, () => orchestrator.apply(def, owner).action) };
    });
  },
  describe: (results) => applyLines(results).join(", "),
  display: (results) => applyLines(results),
});

/** kubectl's prefix on a refused update, as the manifest reader puts it on a refused document. */
function applying<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (isKernelError(error) && error.code === "EINVAL") throw new KernelError(error.code, `error when applying ${file}: ${error.message}`, error.hint);
    throw error;
  }
}
