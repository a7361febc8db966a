// The orchestrator's common ground (orchestrator.ts tells the whole): its node and pod tables,
// event logs and ports, the reads (nodes, node, pods, pod, podLogs) and the helpers every part
// uses. The parts stack on it: scheduling.ts (filter, score, bind, unbind, retries), evictions.ts
// (cordon, drain, node failure, lost pods, memory pressure), orchestrator.ts (the interface).

import type { Clock } from "../../../src/clock.js";
import type { DecisionPort, PodSubject } from "../../../src/decisions.js";
import { fail } from "../../../src/errors.js";
import { NODE_COUNT_MAX, NODE_EVICTION_MEMORY_BYTES } from "../../../src/limits.js";
import type { AuditTrail } from "../../../src/ports.js";
import type { Rng } from "../../../src/rng.js";
import { transition } from "../../../src/state-machine.js";
import type { ContainerManager } from "../container-manager.js";
import { EventLog } from "../events.js";
import type { LogLine } from "../types.js";
import { NO_ATTACHMENTS, type BoundPod, type NodeAddress, type PodAttachmentsSeam } from "./attachments-seam.js";
import { memberMemory } from "./members.js";
import { NodeTable } from "./node-table.js";
import { PodTable } from "./pod-table.js";
import { memberName, podDetail, podInfo, type PodViewParts } from "./pod-views.js";
import type { SchedulerNodes } from "./scheduler.js";
import { NodeState, ORCHESTRATOR_EVENT_REASONS, ORCHESTRATOR_WARNING_REASONS, POD_MACHINE, PodState, type NodeDetail, type NodeInfo, type OrchestratorEvent, type OrchestratorEventReason, type PodDetail, type PodInfo } from "./types.js";

export interface OrchestratorPorts {
  readonly trail: AuditTrail;
  readonly attachments?: PodAttachmentsSeam;
  /** The pod subject and the running command's correlation id (sec's); absent: the pod runs as asked, its story is 0. */
  readonly decisions?: DecisionPort;
}

export const NONE = -1;
const vocabulary = (path: string) => ({ reasons: ORCHESTRATOR_EVENT_REASONS, warnings: ORCHESTRATOR_WARNING_REASONS, action: `${path}.event`, pathOf: (object: string) => `${path}/${object}` });

/** The orchestrator's tables, events and ports, and what every part of it reads: the node and pod views and the small helpers. */
export class OrchestratorBase {
  readonly nodeTable = new NodeTable();
  readonly podTable = new PodTable();
  protected readonly podEvents: EventLog<OrchestratorEventReason>;
  protected readonly nodeEvents: EventLog<OrchestratorEventReason>;
  protected readonly scheduler: SchedulerNodes;
  protected readonly reasons = new Uint8Array(NODE_COUNT_MAX);
  protected readonly ask = { cpuMillicores: 0, memoryBytes: 0, cpuScored: 0, memoryScored: 0 }; // the pod being scheduled (reused: a decision allocates nothing)
  protected nextPodSerial = 0;
  protected pressureTimerArmed = false;
  protected retryArmedMs = NONE; // the due time of the live retry timer (an older one, superseded, does nothing)

  constructor(
    protected readonly containers: ContainerManager,
    protected readonly clock: Clock,
    protected readonly rng: Rng,
    protected readonly ports: OrchestratorPorts,
  ) {
    this.podEvents = new EventLog(() => ports.trail, vocabulary("pod"));
    this.nodeEvents = new EventLog(() => ports.trail, vocabulary("node"));
    const t = this.nodeTable;
    this.scheduler = { used: t.slots.used, ready: t.n.state, schedulable: t.n.schedulable, cpuAllocatable: t.n.cpuAllocatable, memoryAllocatable: t.n.memoryAllocatable, cpuRequested: t.cpuRequested, memoryRequested: t.memoryRequested, cpuScored: t.cpuScored, memoryScored: t.memoryScored, openMask: t.openMask };
  }

  protected get now(): number {
    return this.clock.now();
  }

  protected get attachments(): PodAttachmentsSeam {
    return this.ports.attachments ?? NO_ATTACHMENTS;
  }

  protected get views(): PodViewParts {
    return { pods: this.podTable, nodes: this.nodeTable, containers: this.containers };
  }

  nodes(): NodeInfo[] {
    return this.nodeTable.slots.slots().map((slot) => this.nodeInfo(slot)).sort(byName);
  }

  node(name: string): NodeDetail {
    const slot = this.nodeTable.slots.find(name);
    const used = this.memoryUsedOn(slot);
    const pods = this.podsOn(slot);
    return {
      ...this.nodeInfo(slot),
      schedulable: this.nodeTable.n.schedulable[slot] === 1,
      memoryUsedBytes: used,
      memoryPressure: this.nodeTable.n.memoryAllocatable[slot]! - used < NODE_EVICTION_MEMORY_BYTES,
      podNames: pods.map((pod) => this.podTable.slots.nameOf(pod)).sort(),
      events: this.nodeEvents.list(name).map((e) => ({ ...e, object: `node/${e.object}` })),
    };
  }

  nodeNames(): string[] {
    return this.nodeTable.slots.slots().map((slot) => this.nodeTable.slots.nameOf(slot)).sort();
  }

  pods(): PodInfo[] {
    return this.podTable.slots.slots().map((slot) => podInfo(this.views, slot, this.now)).sort(byName);
  }

