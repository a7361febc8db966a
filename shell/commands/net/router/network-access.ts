// A router joins several networks, and the gate decides on one object: the first network. The
// others are decided here, the same way (capability, rules, DAC, MAC), before anything changes, so
// nobody joins or parts a network they may not write.

import { permissionDenied, type Operation } from "../../../../src/gate.js";
import type { KernelServices } from "../../../../src/kernel.js";
import { capabilityNumber } from "../../../../modules/security/index.js";
import type { SessionControl } from "../../../command.js";

/** Fails with EPERM, as the gate would, unless the session's user may write every one of `networks`. */
export function requireWriteOnNetworks(kernel: KernelServices, session: SessionControl, action: string, networks: readonly string[]): void {
  for (const network of networks) {
    const operation: Operation = { action, object: `net/${network}`, type: "network", mutates: true, access: "write", capability: capabilityNumber("CAP_NET_ADMIN") };
    const decision = kernel.security.decide(session.subject, operation);
    if (!decision.allowed) throw permissionDenied(session.subject, operation, decision, kernel.security);
  }
}
