// `ctr stats` and `ctr events` without a name cover many containers, but the gate decides on the
// group (`ctr`) only. Each container's usage and events are its own data, readable as `ctr stats
// <name>` would be: the others are left out here, decided the same way (rules, DAC, MAC), so the
// no-name form shows no more than the named one. `ctr list`, like `vol list` and `net list`, names
// every object (as `ls` does a directory): names are the directory's, usage is the object's.

import type { Operation } from "../../../src/gate.js";
import type { KernelServices } from "../../../src/kernel.js";
import type { SessionControl } from "../../command.js";

/** Whether the session's user may read container `name`, as the gate decides `action` on ctr/<name>. */
export function readableContainer(kernel: KernelServices, session: SessionControl, action: string): (name: string) => boolean {
  return (name) => kernel.security.decide(session.subject, containerRead(name, action)).allowed;
}

/** Reading container `name`'s own data (usage, events) by `action`, as the gate decides it. */
export function containerRead(name: string, action: string): Operation {
  return { action, object: `ctr/${name}`, type: "container", mutates: false, access: "read" };
}
