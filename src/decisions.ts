// Decisions for a subject that is not a user account — a pod — and the correlation id that ties
// one story's audit entries together.
//
// A pod runs as a PodSubject: its own uid and gid, its own capability set and a MAC level, fixed
// when it is applied (`podSubject`, checked against the user who applies it: a pod is never above
// its applier). Mounting a volume or joining a network is an operation that pod performs: the
// subsystem asks the `decisions` port (the kernel composes it from the enforcer and the trail),
// which decides in the enforcer's four layers (capability, rules, DAC, MAC) and records the
// decision in the trail under a correlation id.
//
// Correlation ids: every gated command gets the next number of a kernel sequence (deterministic,
// kept in the snapshot, so a journal's replay gives the same ids); the gate's decided/done/failed
// entries carry it, and so does any trail entry recorded while the command runs unless it names
// its own. A subsystem reads the running command's id with `current()` when it starts a story (a
// pod, at apply) and passes that id with every later entry of the story (scheduled, mounted,
// evicted, rescheduled), so `audit query --id N` walks it whole, as ausearch's serial groups the
// records of one event. 0 means none (boot, restore, clock-driven events of no story).
//
//   typical sequence (the containers subsystem, ports.decisions):
//     const correlation = decisions.current();                       // in `pod apply`
//     const subject = decisions.podSubject("web", def.security, owner);  // throws if not allowed
//     decisions.authorize(subject, { action: "vol.mount", object: "vol/data", access: "read-write" }, correlation);
//     trail.record({ ..., action: "pod.schedule", object: "pod/web", correlation });

import { assert } from "./assert.js";
import { KernelError } from "./errors.js";
import type { Decision, Enforcer, Operation, Subject } from "./gate.js";
import { DENIED_RESULT, type AuditTrail } from "./ports.js";

/** Where a pod subject's name sits at the gate: `pod/<name>`. */
export const POD_SUBJECT_PREFIX = "pod/";

/**
 * What a pod does that the gate decides (the actions of its decisions, in the trail and in rules):
 * mount a volume (object vol/<name>; read-write, or read for a read-only mount) and join a network
 * (object net/<name>; read-write: it sends and receives).
 */
export const POD_ACTIONS = ["vol.mount", "net.join"] as const;
export type PodAction = (typeof POD_ACTIONS)[number];

/** The security a pod asks for (its manifest's securityContext): structurally orch's PodSecurity. */
export interface PodSecurityRequest {
  readonly runAsUser?: number; // default: the applier's uid (another uid needs CAP_SETUID)
  readonly level?: string; // a MAC level name (Public|Internal|Private|Isolated, any case); default Public
  readonly capabilities: readonly string[]; // added to the defaults: "NET_ADMIN" or "CAP_NET_ADMIN"
}

/** A pod as the subject of a decision: not a user account. */
export interface PodSubject extends Subject {
  readonly name: string; // "pod/web"
  readonly uid: number;
  readonly gid: number;
  readonly capabilities: readonly string[]; // the effective set, canonical names ("CAP_NET_ADMIN"), by number
  readonly level: string; // the MAC level, lower case ("public")
}

/**
 * What a pod's operation needs of its object. A read-write mount (or joining a network, which
 * both sends and receives) needs both: under Bell-LaPadula that means the object's level equals
 * the pod's (no read up, no write down).
 */
export type PodAccess = "read" | "write" | "read-write";

export interface PodRequest {
  readonly action: string; // dotted, group first: "vol.mount", "net.join"
  readonly object: string; // a gate path: "vol/data", "net/front"
  readonly access: PodAccess;
  readonly capability?: number; // the Linux capability number it needs, if any (12: CAP_NET_ADMIN)
}

/** The kernel's decisions port (ports.decisions): decisions for pods, recorded under a correlation id. */
export interface DecisionPort {
  /** The correlation id of the command running now; 0 outside any command. */
  current(): number;
  /**
   * The subject pod `pod` runs as, from what its manifest asks and who applies it: uid (default the
   * applier's), gid (the applier's), capabilities (the defaults a container runtime grants a root
   * process, only for uid 0, plus those added; each added one must be held by the applier), level
   * (default Public; never above the applier's clearance). Throws EINVAL for an unknown capability
   * or level, EPERM for a capability or uid the applier may not give, EACCES for a level above its
   * clearance.
   */
  podSubject(pod: string, security: PodSecurityRequest, applier: Subject): PodSubject;
  /**
   * The uid container `name` runs as when `caller` starts it with `action` (ctr.run, ctr.create):
   * the uid asked for, else `imageUser` if the caller holds CAP_SETUID, else the caller's own; a
   * uid not the caller's needs CAP_SETUID (the pod's runAsUser rule). Throws EPERM when refused.
   */
  runAs(name: string, requested: number | undefined, caller: Subject, imageUser: number, action: string): number;
  /** Decides `request` for `subject` and records the decision (type security) under `correlation`. */
  decide(subject: PodSubject, request: PodRequest, correlation: number): Decision;
  /**
   * `decide`, throwing when refused: EPERM for a missing capability, EACCES when rules, DAC or MAC
   * refuse; the message names the pod, the operation and the deciding layer.
   */
  authorize(subject: PodSubject, request: PodRequest, correlation: number): Decision;
}

