// The subsystems of this kernel, one line each, in restore order (a subsystem comes after those
// whose ports it needs: storage's distributed volumes live in the cluster). state.json holds
// each one's part under its name in this order; `status` shows them the other way round, top of
// the stack first (containers, network, storage, cluster, security, audit). The shell hands this list to
// `new Kernel(...)` and to whatever reads a state file; this file also tells src/ its type, so
// commands see typed services.
// Adding a subsystem: its folder modules/<name>/ exporting `subsystem`, its limits in
// src/limits.ts, and one line here.

import { subsystem as audit } from "./audit/index.js";
import { subsystem as cluster } from "./cluster/index.js";
import { subsystem as containers } from "./containers/index.js";
import { subsystem as network } from "./network/index.js";
import { subsystem as security } from "./security/index.js";
import { subsystem as storage } from "./storage/index.js";

export const SUBSYSTEMS = [
  audit, // the trail: every outcome is written through its port
  security, // the gate's enforcer and the labels of every object
  cluster, // the distributed block store
  storage, // volumes; distributed ones through the cluster's block devices
  network, // virtual networks, bridges and interfaces
  containers, // images, containers, their workloads, probes and restarts
] as const;


declare module "../src/subsystem.js" {
  interface Installed {
    readonly list: typeof SUBSYSTEMS;
  }
}
