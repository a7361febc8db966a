// `sec why alice ctr.run ctr/w --run-as-user 0`, `sec why alice pod.apply pod/web --level isolated`:
// past the gate's four layers, starting a container or applying a pod is decided once more on
// what it would run as (modules/security/pod-subjects.ts: another uid needs CAP_SETUID, a level
// never above the user's clearance, an added capability only one the user holds). This is that
// step, from the same functions `ctr run` and `pod apply` call, so the explanation cannot drift.

import { capabilityNumber, hasCapability, type Explanation, type SecurityManager, type TraceStep } from "../../../modules/security/index.js";
import { subjectRefusalLayer, type PodSecurityRequest } from "../../../src/decisions.js";
import type { Subject } from "../../../src/gate.js";

/** The actions decided on what they run as: a container's uid, a pod's whole subject. */
const RUN_AS_ACTIONS = ["ctr.run", "ctr.create", "pod.apply"] as const;

/** `decide`'s verdict as a step: a pass with what it answers, or the deny it throws; errors that are no refusal go on. */
function refusalStep(subject: Subject, decide: () => string): TraceStep {
  try {
    return { layer: "capability", verdict: "pass", detail: decide() };
  } catch (error) {
    const layer = subjectRefusalLayer(error);
    if (layer === undefined) throw error;
    const message = (error as Error).message;
    const capability = /CAP_[A-Z_]+/.exec(message)?.[0];
    const fix = layer === "mac" ? `a lower --level (seLinuxOptions.level), or a higher clearance for ${subject.name}` : `sec caps ${subject.name} +${capability ?? "<capability>"}, or ask for less (your own uid, no added capability)`;
    return { layer, verdict: "deny", detail: message, fix };
  }
}

/** The run-as step of `action` on `object` for `subject`, when the gate allowed it; the explanation unchanged otherwise. */
export function withRunAs(security: SecurityManager, subject: Subject, action: string, object: string, request: PodSecurityRequest, explanation: Explanation): Explanation {
  if (!explanation.decision.allowed || !(RUN_AS_ACTIONS as readonly string[]).includes(action)) return explanation;
  const step = action === "pod.apply"
    ? refusalStep(subject, () => {
      const pod = security.podSubject(object.replace(/^pod\//, ""), request, subject);
      return `${pod.name} would run as uid ${pod.uid}, level ${pod.level}, capabilities ${pod.capabilities.length === 0 ? "none" : pod.capabilities.join(",")}`;
    })
    : refusalStep(subject, () => {
      const { capLow, capHigh } = security.accounts.credentials(subject.uid);
      const holds = hasCapability(capLow, capHigh, capabilityNumber("CAP_SETUID"));
      if (request.runAsUser === undefined) return `${object} would run as ${holds ? "the image's user" : `uid ${subject.uid}, ${subject.name}'s own (no CAP_SETUID)`}`;
      return `${object} would run as uid ${security.runAsUid(object, request.runAsUser, subject, subject.uid)}`;
    });
  const decision = step.verdict === "deny" ? { allowed: false, layer: step.layer, reason: step.detail } : explanation.decision;
  return { decision, steps: [...explanation.steps, step] };
}
