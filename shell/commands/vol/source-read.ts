// A command that copies one volume's bytes into another (vol replicate start) is decided at the
// gate on the volume it writes. Copying out of the source reads it, so that is decided too, as
// `vol read <source>` would be (rules, DAC, MAC): the same operation, audited as vol.read of the
// source in the same story, so `sec why <user> vol.read vol/<source>` explains a refusal.

import { argsOnly, type SessionControl } from "../../command.js";
import { operationOf } from "../../operation.js";
import volumeRead from "./read.js";

/** Refuses, through the gate and audited, a user who may not read `volume`; returns when they may. */
export function checkSourceRead(session: SessionControl, volume: string): void {
  session.gateCheck(operationOf(volumeRead.gate!, argsOnly({ volume }), session.kernelView()));
}
