// Ports: the typed interfaces through which work crosses subsystems. Modules never import each
// other; one subsystem provides a port (its `provides`), the kernel hands it to those that need
// it (their `needs`), and the kernel itself provides the few that it composes from others (an
// object's existence from every subsystem's declared objects; alerts and performance events as
// audit-trail entries).
//
//   port          provided by   needed by
//   trail         audit         the kernel (gate outcomes, boot, alerts, performance)
//   enforcer      security      the kernel (the gate asks it)
//   subjects      security      the kernel (the journal's user names, the prompt)
//   labels        security      the kernel (create-and-label in one call: services.objects)
//   blockDevices  cluster       storage (distributed volumes' IO; src/block.ts)
//   directory     the kernel    security (a label only for an object that exists)
//   alerts        the kernel    cluster (the MDM's alerts raised and resolved)
//   performance   the kernel    storage, cluster (QoS throttling, rebuild throughput)
//   decisions     the kernel    containers (a pod's mounts and networks decided by the enforcer,
//                               recorded under the pod's correlation id; src/decisions.ts)
//   mounts        storage       containers (a pod's volumes: src/mounts.ts)
//   podNetwork    network       containers (a pod's interfaces and pings: src/pod-network.ts)

import type { DistributedVolumes } from "./block.js";
import type { DecisionPort } from "./decisions.js";
import type { Enforcer, OperationType, Subject } from "./gate.js";
import type { Mounts } from "./mounts.js";
import type { PodNetwork } from "./pod-network.js";

export type TrailLevel = "debug" | "info" | "warning" | "error" | "critical";

/** The `result` of an entry for an operation the enforcer refused (the trail counts them). */
export const DENIED_RESULT = "denied";

/** An entry for the audit trail, by names (the audit module turns them into its numbers). */
export interface TrailEntry {
  readonly level: TrailLevel;
  readonly type: OperationType;
  readonly uid: number;
  readonly action: string;
  readonly object: string;
  readonly result: string;
  readonly message: string;
  /**
   * The story it belongs to (src/decisions.ts): absent, the running command's correlation id (0
   * outside a command); a subsystem names its own for a story that outlives the command (a pod's).
   */
  readonly correlation?: number;
}

export interface AuditTrail {
  record(entry: TrailEntry): void;
  /** Why the restored trail did not verify, if it did not (the shell warns once). */
  loadProblem(): string | undefined;
}

/** The user a name means, for the journal's replay and the prompt. */
export interface SubjectDirectory {
  subjectOf(name: string): Subject;
}

/** Security labels for objects other subsystems make (security owns the label table). */
export interface LabelPort {
  /**
   * Makes an object with `make` and labels it as `owner`'s, in one step: room for the label is
   * checked first, so a full table refuses before anything is made. `pathOf` may name the label
   * from what was made (a rule's id is known only after).
   */
  create<T>(pathOf: string | ((made: T) => string), owner: number, group: number, make: () => T, mode?: number): T;
  /** Removes the labels of `path` and everything below it. */
  remove(path: string): void;
}

/** Whether a path names an existing object of any subsystem (vol/db, audit/filter/3). */
export interface ObjectDirectory {
  exists(path: string): boolean;
  /** Where objects that carry labels are made (vol, user, audit/filter, ...): each kind's path. */
  readonly containers: readonly string[];
  /** The object whose label `path` carries instead of one of its own (a pod's container: its pod), if any. */
  labelledAs(path: string): string | undefined;
}

/** An alert of the cluster's MDM, as the trail records it. */
export interface AlertEvent {
  readonly id: number;
  readonly severity: string; // INFO, WARNING, ERROR, CRITICAL
  readonly category: string;
  readonly source: string;
  readonly message: string;
  readonly resolvedBy: string;
}

export interface AlertPort {
  raised(alert: AlertEvent): void;
  resolved(alert: AlertEvent): void;
}

/**
 * Where a subsystem reports a performance event — QoS throttling starting or ending, a rebuild's
 * throughput, latency over a threshold. The kernel writes each as a Performance audit entry.
 */
export interface PerformanceSink {
  record(event: { readonly action: string; readonly object: string; readonly message: string; readonly warning?: boolean }): void;
}

/** Every port by name: what a subsystem may provide and need. */
export interface Ports {
  readonly trail: AuditTrail;
  readonly enforcer: Enforcer;
  readonly subjects: SubjectDirectory;
  readonly labels: LabelPort;
  readonly blockDevices: DistributedVolumes;
  readonly directory: ObjectDirectory;
  readonly alerts: AlertPort;
  readonly performance: PerformanceSink;
  readonly decisions: DecisionPort;
  readonly mounts: Mounts;
  readonly podNetwork: PodNetwork;
}

export type PortName = keyof Ports;

export const PORT_NAMES = ["trail", "enforcer", "subjects", "labels", "blockDevices", "directory", "alerts", "performance", "decisions", "mounts", "podNetwork"] as const satisfies readonly PortName[];

/** The ports the kernel composes itself; the others come from a subsystem's `provides`. */
export const KERNEL_PORTS = ["directory", "alerts", "performance", "decisions"] as const satisfies readonly PortName[];
