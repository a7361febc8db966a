// Starting a capture discards the frames a stopped one holds (one ring). Those frames are their
// network's traffic: only one who may read them (as `net capture show` is decided) may discard them
// that way; anyone else is refused, naming whose capture and how many frames, until its holder
// saves them (net capture save) or clears them (net capture clear).

import { fail } from "../../../../src/errors.js";
import type { KernelServices } from "../../../../src/kernel.js";
import { countOf } from "../../../../src/units.js";
import type { SessionControl } from "../../../command.js";
import { captureReads } from "../readable.js";

/** Refuses (EBUSY) a start that would discard held frames the session's user may not read. */
export function requireDiscardable(kernel: KernelServices, session: SessionControl): void {
  const held = kernel.network.captureHeld();
  if (held === undefined || captureReads(session.kernelView()).every((operation) => kernel.security.permits(session.subject, operation))) return;
  const holder = held.uid === undefined ? "another user" : kernel.security.accounts.nameOfUid(held.uid);
  fail(
    "EBUSY",
    `${holder}'s stopped capture of ${held.target} holds ${countOf(held.frames, "frame")} you may not read: a new capture would discard them`,
    `${holder} saves them (net capture save <file.pcap>) or clears them (net capture clear)`,
  );
}
