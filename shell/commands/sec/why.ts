import { SECURITY_LEVEL_NAMES, validateObjectPath } from "../../../modules/security/index.js";
import { POD_SUBJECT_PREFIX } from "../../../src/decisions.js";
import { UID_MAX } from "../../../src/limits.js";
import { fail } from "../../../src/errors.js";
import type { Operation } from "../../../src/gate.js";
import { hostOperation, type FileAccess } from "../../../src/persistence/user-file.js";
import { command, type ParsedInput, type SessionControl } from "../../command.js";
import { canonicalNames, operationOf } from "../../operation.js";
import type { KernelServices } from "../../../src/kernel.js";
import { podRead } from "../ctr/readable.js";
import { explainPod, type AppliedPod } from "./why-pod.js";
import { withRunAs } from "./why-run-as.js";

// Stands for every argument when the action's own object is wanted: an object built from one
// (vol.read's vol/<volume>) names no object yet, and the person is asked for one.
const NO_ARGUMENT = "\u0000";
const WITHOUT_ARGUMENTS: ParsedInput = { args: new Proxy({}, { get: () => NO_ARGUMENT }), rest: [], options: {} };
// Host-file access is decided apart from the command that asks for it (save, vol write --file, ...).
const HOST_ACTIONS: Readonly<Record<string, FileAccess>> = { "host.read": "read", "host.write": "write" };

/** The input of a command naming `object`: every argument its last name, so a capability that depends on what is named (net capture start underlay: net/underlay) is the one decided. */
function inputNaming(object: string): ParsedInput {
  const named = object.slice(object.lastIndexOf("/") + 1);
  return { args: new Proxy({}, { get: () => named }), rest: [], options: {} };
}

/**
 * The operation `action` stands for, on `object` if named, else on its own object or a placeholder
 * for the one it needs; `caps` (--caps), the capabilities its input asks for, as its words would
 * (sec caps +CAP_X also needs CAP_SETPCAP).
 */
function operationFor(session: SessionControl, action: string, object: string | undefined, caps: readonly string[] | undefined): Operation {
  const access = HOST_ACTIONS[action];
  if (access !== undefined) return { ...hostOperation("", access), object: "host" };
  const spec = session.registry.gating(action);
  if (spec?.gate === undefined) fail("EINVAL", `unknown action '${action}'`, "actions are dotted command names, e.g. audit.query or user.add");
  const input = object === undefined ? WITHOUT_ARGUMENTS : inputNaming(object);
  if (caps === undefined) return operationOf(spec.gate, input, session.kernelView(), object);
  const operation = operationOf(spec.gate, { ...input, rest: caps.map((cap) => `+${cap}`) }, session.kernelView(), object);
  return { ...operation, inputCapabilities: canonicalNames(caps) };
}

/** The pod `pod/<name>` names if it was applied: it is explained as it runs, not as the asker would apply it. */
function appliedPod(kernel: KernelServices, session: SessionControl, user: string): AppliedPod | undefined {
  const name = user.slice(POD_SUBJECT_PREFIX.length);
  const orchestrator = kernel.containers.orchestrator;
  if (!orchestrator.podNames().includes(name)) return undefined;
  session.gateCheck(podRead(name, "pod.show")); // its uid, level and who applied it are what pod show shows: only to who may read the pod
  const { subject, appliedBy } = orchestrator.podSubject(name);
  return { subject, appliedBy: kernel.security.accounts.nameOfUid(appliedBy.uid) };
}

export default command({
  path: ["sec", "why"],
  summary: "explain a decision like audit2why: each layer's verdict, which one decided, and what would change it",
  args: [
    { name: "user", required: true, kind: "user", label: "user|pod/<name>" },
    { name: "action", required: true, kind: "action" },
    { name: "object", required: false, kind: "object" },
  ],
  options: [
    { name: "level", kind: "choice", choices: SECURITY_LEVEL_NAMES, summary: "a pod's MAC level, as its manifest's seLinuxOptions.level (default public)" },
    { name: "run-as-user", kind: "count", max: UID_MAX, summary: "a pod's uid, as runAsUser, or a container's (ctr.run --user); default yours" },
    { name: "cap-add", kind: "string", placeholder: "NET_ADMIN,...", summary: "capabilities a pod's manifest adds" },
    { name: "read-only", kind: "flag", summary: "a pod's read-only mount (default read-write)" },
    { name: "caps", kind: "string", placeholder: "CAP_A,...", summary: "capabilities the command's input asks for: those sec caps changes or user add --caps gives, CAP_MAC_ADMIN for user add --clearance" },
  ],
  examples: ["sec why root audit.query", "user add erin; sec why erin audit.filter.add audit/filter", "sec why pod/web vol.mount vol/data --level private", "user add erin; sec why erin sec.caps user/root --caps CAP_SYS_ADMIN", "user add erin --caps CAP_SYS_ADMIN; sec why erin ctr.run ctr/w --run-as-user 0"],
  gate: { type: "security", mutates: false, object: () => "sec" },
  run: ({ kernel, session }, input) => {
    const action = input.args.action;
    const o = input.options;
    const security = { level: o.level, runAsUser: o["run-as-user"], capabilities: o["cap-add"]?.split(",").map((cap) => cap.trim()) ?? [] }; // what a pod's manifest or ctr run asks
    if (input.args.user.startsWith(POD_SUBJECT_PREFIX)) {
      if (input.args.object === undefined) fail("EINVAL", `say which object ${input.args.user} would ${action}`, `e.g. sec why ${input.args.user} vol.mount vol/data`);
      validateObjectPath("object", input.args.object);
      const { subject, decision, steps } = explainPod(kernel.security, session.subject, { pod: input.args.user, action, object: input.args.object, readOnly: o["read-only"] === true, security }, appliedPod(kernel, session, input.args.user));
      return { user: input.args.user, action, object: input.args.object, allowed: decision.allowed, layer: decision.layer, reason: decision.reason, steps, subject };
    }
    const operation = operationFor(session, action, input.args.object, o.caps?.split(",").map((cap) => cap.trim()));
    const subject = session.kernelView().subjectOf(input.args.user);
    const object = input.args.object ?? operation.object;
    if (object.includes(NO_ARGUMENT)) fail("EINVAL", `${action} acts on a named object: say which`, `e.g. sec why ${subject.name} ${action} ${operation.object.replace(NO_ARGUMENT, "<name>")}`);
    validateObjectPath("object", object); // one that does not exist yet is explained by the label it would inherit
    const { decision, steps } = withRunAs(kernel.security, subject, action, object, security, kernel.security.explain(subject, { ...operation, object }));
    return { user: subject.name, action, object, allowed: decision.allowed, layer: decision.layer, reason: decision.reason, steps, subject: undefined };
  },
  describe: (r) => `${r.allowed ? "allowed" : "denied"} by ${r.layer}`,
  display: (r, d) => [
    `${r.user} ${r.action} ${r.object}: ${r.allowed ? d.chalk.green("ALLOWED") : d.chalk.red("DENIED")} by ${r.layer} — ${r.reason}`,
    ...(r.subject === undefined ? [] : [`  ${r.subject}`]),
    ...r.steps.map((step) => `  ${step.layer.padEnd(10)} ${step.verdict.padEnd(6)} ${step.detail}`),
    ...r.steps.filter((step) => step.fix !== undefined).map((step) => `  to change it: ${step.fix}`),
  ],
});
