// What a pod looks like from outside, read from its row and its containers at `now` (nothing here
// changes anything): its phase, kubectl's STATUS and READY, restarts, conditions, and the rows of
// `pod list` and `pod show`. A Bound pod's phase follows its containers as kubelet reports it:
// Pending while one is still being created, Succeeded or Failed once every one has ended for good
// (exit 0 everywhere, or not), Running otherwise; a Lost pod (its node NotReady) is Unknown.

import { pullStatus } from "./image-pull.js";
import type { ContainerManager } from "../container-manager.js";
import type { ContainerDetail } from "../types.js";
import type { NodeTable } from "./node-table.js";
import type { PodTable } from "./pod-table.js";
import { mountsReadOnly } from "./pod-definition.js";
import { effectiveRequests } from "./resources.js";
import { PodState, QOS_CLASSES, type OrchestratorEvent, type PodCondition, type PodContainerStatus, type PodDetail, type PodInfo, type PodPhase } from "./types.js";

export interface PodViewParts {
  readonly pods: PodTable;
  readonly nodes: NodeTable;
  readonly containers: ContainerManager;
}

export const memberName = (pod: string, container: string): string => `${pod}-${container}`;

/** The part-1 containers of a bound pod, in the definition's order (none while Pending or Evicted). */
export function members(parts: PodViewParts, slot: number): ContainerDetail[] {
  const state = parts.pods.p.state[slot]!;
  if (state !== PodState.Bound && state !== PodState.Lost) return [];
  const pod = parts.pods.slots.nameOf(slot);
  return parts.pods.definition(slot).containers.map((spec) => parts.containers.show(memberName(pod, spec.name)));
}

/** A container that has ended and will not run again by itself (its restart policy says no, or it was stopped). */
const ended = (d: ContainerDetail) => d.kubernetesState === "Terminated" && d.nextActionMs === null && d.state !== "Restarting";

function phaseOf(state: number, details: readonly ContainerDetail[]): PodPhase {
  if (state === PodState.Lost) return "Unknown";
  if (state === PodState.Evicted) return "Failed";
  if (state === PodState.Pending) return "Pending";
  if (details.every(ended)) return details.every((d) => d.exitCode === 0) ? "Succeeded" : "Failed";
  if (details.some((d) => d.kubernetesReason === "ContainerCreating") && !details.some((d) => d.kubernetesState === "Running")) return "Pending";
  return "Running";
}

/** kubectl get pod's STATUS: a container's waiting or terminated reason when there is one, else the phase. */
function statusOf(state: number, phase: PodPhase, details: readonly ContainerDetail[], podReason: string): string {
  if (state === PodState.Evicted) return "Evicted";
  if (state === PodState.Pending) return pullStatus(podReason) ?? phase;
  if (phase === "Unknown") return phase;
  if (phase === "Succeeded") return "Completed";
  const reason = details.find((d) => d.kubernetesReason !== null)?.kubernetesReason ?? "";
  if (reason === "" || (reason === "Completed" && details.some((d) => d.kubernetesState === "Running"))) return phase;
  return reason;
}

export function podInfo(parts: PodViewParts, slot: number, nowMs: number, details = members(parts, slot)): PodInfo {
  const p = parts.pods.p;
  const state = p.state[slot]!;
  const phase = phaseOf(state, details);
  const node = p.node[slot]!;
  const total = parts.pods.definition(slot).containers.length;
  return {
    name: parts.pods.slots.nameOf(slot),
    ready: `${details.filter((d) => d.ready && d.kubernetesState === "Running").length}/${total}`,
    phase,
    status: statusOf(state, phase, details, p.reason[slot]!),
    restarts: details.reduce((sum, d) => sum + d.restarts, 0),
    ageMs: nowMs - p.createdMs[slot]!,
    ip: p.ip[slot] || null,
    node: node < 0 ? null : parts.nodes.slots.nameOf(node),
    qosClass: QOS_CLASSES[parts.pods.qos[slot]!]!,
    reason: p.reason[slot] || null,
  };
}

function conditionsOf(state: number, info: PodInfo, details: readonly ContainerDetail[]): PodCondition[] {
  const scheduled = state === PodState.Bound || state === PodState.Lost;
  const allReady = scheduled && details.length > 0 && details.every((d) => d.ready && d.kubernetesState === "Running") && state !== PodState.Lost;
  const notReady = state === PodState.Lost ? "NodeLost" : "ContainersNotReady";
  return [
    { type: "PodScheduled", status: scheduled ? "True" : "False", reason: scheduled || state === PodState.Evicted ? null : "Unschedulable" },
    { type: "Initialized", status: scheduled ? "True" : "False", reason: null },
    { type: "ContainersReady", status: allReady ? "True" : "False", reason: allReady ? null : notReady },
    { type: "Ready", status: allReady ? "True" : "False", reason: allReady ? null : info.phase === "Succeeded" ? "PodCompleted" : notReady },
  ];
}

export function podDetail(parts: PodViewParts, slot: number, nowMs: number, events: readonly OrchestratorEvent[]): PodDetail {
  const p = parts.pods.p;
  const def = parts.pods.definition(slot);
  const details = members(parts, slot);
  const info = podInfo(parts, slot, nowMs, details);
  const containers: PodContainerStatus[] = def.containers.map((spec, i) => {
    const d = details[i];
    return {
      name: spec.name,
      container: d === undefined ? null : d.name,
      image: spec.image,
      state: d?.kubernetesState ?? "Waiting",
      reason: d !== undefined ? d.kubernetesReason : p.state[slot] === PodState.Evicted ? null : "ContainerCreating",
      ready: d !== undefined && d.ready && d.kubernetesState === "Running",
      restarts: d?.restarts ?? 0,
      requests: effectiveRequests(spec),
      limits: spec.limits,
      mounts: spec.volumeMounts,
    };
  });
  return {
    ...info,
    labels: def.labels,
    restartPolicy: def.restartPolicy,
    nodeSelector: def.nodeSelector,
    uid: p.uid[slot]!,
    gid: p.gid[slot]!,
    correlation: p.correlation[slot]!,
    createdMs: p.createdMs[slot]!,
    conditions: conditionsOf(p.state[slot]!, info, details),
    containers,
    volumes: def.volumes.map((volume) => ({ ...volume, readOnly: mountsReadOnly(def, volume) })), // as storage mounts it
    networks: def.networks,
    events,
  };
}
