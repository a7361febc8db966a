// The syscall gate: the one way into the kernel. Every command reaches it as an operation
// (an action on an object) performed by a subject. The gate asks the enforcer, runs the
// operation only if allowed, and reports the outcome (denied, failed with a code, done) to the
// trail. Nothing in the shell holds the kernel's managers except inside `invoke`.

import { KernelError } from "./errors.js";

export interface Subject {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export const ROOT: Subject = { name: "root", uid: 0, gid: 0 };

/** The audit type an operation is recorded under; mirrors the audit module's event types. */
export type OperationType = "security" | "performance" | "system" | "user" | "storage" | "network";

export interface Operation {
  readonly action: string; // dotted, group first: "audit.query"
  readonly object: string; // what it acts on: "audit", "audit/filter/3"
  readonly type: OperationType;
  readonly mutates: boolean;
}

export interface Decision {
  readonly allowed: boolean;
  readonly layer: string; // which check decided: "root", "capability", "dac", "mac", "rule #7"
  readonly reason: string;
}

export interface Enforcer {
  decide(subject: Subject, operation: Operation): Decision;
}

export type Outcome = { readonly kind: "denied"; readonly decision: Decision } | { readonly kind: "failed"; readonly error: KernelError } | { readonly kind: "done"; readonly message: string };

/** Where the gate reports outcomes: the audit trail, through the Kernel. */
export interface OutcomeSink {
  record(subject: Subject, operation: Operation, outcome: Outcome): void;
}

/**
 * Until the security module lands, only root may act: root is allowed by the "root" layer,
 * anyone else is denied with a reason that says so.
 */
export class RootOnlyEnforcer implements Enforcer {
  decide(subject: Subject): Decision {
    return subject.uid === 0
      ? { allowed: true, layer: "root", reason: "uid 0" }
      : { allowed: false, layer: "root", reason: "only root may act until the security enforcer is installed" };
  }
}

export class SyscallGate {
  constructor(
    private readonly enforcer: Enforcer,
    private readonly sink: OutcomeSink,
  ) {}

  /** Runs `perform` as `subject` if the enforcer allows it; every outcome is recorded. */
  invoke<T>(subject: Subject, operation: Operation, perform: () => T, describe?: (result: T) => string): T {
    const decision = this.enforcer.decide(subject, operation);
    if (!decision.allowed) {
      this.sink.record(subject, operation, { kind: "denied", decision });
      throw new KernelError("EPERM", `permission denied: ${subject.name} may not ${operation.action} ${operation.object}: ${decision.reason}`);
    }
    let result: T;
    try {
      result = perform();
    } catch (error) {
      if (error instanceof KernelError) this.sink.record(subject, operation, { kind: "failed", error });
      throw error;
    }
    this.sink.record(subject, operation, { kind: "done", message: describe?.(result) ?? "" });
    return result;
  }
}
