// Showing, stopping and saving a capture are decided on what it tapped, as starting it was: its
// network's object (read to show or save its frames, write to stop it), kept after the network is
// gone. A capture of the underlay holds every tenant's traffic: it also needs what starting one
// needs (CAP_NET_ADMIN on net/underlay), decided and audited as net.capture.start of it.

import { UNDERLAY, UNDERLAY_OBJECT } from "../../../../modules/network/index.js";
import { capabilityNumber } from "../../../../modules/security/index.js";
import type { Operation } from "../../../../src/gate.js";
import type { Kernel } from "../../../../src/kernel.js";
import type { SessionControl } from "../../../command.js";
import { operationOf } from "../../../operation.js";

/** The gate's object for show, stop and save: the tapped network's, net/underlay, or `net` before any capture. */
export const capturedObject = (_input: unknown, view: Kernel["view"]): string => view.network.capturedObject();

/** Refuses, through the gate and audited, one who may not start an underlay capture from reading or stopping one. */
export function requireUnderlayRights(session: SessionControl): void {
  if (session.kernelView().network.capturedObject() === UNDERLAY_OBJECT) session.gateCheck(startOperation(session, UNDERLAY));
}

/**
 * Starting an underlay capture is decided on CAP_NET_ADMIN; an operation carries one capability, so
 * CAP_NET_RAW, which every capture needs, is its own decision: net.capture.start of `net`
 * (`sec why <user> net.capture.start net`).
 */
export function requireCaptureRaw(session: SessionControl): void {
  session.gateCheck({ ...startOperation(session, UNDERLAY), object: "net", capability: capabilityNumber("CAP_NET_RAW") });
}

/** net.capture.start of `target`, as its gate decides it. */
function startOperation(session: SessionControl, target: string): Operation {
  return operationOf(session.registry.gating("net.capture.start")!.gate!, { args: { target }, rest: [], options: {} }, session.kernelView());
}
