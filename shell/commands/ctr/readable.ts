// `ctr list`, `ctr stats` and `ctr events` without a name, and `pod list`, cover many containers or
// pods, but the gate decides on the group (`ctr`, `pod`) only. A row is the object's own data (a
// container's command, which may carry a secret, its usage, its events; a pod's status), readable
// as `ctr show <name>` or `pod show <name>` would be: the others are left out here, decided the
// same way (rules, DAC, MAC), so the list shows no more than the named form.

import type { Operation } from "../../../src/gate.js";
import type { KernelServices } from "../../../src/kernel.js";
import type { SessionControl } from "../../command.js";

/** Whether the session's user may read container `name`, as the gate decides `action` on ctr/<name>. */
export function readableContainer(kernel: KernelServices, session: SessionControl, action: string): (name: string) => boolean {
  return (name) => kernel.security.permits(session.subject, containerRead(name, action));
}

/** Whether the session's user may read pod `name`, as the gate decides `action` on pod/<name>. */
export function readablePod(kernel: KernelServices, session: SessionControl, action: string): (name: string) => boolean {
  return (name) => kernel.security.permits(session.subject, podRead(name, action));
}

/** Reading container `name`'s own data (command, usage, events) by `action`, as the gate decides it. */
export function containerRead(name: string, action: string): Operation {
  return { action, object: `ctr/${name}`, type: "container", mutates: false, access: "read" };
}

/** Reading pod `name`'s own data by `action`, as the gate decides it. */
export function podRead(name: string, action: string): Operation {
  return { action, object: `pod/${name}`, type: "container", mutates: false, access: "read" };
}