  pod(name: string): PodDetail {
    const slot = this.podTable.slots.find(name);
    const def = this.podTable.definition(slot);
    const own: OrchestratorEvent[] = this.podEvents.list(name).map((e) => ({ ...e, object: `pod/${e.object}` }));
    const theirs = def.containers.flatMap((spec) => ownEvents(this.containers.parts.events.list(memberName(name, spec.name)), this.podTable.p.createdMs[slot]!));
    const events = [...own, ...theirs].sort((a, b) => a.timeMs - b.timeMs);
    return podDetail(this.views, slot, this.now, events);
  }

  /** kubectl logs: one container's lines (which one must be said when the pod has several). */
  podLogs(pod: string, container?: string, options: { readonly tail?: number; readonly sinceMs?: number } = {}): LogLine[] {
    const slot = this.podTable.slots.find(pod);
    const names = this.podTable.definition(slot).containers.map((spec) => spec.name);
    if (container === undefined && names.length > 1) fail("EINVAL", `a container name must be specified for pod ${pod}, choose one of: [${names.join(" ")}]`, `pod logs ${pod} -c ${names[0]}`);
    const chosen = container ?? names[0]!;
    if (!names.includes(chosen)) fail("ENOENT", `container ${chosen} is not valid for pod ${pod}`, `one of: ${names.join(", ")}`);
    if (this.podTable.p.node[slot]! < 0) fail("EBUSY", `container "${chosen}" in pod "${pod}" is waiting to start: ${this.podTable.p.state[slot] === PodState.Evicted ? "the pod was evicted" : "ContainerCreating"}`);
    return this.containers.logs(memberName(pod, chosen), options);
  }

  /** Who applied pod `name` and the subject it runs as, both fixed at apply (sec why decides as it). */
  podSubject(name: string): { readonly subject: PodSubject; readonly appliedBy: { readonly uid: number; readonly gid: number } } {
    const slot = this.podTable.slots.find(name);
    return { subject: this.podTable.subject(slot), appliedBy: { uid: this.podTable.p.uid[slot]!, gid: this.podTable.p.gid[slot]! } };
  }

  /** The pod whose container `container` is (one bound to or lost on a node: only then are its containers made), if any. */
  podOf(container: string): string | undefined {
    const pod = this.reservedBy(container);
    return pod !== undefined && this.podTable.p.node[this.podTable.slots.find(pod)]! >= 0 ? pod : undefined;
  }

  /** The pod whose container is named `container`, in any state (a Pending pod's is still to be made): no one else may take the name. */
  reservedBy(container: string): string | undefined {
    const t = this.podTable;
    for (const slot of t.slots.slots()) {
      const pod = t.slots.nameOf(slot);
      if (t.definition(slot).containers.some((spec) => memberName(pod, spec.name) === container)) return pod;
    }
    return undefined;
  }

  podNames(): string[] {
    return this.podTable.slots.slots().map((slot) => this.podTable.slots.nameOf(slot)).sort();
  }

  protected boundPod(slot: number): BoundPod {
    return { def: this.podTable.definition(slot), subject: this.podTable.subject(slot), correlation: this.podTable.p.correlation[slot]! };
  }

  protected addressOf(node: number): NodeAddress {
    return this.nodeTable.address(node);
  }

  /** Pods bound to (or lost on) node `node`, oldest first. */
  protected podsOn(node: number): number[] {
    const t = this.podTable;
    return t.slots.slots().filter((slot) => t.p.node[slot] === node).sort((a, b) => t.p.serial[a]! - t.p.serial[b]!);
  }

  protected memoryUsedOn(node: number): number {
    return this.podsOn(node).reduce((sum, pod) => sum + (this.podTable.p.state[pod] === PodState.Bound ? memberMemory(this.containers, this.podTable.definition(pod), this.now) : 0), 0);
  }

  protected movePod(slot: number, action: keyof typeof POD_MACHINE.actions): void {
    this.podTable.p.state[slot] = transition(POD_MACHINE, () => this.podTable.slots.nameOf(slot), this.podTable.p.state[slot]!, action);
  }

  protected podEvent(slot: number, reason: OrchestratorEventReason, message: string): void {
    const correlation = this.podTable.p.correlation[slot]!;
    this.podEvents.record(this.now, reason, this.podTable.slots.nameOf(slot), this.podTable.p.uid[slot]!, message, correlation === 0 ? undefined : correlation);
  }

  protected nodeEvent(slot: number, reason: OrchestratorEventReason, message: string): void {
    this.nodeEvents.record(this.now, reason, this.nodeTable.slots.nameOf(slot), 0, message);
  }

  protected nodeInfo(slot: number): NodeInfo {
    const t = this.nodeTable;
    const ready = t.n.state[slot] === NodeState.Ready ? "Ready" : "NotReady";
    return {
      name: t.slots.nameOf(slot),
      status: t.n.schedulable[slot] === 1 ? ready : `${ready},SchedulingDisabled`,
      cpuAllocatableMillicores: t.n.cpuAllocatable[slot]!,
      memoryAllocatableBytes: t.n.memoryAllocatable[slot]!,
      cpuRequestedMillicores: t.cpuRequested[slot]!,
      memoryRequestedBytes: t.memoryRequested[slot]!,
      pods: t.podCount[slot]!,
      ageMs: this.now - t.n.createdMs[slot]!,
      storageClient: t.n.storageClient[slot]!,
      labels: t.labels(slot),
    };
  }
}

export const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * A pod's container's events: from the pod's apply on, and after the removal of any container
 * that held the name before (removed in the same millisecond as the apply): never another's.
 */
function ownEvents<E extends { readonly timeMs: number; readonly reason: string }>(events: readonly E[], createdMs: number): E[] {
  let from = 0;
  events.forEach((e, i) => {
    if (e.reason === "Removed" && e.timeMs <= createdMs) from = i + 1;
  });
  return events.slice(from).filter((e) => e.timeMs >= createdMs);
}
