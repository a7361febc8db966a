// The kernel's side of the ports (src/ports.ts): a registry of the ports subsystems provide, the
// ports the kernel composes itself (an object's existence; alerts and performance events written
// to the audit trail), and `objects`, the kernel call that makes or deletes an object together
// with its security label so that a command's `run` is one call and nothing is left half-made.
//
// A port is looked up when it is used, not when a subsystem is built, so a subsystem may hold
// the port object from its constructor; checkList (subsystem.ts) has already made sure each need
// is met by a subsystem earlier in the list.

import { assert } from "./assert.js";
import { decisionPort } from "./decisions.js";
import type { OperationType, Subject } from "./gate.js";
import { PORT_NAMES, type AlertEvent, type AlertPort, type AuditTrail, type ObjectDirectory, type PerformanceSink, type PortName, type Ports, type TrailLevel } from "./ports.js";
import type { Subsystem } from "./subsystem.js";

/** Create-and-label and delete-and-unlabel, each one kernel call. */
export interface KernelObjects {
  /** Makes an object with `make` and labels it as `subject`'s; a full label table refuses before `make` runs. */
  create<T>(subject: Subject, pathOf: string | ((made: T) => string), make: () => T, mode?: number): T;
  /** Deletes an object with `remove`, then the labels of its path and everything below it. */
  delete<T>(path: string, remove: () => T): T;
}

export interface ProvidedPorts {
  readonly objects: KernelObjects;
  get<P extends PortName>(port: P): Ports[P];
  provide(by: string, offers: readonly PortName[], ports: Partial<Ports>): void;
  /** The ports as one subsystem sees them: only those it needs; its alerts are `<name>.alert.raise` entries of its audit type. */
  forSubsystem(subsystem: Subsystem): Ports;
}

const LEVEL_OF_SEVERITY: Readonly<Record<string, TrailLevel>> = { INFO: "info", WARNING: "warning", ERROR: "error", CRITICAL: "critical" };

/** `correlation` is the running command's correlation id (0 outside one): entries that name none carry it. */
export function kernelPorts(directory: ObjectDirectory, correlation: () => number): ProvidedPorts {
  const provided: Partial<Record<PortName, unknown>> = {};
  const get = <P extends PortName>(port: P): Ports[P] => {
    const found = provided[port];
    if (found === undefined) assert(false, `port '${port}' is provided`); // the message is built only on failure (every audit entry asks)
    return found as Ports[P];
  };
  const performance: PerformanceSink = {
    record: (event) => get("trail").record({ level: event.warning ? "warning" : "info", type: "performance", uid: 0, action: event.action, object: event.object, result: "observed", message: event.message, correlation: correlation() }),
  };
  // The trail as a subsystem sees it: an entry that names no story belongs to the running command's.
  const trail: AuditTrail = {
    record: (entry) => get("trail").record(entry.correlation === undefined ? { ...entry, correlation: correlation() } : entry),
    loadProblem: () => get("trail").loadProblem(),
  };
  const alerts = (name: string, type: OperationType): AlertPort => {
    const record = (action: string, severity: string, alert: AlertEvent, message: string, result: string) =>
      get("trail").record({ level: LEVEL_OF_SEVERITY[severity] ?? "info", type, uid: 0, action, object: `alert/${alert.id}`, result, message, correlation: correlation() });
    return {
      raised: (a) => record(`${name}.alert.raise`, a.severity, a, `${a.severity} ${a.category} ${a.source}: ${a.message}`, "raised"),
      resolved: (a) => record(`${name}.alert.resolve`, "INFO", a, `resolved (${a.resolvedBy}): ${a.message}`, "resolved"),
    };
  };
  const decisions = decisionPort(() => get("enforcer"), () => get("trail"), correlation);
  Object.assign(provided, { directory, performance, decisions });
  const objects: KernelObjects = {
    create: (subject, pathOf, make, mode) => get("labels").create(pathOf, subject.uid, subject.gid, make, mode),
    delete: (path, remove) => {
      const done = remove();
      get("labels").remove(path);
      return done;
    },
  };
  const lazy = (subsystem: Subsystem): Ports => {
    const ports = {} as Record<PortName, unknown>;
    for (const port of PORT_NAMES) {
      const needed = subsystem.needs.includes(port);
      const own = !needed ? undefined : port === "alerts" ? alerts(subsystem.name, subsystem.auditType) : port === "trail" ? trail : undefined; // alerts under its name and audit type
      // A port it did not declare is a bug in its declaration: caught at first use, not passed silently.
      const reach = () => (needed ? (own ?? get(port)) : assert(false, `subsystem '${subsystem.name}' uses port '${port}', which its declaration does not list in needs`));
      Object.defineProperty(ports, port, { get: reach, enumerable: true });
    }
    return ports as Ports;
  };
  return {
    objects,
    get,
    provide: (by, offers, ports) => {
      for (const port of offers) {
        assert(ports[port] !== undefined, `subsystem '${by}' provides the port '${port}' it offers`);
        provided[port] = ports[port];
      }
    },
    forSubsystem: lazy,
  };
}
