// A pod's containers in the container manager: made when the pod is bound (named <pod>-<name>,
// its limits, probes and restart policy, sharing the first one's net, ipc and uts namespaces),
// halted when its node fails, started again when the node recovers, removed when it leaves the
// node. The pod's restart policy maps onto part 1's: Always -> always, OnFailure -> on-failure,
// Never -> no.

import type { ContainerManager } from "../container-manager.js";
import { shareNamespaces } from "../namespaces.js";
import type { PodDefinition, PodRestartPolicy } from "./pod-definition.js";
import { memberName } from "./pod-views.js";

const RESTART_POLICY: Readonly<Record<PodRestartPolicy, string>> = { Always: "always", OnFailure: "on-failure", Never: "no" };

/** Creates and starts the pod's containers (`pulledNow`: the images kubelet pulled for them), run as `uid` (the pod subject's), their events in story `correlation`; on a failure removes the ones it made and throws. */
export function createMembers(containers: ContainerManager, def: PodDefinition, uid: number, correlation: number, pulledNow: ReadonlySet<string> = new Set()): void {
  const made: string[] = [];
  try {
    for (const spec of def.containers) {
      const name = memberName(def.name, spec.name);
      containers.createOfPod({ name, image: spec.image, pulledNow: pulledNow.has(spec.image), command: spec.command, cpuMillicores: spec.limits.cpuMillicores, memoryBytes: spec.limits.memoryBytes, restart: RESTART_POLICY[def.restartPolicy], liveness: spec.liveness, readiness: spec.readiness, startup: spec.startup, uid, correlation });
      made.push(name);
      if (made.length > 1) shareNamespaces(containers.parts.table.namespaces, containers.parts.slotOf(made[0]!), containers.parts.slotOf(name));
    }
  } catch (error) {
    for (const name of made) containers.removeOfPod(name);
    throw error;
  }
  for (const name of made) containers.start(name);
}

/** Ends every run of the pod's containers at once, unseen (its node is gone); they stay, to start again if it returns. */
export function haltMembers(containers: ContainerManager, def: PodDefinition): void {
  for (const spec of def.containers) containers.halt(memberName(def.name, spec.name));
}

/** Starts again the containers haltMembers stopped (one that had ended by itself, a Never pod's, stays ended). */
export function startMembers(containers: ContainerManager, def: PodDefinition): void {
  for (const spec of def.containers) {
    const name = memberName(def.name, spec.name);
    if (containers.show(name).state === "Stopped") containers.start(name);
  }
}

export function removeMembers(containers: ContainerManager, def: PodDefinition): void {
  for (const spec of def.containers) containers.removeOfPod(memberName(def.name, spec.name));
}

/** Memory the pod's containers hold now (memory.current summed). */
export function memberMemory(containers: ContainerManager, def: PodDefinition, nowMs: number): number {
  let bytes = 0;
  for (const spec of def.containers) bytes += containers.parts.figures(containers.parts.slotOf(memberName(def.name, spec.name)), nowMs).memoryBytes;
  return bytes;
}
