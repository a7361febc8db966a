// `net stats` and `net if list` without a name, `watch net` and top's network pane cover every
// network, but the gate decides on the group (`net`) only. A network's counters, interfaces,
// learned MACs and capture are its own data, readable as `net stats <name>`, `net fdb <name>` and
// `net capture show` would be: the others are left out, decided the same way (rules, DAC, MAC), so
// the no-name forms show no more than the named ones (ctr/readable.ts does so for containers).
// `net list`, like `vol list`, names every network, as `ls` does a directory.

import type { Operation } from "../../../src/gate.js";
import type { Kernel, KernelServices } from "../../../src/kernel.js";
import { argsOnly, type SessionControl } from "../../command.js";
import { operationOf } from "../../operation.js";
import captureShow from "./capture/show.js";
import { underlayOperation } from "./capture/tapped.js";

/** Reading network `name`'s own data (counters, interfaces, FDB) by `action`, as the gate decides it. */
export function networkRead(name: string, action: string): Operation {
  return { action, object: `net/${name}`, type: "network", mutates: false, access: "read" };
}

/** Whether the session's user may read network `name`, as the gate decides `action` on net/<name>. */
export function readableNetwork(kernel: KernelServices, session: SessionControl, action: string): (name: string) => boolean {
  return (name) => kernel.security.permits(session.subject, networkRead(name, action));
}

/** What showing the capture takes, as `net capture show` is decided: an underlay's also its second decision, on `net`. */
export function captureReads(view: Kernel["view"]): Operation[] {
  return [operationOf(captureShow.gate!, argsOnly(), view), underlayOperation(captureShow.gate!, view)].filter((operation) => operation !== undefined);
}
