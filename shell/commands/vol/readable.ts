// `vol stats` and `vol replicate status` without a name, `watch vol` and top's volume pane cover
// every volume, but the gate decides on the group (`vol`) only. A volume's IO figures and its
// replication sessions are its own data, readable as `vol stats <name>` and `vol replicate status
// <name>` would be: the others are left out, decided the same way (rules, DAC, MAC), so the no-name
// forms show no more than the named ones (ctr/readable.ts does so for containers). `vol list`
// names every volume, as `ls` does a directory.

import type { Operation } from "../../../src/gate.js";
import type { KernelServices } from "../../../src/kernel.js";
import type { SessionControl } from "../../command.js";

/** Reading volume `name`'s own data (IO figures, sessions) by `action`, as the gate decides it. */
export function volumeRead(name: string, action: string): Operation {
  return { action, object: `vol/${name}`, type: "storage", mutates: false, access: "read" };
}

/** Whether the session's user may read volume `name`, as the gate decides `action` on vol/<name>. */
export function readableVolume(kernel: KernelServices, session: SessionControl, action: string): (name: string) => boolean {
  return (name) => kernel.security.permits(session.subject, volumeRead(name, action));
}

/** A session is shown to who may read either end, as `vol replicate status <either>` shows it. */
export function readableSession(readable: (name: string) => boolean): (session: { readonly source: string; readonly target: string }) => boolean {
  return (session) => readable(session.source) || readable(session.target);
}
