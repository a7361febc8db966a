// The syscall gate: the one way into the kernel. Every command reaches it as an operation
// (an action on an object, needing read, write or ownership and perhaps a capability) performed
// by a subject. The gate asks the enforcer, reports the decision, runs the operation only if
// allowed, and reports the outcome (failed with a code, or done) to the trail. Nothing in the
// shell holds the kernel's managers except inside `invoke`, or between `admit` and `settle` for
// an operation performed in steps (a long sleep, a chaos run).

import { tripwire } from "./assert.js";
import type { PodSecurityRequest, PodSubject } from "./decisions.js";
import { KernelError } from "./errors.js";

export interface Subject {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export const ROOT: Subject = { name: "root", uid: 0, gid: 0 };

/** The audit type an operation is recorded under; mirrors the audit module's event types. */
export type OperationType = "security" | "performance" | "system" | "user" | "storage" | "network" | "container";

/** What an operation needs of its object: read it, write it, or own it (chmod). */
export type Access = "read" | "write" | "owner";

export interface Operation {
  readonly action: string; // dotted, group first: "audit.query"
  readonly object: string; // what it acts on: "audit", "audit/filter/3"
  readonly type: OperationType;
  readonly mutates: boolean;
  readonly access: Access;
  readonly capability?: number; // the Linux capability number it needs, if any
  /**
   * More capabilities it needs, worked out from its input: those it hands out or takes away
   * (sec caps, user add --caps; only a holder may, Linux's bounding-set rule) or a clearance's
   * CAP_MAC_ADMIN. Part of the decision, so a refusal is a denial `sec why --caps` repeats.
   */
  readonly inputCapabilities?: readonly string[]; // canonical names ("CAP_SYS_ADMIN"), as the hint shows them
}

export interface Decision {
  readonly allowed: boolean;
  readonly layer: string; // which check decided: "capability", "rule #7", "dac", "mac"
  readonly reason: string;
  readonly audit?: boolean; // an Audit rule allowed it: logged at warning
}

export interface Enforcer {
  decide(subject: Subject, operation: Operation): Decision;
  /** The subject a pod runs as, checked against its applier (src/decisions.ts says how). */
  podSubject(pod: string, security: PodSecurityRequest, applier: Subject): PodSubject;
  /** The uid a container `name` (ctr/web) started by `applier` runs as: `requested`, else `fallback`; the pod's runAsUser rule. */
  runAsUid(name: string, requested: number | undefined, applier: Subject, fallback: number): number;
  /** `decide` for a pod: its own capabilities, uid/gid and level instead of an account's. */
  decidePod(subject: PodSubject, operation: Operation): Decision;
  /** Whether `decide` would allow it, counting no rule's hit: for a hint, not a decision. */
  permits(subject: Subject, operation: Operation): boolean;
}

export type Outcome =
  | { readonly kind: "decided"; readonly decision: Decision }
  | { readonly kind: "failed"; readonly error: KernelError }
  | { readonly kind: "done"; readonly message: string };

/** What `sec why` is at the gate (shell/commands/sec/why.ts declares it; test/src/gate-denial.test.ts keeps them one). */
export const WHY_OPERATION: Operation = Object.freeze({ action: "sec.why", object: "sec", type: "security", mutates: false, access: "read" });

/**
 * The EPERM a denied operation fails with (the gate's, and a live pane's refused the same way).
 * An expected outcome, not a bug: it carries no stack trace, whose capture was a third of a
 * denied command's time through the gate (bench/decisions.ts).
 */
export function permissionDenied(subject: Subject, operation: Operation, decision: Decision, enforcer: Pick<Enforcer, "permits">): KernelError {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new KernelError("EPERM", `permission denied: ${subject.name} may not ${operation.action} ${operation.object}: ${decision.reason}`, deniedHint(subject, operation, decision, enforcer));
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The `sec why` that explains `operation` for `subject`, with the capabilities its input asked for. */
export function whyCommand(subject: Subject, operation: Operation): string {
  const why = `sec why ${subject.name} ${operation.action} ${operation.object}`;
  return operation.inputCapabilities === undefined || operation.inputCapabilities.length === 0 ? why : `${why} --caps ${operation.inputCapabilities.join(",")}`;
}

/**
 * A denial's hint: the `sec why` that explains it, if `subject` may run it; else that command for
 * root; else (a rule denies sec.why to root too) what decided, and the rule commands root keeps
 * (sec rule add refuses a rule denying them). Never a command that would itself be denied.
 */
function deniedHint(subject: Subject, operation: Operation, decision: Decision, enforcer: Pick<Enforcer, "permits">): string {
  const why = whyCommand(subject, operation);
  if (enforcer.permits(subject, WHY_OPERATION)) return why;
  if (subject.uid !== ROOT.uid && enforcer.permits(ROOT, WHY_OPERATION)) return `as root: ${why} (sec why is denied to ${subject.name})`;
  const rule = /^rule #(\d+)$/.exec(decision.layer)?.[1];
  const who = subject.uid === ROOT.uid ? "root" : `${subject.name} and root`;
  return `decided by ${decision.layer}${rule === undefined ? "" : ` (as root: sec rule del ${rule})`}; a rule denies sec why to ${who}: as root, sec rule list shows it`;
}

/** Where the gate reports outcomes: the audit trail, through the Kernel. */
export interface OutcomeSink {
  record(subject: Subject, operation: Operation, outcome: Outcome): void;
}

export class SyscallGate {
  constructor(
    private readonly enforcer: Pick<Enforcer, "decide" | "permits">,
    private readonly sink: OutcomeSink,
  ) {}

  /** Runs `perform` as `subject` if the enforcer allows it; every outcome is recorded. */
  invoke<T>(subject: Subject, operation: Operation, perform: () => T, describe?: (result: T) => string): T {
    this.admit(subject, operation);
    let result: T;
    try {
      result = perform();
    } catch (error) {
      this.settle(subject, operation, { error });
      throw error;
    }
    this.settle(subject, operation, { message: describe?.(result) ?? "" });
    return result;
  }

  /**
   * The first half of an operation performed in steps across event-loop turns (a long sleep, a
   * chaos run): decides and records the decision, throwing EPERM when denied. `settle` ends it.
   */
  admit(subject: Subject, operation: Operation): void {
    const decision = this.enforcer.decide(subject, operation);
    this.sink.record(subject, operation, { kind: "decided", decision });
    if (!decision.allowed) {
      throw permissionDenied(subject, operation, decision, this.enforcer);
    }
  }

  /** Records how an admitted operation ended: done with a message, or failed (a KernelError is recorded). */
  settle(subject: Subject, operation: Operation, ending: { readonly error: unknown } | { readonly message: string }): void {
    if ("message" in ending) {
      tripwire(operation.action); // tests only: a kernel bug found once the work is done
      this.sink.record(subject, operation, { kind: "done", message: ending.message });
    }
    else if (ending.error instanceof KernelError) this.sink.record(subject, operation, { kind: "failed", error: ending.error });
  }
}