/** The gate's operation a pod's request is, for one access. */
function operationOf(request: PodRequest, access: "read" | "write"): Operation {
  return { action: request.action, object: request.object, type: "security", mutates: false, access, capability: request.capability };
}

/** Decides a pod's request in the enforcer: a read-write one is a read, then (if allowed) a write. */
function decideRequest(enforcer: Enforcer, subject: PodSubject, request: PodRequest): Decision {
  if (request.access !== "read-write") return enforcer.decidePod(subject, operationOf(request, request.access));
  const read = enforcer.decidePod(subject, operationOf(request, "read"));
  if (!read.allowed) return read;
  const write = enforcer.decidePod(subject, operationOf(request, "write"));
  return read.audit === true && write.allowed && write.audit !== true ? read : write;
}

/** The error a refused request fails with: EPERM for a missing capability, EACCES otherwise; it names the layer. */
export function podRefused(subject: PodSubject, request: PodRequest, decision: Decision): KernelError {
  const code = decision.layer === "capability" ? "EPERM" : "EACCES";
  return new KernelError(code, `permission denied (${decision.layer}): ${subject.name} may not ${request.action} ${request.object}: ${decision.reason}`, `sec why ${subject.name} ${request.action} ${request.object}`);
}

// The layer that refuses a subject (podSubject, runAs) by its error: a capability the applier
// lacks (CAP_SETUID for another uid, one a manifest adds) is EPERM; a level above its clearance EACCES.
const SUBJECT_REFUSAL_LAYERS = { EPERM: "capability", EACCES: "mac" } as const;

/** The layer that refused a subject (podSubject, runAs) for `error`; undefined when it is no refusal (bad input, a bug). */
export function subjectRefusalLayer(error: unknown): "capability" | "mac" | undefined {
  if (!(error instanceof KernelError) || !Object.hasOwn(SUBJECT_REFUSAL_LAYERS, error.code)) return undefined;
  return SUBJECT_REFUSAL_LAYERS[error.code as keyof typeof SUBJECT_REFUSAL_LAYERS];
}

/**
 * Runs `decide` (podSubject, runAs); a refusal is recorded as the gate records a denial (type
 * security, result denied, level warning, the deciding layer named) under `correlation` and thrown
 * on. Bad input (EINVAL: an unknown capability or level) is no decision and is not recorded here.
 */
function recordingRefusal<T>(trail: () => AuditTrail, who: Subject, action: string, object: string, correlation: number, decide: () => T): T {
  try {
    return decide();
  } catch (error) {
    const layer = subjectRefusalLayer(error);
    if (layer !== undefined) trail().record({ level: "warning", type: "security", uid: who.uid, action, object, result: DENIED_RESULT, message: `${layer}: ${(error as KernelError).message}`, correlation });
    throw error;
  }
}

/** The decisions port, composed by the kernel from the enforcer, the trail and the running command's id. */
export function decisionPort(enforcer: () => Enforcer, trail: () => AuditTrail, current: () => number): DecisionPort {
  const decide = (subject: PodSubject, request: PodRequest, correlation: number): Decision => {
    assert(subject.name.startsWith(POD_SUBJECT_PREFIX), "a pod subject is named pod/<name>");
    const decision = decideRequest(enforcer(), subject, request);
    const { allowed, audit, layer, reason } = decision;
    const result = !allowed ? DENIED_RESULT : audit === true ? "audited" : "allowed";
    const level = !allowed || audit === true ? "warning" : "debug";
    trail().record({ level, type: "security", uid: subject.uid, action: request.action, object: request.object, result, message: `${subject.name} (${request.access}): ${layer}: ${reason}`, correlation });
    return decision;
  };
  return {
    current,
    podSubject: (pod, security, applier) => recordingRefusal(trail, applier, "pod.apply", `${POD_SUBJECT_PREFIX}${pod}`, current(), () => enforcer().podSubject(pod, security, applier)),
    runAs: (name, requested, caller, imageUser, action) => recordingRefusal(trail, caller, action, name, current(), () => enforcer().runAsUid(name, requested, caller, imageUser)),
    decide,
    authorize: (subject, request, correlation) => {
      const decision = decide(subject, request, correlation);
      if (!decision.allowed) throw podRefused(subject, request, decision);
      return decision;
    },
  };
}
