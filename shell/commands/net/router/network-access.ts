// A router joins several networks, and the gate decides on one object: the first network. The
// others are decided here, the same way (capability, rules, DAC, MAC) and audited as the gate's
// own decisions (a refusal is a security denial in the trail), before anything changes, so nobody
// joins or parts a network they may not write.

import type { Operation } from "../../../../src/gate.js";
import { capabilityNumber } from "../../../../modules/security/index.js";
import type { SessionControl } from "../../../command.js";

/** Fails with EPERM, as the gate would, unless the session's user may write every one of `networks`. */
export function requireWriteOnNetworks(session: SessionControl, action: string, networks: readonly string[]): void {
  for (const network of networks) {
    const operation: Operation = { action, object: `net/${network}`, type: "network", mutates: true, access: "write", capability: capabilityNumber("CAP_NET_ADMIN") };
    session.gateCheck(operation);
  }
}
