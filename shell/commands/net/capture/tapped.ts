// Showing, stopping and saving a capture are decided on what it tapped, as starting it was: its
// network's object (read to show or save its frames, write to stop it), kept after the network is
// gone. A capture of the underlay holds every tenant's traffic: it also needs what starting one
// needs (CAP_NET_ADMIN on net/underlay), decided and audited as net.capture.start of it.

import { UNDERLAY, UNDERLAY_OBJECT } from "../../../../modules/network/index.js";
import type { Operation } from "../../../../src/gate.js";
import type { Kernel } from "../../../../src/kernel.js";
import type { SessionControl } from "../../../command.js";
import { operationOf } from "../../../operation.js";
import start from "./start.js";

/** The gate's object for show, stop and save: the tapped network's, net/underlay, or `net` before any capture. */
export const capturedObject = (_input: unknown, view: Kernel["view"]): string => view.network.capturedObject();

/** What the capture needs besides its command's own decision: starting one of the underlay, when it taps the underlay. */
export function underlayOperation(view: Kernel["view"]): Operation | undefined {
  return view.network.capturedObject() === UNDERLAY_OBJECT ? operationOf(start.gate!, { args: { target: UNDERLAY }, rest: [], options: {} }, view) : undefined;
}

/** Refuses, through the gate and audited, one who may not start an underlay capture from reading or stopping one. */
export function requireUnderlayRights(session: SessionControl): void {
  const operation = underlayOperation(session.kernelView());
  if (operation !== undefined) session.gateCheck(operation);
}
