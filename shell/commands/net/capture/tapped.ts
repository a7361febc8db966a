// Showing, stopping, saving and clearing a capture are decided on what it tapped, as starting it
// was: its network's object (read to show or save its frames, write to stop or clear it), kept
// after the network is gone. A capture of the underlay holds every tenant's traffic: it needs what
// starting one needs, CAP_NET_ADMIN on net/underlay (the command's own decision, so the refusal,
// the trail and `sec why <user> net.capture.show net/underlay` name the action refused) and the
// CAP_NET_RAW every capture needs as a second decision of the same action on `net`, as start's.

import { UNDERLAY_OBJECT } from "../../../../modules/network/index.js";
import type { CapabilityName } from "../../../../modules/security/index.js";
import type { Operation } from "../../../../src/gate.js";
import type { Kernel } from "../../../../src/kernel.js";
import { argsOnly, type GateBinding, type SessionControl } from "../../../command.js";
import { operationOf } from "../../../operation.js";

/** The gate's object for show, stop, save and clear: the tapped network's, net/underlay, or `net` before any. */
const capturedObject = (_input: unknown, view: Kernel["view"]): string => view.network.capturedObject();

/** The capability show, stop, save and clear need on `object`: the underlay's is an admin act. */
const capturedCapability = (_input: unknown, object: string): CapabilityName => (object === UNDERLAY_OBJECT ? "CAP_NET_ADMIN" : "CAP_NET_RAW");

/** The gate of show, save, stop and clear: decided on what the capture tapped (capturedObject, capturedCapability). */
export function capturedGate(mutates: boolean) {
  return { type: "network", mutates, capability: capturedCapability, object: capturedObject } as const;
}

/** The second decision a capture of the underlay takes for command `gate`: the same action on `net`, with CAP_NET_RAW. */
export function underlayOperation(gate: GateBinding, view: Kernel["view"]): Operation | undefined {
  return view.network.capturedObject() === UNDERLAY_OBJECT ? operationOf(gate, argsOnly(), view, "net") : undefined;
}

/** Refuses, through the gate and audited, one without CAP_NET_RAW `action` on a capture of the underlay (its gate decided CAP_NET_ADMIN). */
export function requireUnderlayRights(session: SessionControl, action: string): void {
  const operation = underlayOperation(session.registry.gating(action)!.gate!, session.kernelView());
  if (operation !== undefined) session.gateCheck(operation);
}
