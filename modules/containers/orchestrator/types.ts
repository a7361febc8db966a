// The orchestrator's vocabulary: node and pod states with their transition tables, QoS classes,
// pod phases and conditions as Kubernetes names them, and the shapes the Orchestrator hands out
// (NodeInfo for `node list`, NodeDetail for `node show`, PodInfo for `pod list`, PodDetail for
// `pod show`).
//
// Node:  add ─> Ready ─fail─> NotReady ─recover─> Ready;  Ready, NotReady ─remove─> (slot free)
//        (cordon/uncordon flip a schedulable flag; they are not states, as in Kubernetes)
// Pod:   apply ─> Pending ─bind─> Bound ─lose─> Lost ─find─> Bound   (its node failed, then recovered)
//        Lost ─evict─> Pending (rescheduled after the grace period);  Bound ─evict─> Pending (drain)
//        Bound ─fail─> Evicted (memory pressure: kubelet's eviction, the pod stays Failed)
//        any ─delete─> (slot free)
// A Bound pod's phase (Pending while its containers start, Running, Succeeded, Failed) is read
// from its containers; Lost reads Unknown.

import { defineMachine, UNALLOCATED } from "../../../src/state-machine.js";

export const NODE_STATE_NAMES = ["Ready", "NotReady"] as const;
export type NodeStateName = (typeof NODE_STATE_NAMES)[number];
export const NodeState = { Ready: 0, NotReady: 1 } as const;

export const NODE_MACHINE = defineMachine("node", NODE_STATE_NAMES, {
  add: { from: [UNALLOCATED], to: NodeState.Ready },
  fail: { from: [NodeState.Ready], to: NodeState.NotReady },
  recover: { from: [NodeState.NotReady], to: NodeState.Ready },
  remove: { from: [NodeState.Ready, NodeState.NotReady], to: UNALLOCATED },
});

export const POD_STATE_NAMES = ["Pending", "Bound", "Lost", "Evicted"] as const;
export type PodStateName = (typeof POD_STATE_NAMES)[number];
export const PodState = { Pending: 0, Bound: 1, Lost: 2, Evicted: 3 } as const;

export const POD_MACHINE = defineMachine("pod", POD_STATE_NAMES, {
  apply: { from: [UNALLOCATED], to: PodState.Pending },
  bind: { from: [PodState.Pending], to: PodState.Bound },
  lose: { from: [PodState.Bound], to: PodState.Lost },
  find: { from: [PodState.Lost], to: PodState.Bound },
  evict: { from: [PodState.Bound, PodState.Lost], to: PodState.Pending },
  fail: { from: [PodState.Bound], to: PodState.Evicted },
  delete: { from: [PodState.Pending, PodState.Bound, PodState.Lost, PodState.Evicted], to: UNALLOCATED },
});

export const POD_PHASES = ["Pending", "Running", "Succeeded", "Failed", "Unknown"] as const;
export type PodPhase = (typeof POD_PHASES)[number];

/** Kubernetes' QoS classes, from requests and limits (qos.GetPodQOS). */
export const QOS_CLASSES = ["Guaranteed", "Burstable", "BestEffort"] as const;
export type QosClass = (typeof QOS_CLASSES)[number];

export const POD_CONDITION_TYPES = ["PodScheduled", "Initialized", "ContainersReady", "Ready"] as const;
export type PodConditionType = (typeof POD_CONDITION_TYPES)[number];

/** Events of pods and nodes, as the scheduler, kubelet and the node controller name them. */
export const ORCHESTRATOR_EVENT_REASONS = ["Scheduled", "FailedScheduling", "Killing", "Evicted", "Preempting", "NodeNotReady", "NodeReady", "TaintManagerEviction", "NodeSchedulable", "NodeNotSchedulable", "RegisteredNode", "RemovingNode", "EvictionThresholdMet", "FailedMount", "Deleted", "Pulling", "Pulled", "Failed", "BackOff"] as const; // new reasons go last: saved events keep their indices
export type OrchestratorEventReason = (typeof ORCHESTRATOR_EVENT_REASONS)[number];
export const ORCHESTRATOR_WARNING_REASONS: readonly OrchestratorEventReason[] = ["FailedScheduling", "Evicted", "NodeNotReady", "EvictionThresholdMet", "FailedMount", "Failed", "BackOff"];

/** What `node add` takes. */
export interface NodeSpec {
  readonly name: string;
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly storageClient?: string; // the cluster's storage client (SDC) the node reaches distributed volumes through; default: the node's name
}

/** One row of `node list`. */
export interface NodeInfo {
  readonly name: string;
  readonly status: string; // Ready, Ready,SchedulingDisabled, NotReady, NotReady,SchedulingDisabled
  readonly cpuAllocatableMillicores: number;
  readonly memoryAllocatableBytes: number;
  readonly cpuRequestedMillicores: number;
  readonly memoryRequestedBytes: number;
  readonly pods: number;
  readonly ageMs: number;
  readonly storageClient: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** `node show`, as kubectl describe node: conditions, the pods on it, its events. */
export interface NodeDetail extends NodeInfo {
  readonly schedulable: boolean;
  readonly memoryUsedBytes: number; // what its pods' containers hold now
  readonly memoryPressure: boolean;
  readonly podNames: readonly string[];
  readonly events: readonly OrchestratorEvent[];
}

/** One row of `pod list` (-o wide adds ip and node). */
export interface PodInfo {
  readonly name: string;
  readonly ready: string; // "1/2"
  readonly phase: PodPhase;
  readonly status: string; // Pending, ContainerCreating, Running, CrashLoopBackOff, OOMKilled, Completed, Error, Terminating, Unknown, Evicted
  readonly restarts: number;
  readonly ageMs: number;
  readonly ip: string | null; // null before it has one
  readonly node: string | null; // null while unscheduled
  readonly qosClass: QosClass;
  readonly reason: string | null; // why it is Pending (the scheduler's message), Evicted, NodeLost; null otherwise
}

export interface PodCondition {
  readonly type: PodConditionType;
  readonly status: "True" | "False";
  readonly reason: string | null; // null when the condition holds
}

export interface PodContainerStatus {
  readonly name: string; // the name in the pod
  readonly container: string | null; // the part-1 container: <pod>-<name> (null before the pod is bound)
  readonly image: string;
  readonly state: string; // Waiting, Running, Terminated
  readonly reason: string | null;
  readonly ready: boolean;
  readonly restarts: number;
  readonly requests: { readonly cpuMillicores: number; readonly memoryBytes: number };
  readonly limits: { readonly cpuMillicores: number; readonly memoryBytes: number };
  readonly mounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly: boolean }[]; // its volumeMounts
}

/** `pod show`, as kubectl describe pod. */
export interface PodDetail extends PodInfo {
  readonly labels: Readonly<Record<string, string>>;
  readonly restartPolicy: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly uid: number;
  readonly gid: number;
  readonly correlation: number; // the audit trail's story this pod's events belong to (0: none yet)
  readonly createdMs: number;
  readonly conditions: readonly PodCondition[];
  readonly containers: readonly PodContainerStatus[];
  readonly volumes: readonly { readonly name: string; readonly volume: string; readonly readOnly: boolean }[];
  readonly networks: readonly string[];
  readonly events: readonly OrchestratorEvent[]; // the pod's own and its containers', oldest first
}

export interface OrchestratorEvent {
  readonly timeMs: number;
  readonly type: "Normal" | "Warning";
  readonly reason: string;
  readonly object: string; // pod/<name>, node/<name>, or a container's name
  readonly message: string;
}
