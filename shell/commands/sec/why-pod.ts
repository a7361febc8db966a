// `sec why pod/<name> vol.mount vol/<volume>`: what the enforcer would decide for a pod applied by
// the user asking, with the security its manifest would ask for (--level, --run-as-user,
// --cap-add) — the same subject `pod apply` would give it and the same layers its mounts and
// network joins pass (src/decisions.ts). A read-write request is a read, then a write. A pod that
// exists is explained as it runs: the subject fixed when its owner applied it, not the asker's.

import type { Explanation, SecurityManager } from "../../../modules/security/index.js";
import { POD_ACTIONS, POD_SUBJECT_PREFIX, type PodAccess, type PodSecurityRequest, type PodSubject } from "../../../src/decisions.js";
import { fail } from "../../../src/errors.js";
import type { Operation, Subject } from "../../../src/gate.js";

/** A pod already applied: the subject it runs as, and the name of who applied it. */
export interface AppliedPod {
  readonly subject: PodSubject;
  readonly appliedBy: string;
}

export interface PodWhyRequest {
  readonly pod: string; // "pod/web"
  readonly action: string;
  readonly object: string;
  readonly readOnly: boolean;
  readonly security: PodSecurityRequest;
}

/** The explanation of a pod's request: its subject's summary, then each access's decision and steps. */
export function explainPod(security: SecurityManager, applier: Subject, request: PodWhyRequest, applied?: AppliedPod): Explanation & { readonly subject: string } {
  if (!(POD_ACTIONS as readonly string[]).includes(request.action)) fail("EINVAL", `'${request.action}' is not something a pod does at the gate`, `a pod's actions: ${POD_ACTIONS.join(", ")}`);
  const asked = request.security.level !== undefined || request.security.runAsUser !== undefined || request.security.capabilities.length > 0;
  if (applied !== undefined && asked) fail("EINVAL", `${request.pod} exists: it runs as ${applied.appliedBy} applied it, whatever --level, --run-as-user or --cap-add say`, `sec why ${request.pod} ${request.action} ${request.object}${request.readOnly ? " --read-only" : ""}, or name a pod not yet applied`);
  const subject = applied?.subject ?? security.podSubject(request.pod.slice(POD_SUBJECT_PREFIX.length), request.security, applier);
  const access: PodAccess = request.readOnly ? "read" : "read-write";
  const operation = (as: "read" | "write"): Operation => ({ action: request.action, object: request.object, type: "security", mutates: false, access: as });
  const read = security.explainPod(subject, operation("read"));
  const caps = subject.capabilities.length === 0 ? "none" : subject.capabilities.map((c) => c.toLowerCase()).join(",");
  const summary = `${subject.name} runs as uid ${subject.uid}, gid ${subject.gid}, level ${subject.level}, capabilities ${caps} (applied by ${applied?.appliedBy ?? applier.name}); ${access}`;
  if (access === "read" || !read.decision.allowed) return { subject: summary, ...read };
  const write = security.explainPod(subject, operation("write"));
  return { subject: summary, decision: write.decision, steps: [...read.steps.map((s) => ({ ...s, detail: `read: ${s.detail}` })), ...write.steps.map((s) => ({ ...s, detail: `write: ${s.detail}` }))] };
}

