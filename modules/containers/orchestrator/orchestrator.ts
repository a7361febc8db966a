// The Orchestrator (kernel.containers.orchestrator): worker nodes, pods and the scheduler, as
// Kubernetes has them in outline, over the container manager's containers (a pod's containers are
// ordinary ones named <pod>-<container>).
//
// Nodes (node-table.ts): Ready <-> NotReady (fail/recover), a schedulable flag (cordon/uncordon).
// Pods (pod-table.ts): Pending -> Bound (the scheduler chose a node: attachments bound, containers
// made and started) -> Lost (its node went NotReady: containers halted, phase Unknown) -> Bound
// again if the node recovers, or Pending after POD_EVICTION_GRACE_MS (TaintManagerEviction) and
// scheduled elsewhere. `drain` evicts a node's pods the same way, at once. Under memory pressure
// a node's kubelet evicts pods (BestEffort first, then Burstable, then Guaranteed; within a class
// by usage over request): they stay Evicted (phase Failed) until deleted.
//
// Scheduling (scheduler.ts) runs when a pod is applied, and again for every Pending pod, oldest
// first, whenever something that may let one fit changes: a node added, uncordoned or recovered,
// a pod deleted or evicted, and on a back-off timer (retry-backoff.ts: a volume or network that
// appears later). Each retry that fails for a new reason records FailedScheduling.
// Everything timed (the grace period, the memory checks) runs on the kernel clock.
//
// Interface, in call order: addNode -> apply -> (clock) -> cordon/uncordon, drain, failNode,
// recoverNode -> deletePod -> removeNode. Reads: nodes, node, pods, pod, podLogs, podNames,
// nodeNames. Typical: addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8G });
// apply(web, owner) -> web Bound to w1; failNode("w1"); sleep 5m; web is Running on w2.

import { assert } from "../../../src/assert.js";
import type { Clock } from "../../../src/clock.js";
import type { DecisionPort, PodSubject } from "../../../src/decisions.js";
import { fail, isKernelError } from "../../../src/errors.js";
import { NODE_COUNT_MAX, NODE_CPU_MILLICORES_MAX, NODE_EVICTION_CHECK_MS, NODE_EVICTION_MEMORY_BYTES, NODE_MEMORY_BYTES_MAX, POD_EVICTION_GRACE_MS } from "../../../src/limits.js";
import type { AuditTrail } from "../../../src/ports.js";
import type { Rng } from "../../../src/rng.js";
import { transition, UNALLOCATED } from "../../../src/state-machine.js";
import { validateName } from "../../../src/table/slot-table.js";
import { formatBytes } from "../../../src/units.js";
import type { ContainerManager } from "../container-manager.js";
import { EventLog, type SavedEvent } from "../events.js";
import type { LogLine } from "../types.js";
import { NO_ATTACHMENTS, type BoundPod, type NodeAddress, type PodAttachmentsSeam } from "./attachments-seam.js";
import { labelsText, selects } from "./labels.js";
import { createMembers, haltMembers, memberMemory, removeMembers, startMembers } from "./members.js";
import { NodeTable, type SavedNodeRow } from "./node-table.js";
import type { PodDefinition } from "./pod-definition.js";
import { PodTable, type SavedPodRow } from "./pod-table.js";
import { memberName, podDetail, podInfo, type PodViewParts } from "./pod-views.js";
import { pullImages } from "./image-pull.js";
import { nextRetryMs } from "./retry-backoff.js";
import { candidateNodes, filterReasons, selectNode, unschedulableMessage, type PodAsk, type SchedulerNodes } from "./scheduler.js";
import { NODE_MACHINE, NodeState, ORCHESTRATOR_EVENT_REASONS, ORCHESTRATOR_WARNING_REASONS, POD_MACHINE, PodState, QOS_CLASSES, type NodeDetail, type NodeInfo, type NodeSpec, type OrchestratorEvent, type OrchestratorEventReason, type PodDetail, type PodInfo } from "./types.js";
import { validateDefinition } from "./validate.js";

export interface OrchestratorPorts {
  readonly trail: AuditTrail;
  readonly attachments?: PodAttachmentsSeam;
  /** The pod subject and the running command's correlation id (sec's); absent: the pod runs as asked, its story is 0. */
  readonly decisions?: DecisionPort;
}

/** Who applies a pod: a pod is never above its applier (decisions.podSubject). */
export interface PodOwner {
  readonly uid: number;
  readonly gid: number;
  readonly name?: string; // for messages; "uid N" when absent
}

export interface SavedOrchestrator {
  readonly nodes: SavedNodeRow[];
  readonly pods: SavedPodRow[];
  readonly podEvents: SavedEvent[];
  readonly nodeEvents: SavedEvent[];
  readonly nextPodSerial: number;
}

const NONE = -1;
const vocabulary = (path: string) => ({ reasons: ORCHESTRATOR_EVENT_REASONS, warnings: ORCHESTRATOR_WARNING_REASONS, action: `${path}.event`, pathOf: (object: string) => `${path}/${object}` });

export class Orchestrator {
  readonly nodeTable = new NodeTable();
  readonly podTable = new PodTable();
  private readonly podEvents: EventLog<OrchestratorEventReason>;
  private readonly nodeEvents: EventLog<OrchestratorEventReason>;
  private readonly scheduler: SchedulerNodes;
  private readonly reasons = new Uint8Array(NODE_COUNT_MAX);
  private readonly ask = { cpuMillicores: 0, memoryBytes: 0, cpuScored: 0, memoryScored: 0 }; // the pod being scheduled (reused: a decision allocates nothing)
  private nextPodSerial = 0;
  private pressureTimerArmed = false;
  private retryArmedMs = NONE; // the due time of the live retry timer (an older one, superseded, does nothing)

  constructor(
    private readonly containers: ContainerManager,
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly ports: OrchestratorPorts,
  ) {
    this.podEvents = new EventLog(() => ports.trail, vocabulary("pod"));
    this.nodeEvents = new EventLog(() => ports.trail, vocabulary("node"));
    const t = this.nodeTable;
    this.scheduler = { used: t.slots.used, ready: t.n.state, schedulable: t.n.schedulable, cpuAllocatable: t.n.cpuAllocatable, memoryAllocatable: t.n.memoryAllocatable, cpuRequested: t.cpuRequested, memoryRequested: t.memoryRequested, cpuScored: t.cpuScored, memoryScored: t.memoryScored, openMask: t.openMask };
  }

  private get now(): number {
    return this.clock.now();
  }

  private get attachments(): PodAttachmentsSeam {
    return this.ports.attachments ?? NO_ATTACHMENTS;
  }

  private get views(): PodViewParts {
    return { pods: this.podTable, nodes: this.nodeTable, containers: this.containers };
  }

  // ---- nodes

  addNode(spec: NodeSpec): NodeInfo {
    checkAmount(spec.cpuMillicores, NODE_CPU_MILLICORES_MAX, "node CPU (millicores)", "NODE_CPU_MILLICORES_MAX");
    checkAmount(spec.memoryBytes, NODE_MEMORY_BYTES_MAX, "node memory (bytes)", "NODE_MEMORY_BYTES_MAX");
    const labels = labelsText(spec.labels ?? {}, `node '${spec.name}'`);
    const storageClient = spec.storageClient ?? spec.name;
    validateName("storage client", storageClient);
    const t = this.nodeTable;
    const slot = t.slots.allocate(spec.name);
    t.n.state[slot] = transition(NODE_MACHINE, spec.name, UNALLOCATED, "add");
    t.n.schedulable[slot] = 1;
    t.n.cpuAllocatable[slot] = spec.cpuMillicores;
    t.n.memoryAllocatable[slot] = spec.memoryBytes;
    t.n.createdMs[slot] = this.now;
    t.n.notReadyMs[slot] = NONE;
    t.n.storageClient[slot] = storageClient;
    t.setLabels(slot, labels);
    t.reopen();
    this.nodeEvent(slot, "RegisteredNode", `Node ${spec.name} event: Registered Node ${spec.name} in Controller`);
    for (const pod of this.podTable.slots.slots()) this.matchSelector(pod);
    this.scheduleAll();
    return this.nodeInfo(slot);
  }

  /** Refused while pods are on it (drain it first); an empty node goes. */
  removeNode(name: string): NodeInfo {
    const slot = this.nodeTable.slots.find(name);
    const here = this.podsOn(slot);
    if (here.length > 0) fail("EBUSY", `node '${name}' has ${here.length} pod(s): ${here.map((pod) => this.podTable.slots.nameOf(pod)).join(", ")}`, `node drain ${name}`);
    const info = this.nodeInfo(slot);
    transition(NODE_MACHINE, name, this.nodeTable.n.state[slot]!, "remove");
    this.nodeEvent(slot, "RemovingNode", `Node ${name} event: Removing Node ${name} from Controller`);
    this.nodeTable.free(slot);
    return info;
  }

  /** `already`: it was cordoned before (kubectl's "node/w1 already cordoned"). */
  cordon(name: string): NodeInfo & { readonly already: boolean } {
    const slot = this.nodeTable.slots.find(name);
    const already = this.nodeTable.n.schedulable[slot] === 0;
    if (!already) {
      this.nodeTable.n.schedulable[slot] = 0;
      this.nodeTable.reopen();
      this.nodeEvent(slot, "NodeNotSchedulable", `Node ${name} status is now: NodeNotSchedulable`);
    }
    return { ...this.nodeInfo(slot), already };
  }

  /** `already`: it was schedulable before (kubectl's "node/w1 already uncordoned"). */
  uncordon(name: string): NodeInfo & { readonly already: boolean } {
    const slot = this.nodeTable.slots.find(name);
    const already = this.nodeTable.n.schedulable[slot] === 1;
    if (!already) {
      this.nodeTable.n.schedulable[slot] = 1;
      this.nodeTable.reopen();
      this.nodeEvent(slot, "NodeSchedulable", `Node ${name} status is now: NodeSchedulable`);
      this.scheduleAll();
    }
    return { ...this.nodeInfo(slot), already };
  }

  /** kubectl drain: cordon, then evict every pod on the node; they are scheduled again elsewhere. */
  drain(name: string): { evicted: string[]; alreadyCordoned: boolean } {
    const slot = this.nodeTable.slots.find(name);
    const alreadyCordoned = this.cordon(name).already;
    const evicted = this.podsOn(slot).map((pod) => {
      this.podEvent(pod, "Evicted", `Evicted from node ${name} (drain)`);
      this.unbind(pod);
      return this.podTable.slots.nameOf(pod);
    });
    this.scheduleAll();
    return { evicted, alreadyCordoned };
  }

  /** The node stops answering: NotReady; its pods' containers halt and the pods go Unknown, evicted after POD_EVICTION_GRACE_MS. */
  failNode(name: string): NodeInfo {
    const slot = this.nodeTable.slots.find(name);
    const t = this.nodeTable;
    t.n.state[slot] = transition(NODE_MACHINE, name, t.n.state[slot]!, "fail");
    t.reopen();
    t.n.notReadyMs[slot] = this.now;
    this.nodeEvent(slot, "NodeNotReady", `Node ${name} status is now: NodeNotReady`);
    for (const pod of this.podsOn(slot)) {
      haltMembers(this.containers, this.podTable.definition(pod));
      this.movePod(pod, "lose");
      this.podTable.p.lostMs[pod] = this.now;
      this.podEvent(pod, "NodeNotReady", `Node ${name} is not ready`);
    }
    this.armLostTimer();
    return this.nodeInfo(slot);
  }

  /** The node answers again: Ready; pods still on it (within the grace period) start their containers again. */
  recoverNode(name: string): NodeInfo {
    const slot = this.nodeTable.slots.find(name);
    const t = this.nodeTable;
    t.n.state[slot] = transition(NODE_MACHINE, name, t.n.state[slot]!, "recover");
    t.reopen();
    t.n.notReadyMs[slot] = NONE;
    this.nodeEvent(slot, "NodeReady", `Node ${name} status is now: NodeReady`);
    for (const pod of this.podsOn(slot)) {
      this.movePod(pod, "find");
      this.podTable.p.lostMs[pod] = NONE;
      startMembers(this.containers, this.podTable.definition(pod));
    }
    this.scheduleAll();
    return this.nodeInfo(slot);
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

  // ---- pods

  /** Creates the pod and schedules it at once (Pending with the scheduler's reason if no node fits); the same definition again is unchanged, new labels configure it, other changes are refused as the API server refuses them. */
  apply(def: PodDefinition, owner: PodOwner): { pod: PodInfo; action: "created" | "unchanged" | "configured" } {
    validateDefinition(def);
    const t = this.podTable;
    if (t.slots.has(def.name)) return this.reapply(t.slots.find(def.name), def);
    const subject = this.subjectFor(def, owner);
    const slot = t.slots.allocate(def.name);
    t.p.state[slot] = transition(POD_MACHINE, def.name, UNALLOCATED, "apply");
    t.p.node[slot] = NONE;
    t.p.serial[slot] = this.nextPodSerial++;
    t.p.createdMs[slot] = this.now;
    t.p.boundMs[slot] = NONE;
    t.p.lostMs[slot] = NONE;
    t.p.uid[slot] = owner.uid;
    t.p.gid[slot] = owner.gid;
    t.p.correlation[slot] = this.ports.decisions?.current() ?? 0;
    t.setSubject(slot, subject);
    t.setDefinition(slot, def);
    this.matchSelector(slot);
    this.schedule(slot);
    return { pod: podInfo(this.views, slot, this.now), action: "created" };
  }

  /** Removes the pod and its containers at once, unbinding its attachments; pods waiting may fit now. */
  deletePod(name: string): PodInfo {
    const slot = this.podTable.slots.find(name);
    const info = podInfo(this.views, slot, this.now);
    if (this.podTable.p.node[slot]! >= 0) {
      this.podEvent(slot, "Killing", `Stopping ${this.podTable.definition(slot).containers.length} container(s) of pod ${name}`);
      this.unbind(slot);
    }
    this.podEvent(slot, "Deleted", `Deleted pod ${name}`);
    transition(POD_MACHINE, name, this.podTable.p.state[slot]!, "delete");
    this.podTable.free(slot);
    this.scheduleAll();
    return info;
  }

  pods(): PodInfo[] {
    return this.podTable.slots.slots().map((slot) => podInfo(this.views, slot, this.now)).sort(byName);
  }

  pod(name: string): PodDetail {
    const slot = this.podTable.slots.find(name);
    const def = this.podTable.definition(slot);
    const own: OrchestratorEvent[] = this.podEvents.list(name).map((e) => ({ ...e, object: `pod/${e.object}` }));
    const theirs = def.containers.flatMap((spec) => this.containers.parts.events.list(memberName(name, spec.name)).filter((e) => e.timeMs >= this.podTable.p.createdMs[slot]!));
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

  podNames(): string[] {
    return this.podTable.slots.slots().map((slot) => this.podTable.slots.nameOf(slot)).sort();
  }

  // ---- the scheduler

  /** Every Pending pod, oldest first, tries again. */
  private scheduleAll(): void {
    const t = this.podTable;
    const pending = t.slots.slots().filter((slot) => t.p.state[slot] === PodState.Pending).sort((a, b) => t.p.serial[a]! - t.p.serial[b]!);
    for (const slot of pending) this.schedule(slot);
  }

  /** Filter and score the nodes for Pending pod `slot`; bind it to the best, or keep the reason it waits. */
  private schedule(slot: number): void {
    const best = this.decide(slot);
    if (best < 0) this.waiting(slot, "FailedScheduling", this.whyNot(slot));
    else this.bind(slot, best);
  }

  /**
   * The node the scheduler would pick for pod `name` now ("" when none fits): the decision a
   * Pending pod's next try makes, binding nothing; for a pod already on a node, as if it were
   * placed anew (its requests still count where it is). A tie still draws from the seeded PRNG.
   */
  wouldSchedule(name: string): string {
    const best = this.decide(this.podTable.slots.find(name));
    return best < 0 ? "" : this.nodeTable.slots.nameOf(best);
  }

  /** The scheduler's pick for pod `slot`, or -1. Allocates nothing; asks the attachments only for a pod that has some. */
  private decide(slot: number): number {
    const t = this.podTable;
    const unreachable = t.attached[slot] === 1 ? this.unreachableMask(slot) : 0;
    return selectNode(this.scheduler, this.askOf(slot), candidateNodes(this.scheduler, t.selectorMask[slot]!, unreachable), this.rng);
  }

  /** The pod's requests as the scheduler reads them (one object, reused). */
  private askOf(slot: number): PodAsk {
    const t = this.podTable;
    const ask = this.ask;
    ask.cpuMillicores = t.cpuRequest[slot]!;
    ask.memoryBytes = t.memoryRequest[slot]!;
    ask.cpuScored = t.cpuScored[slot]!;
    ask.memoryScored = t.memoryScored[slot]!;
    return ask;
  }

  /** The nodes (a bit a slot) that could take pod `slot` but not reach its volumes or networks, as the attachments say. */
  private unreachableMask(slot: number): number {
    const n = this.nodeTable.n;
    const def = this.podTable.definition(slot);
    let mask = 0;
    for (const node of this.nodeTable.slots.slots()) {
      const candidate = n.state[node] === NodeState.Ready && n.schedulable[node] === 1 && ((this.podTable.selectorMask[slot]! >>> node) & 1) === 1;
      if (candidate && this.attachments.unreachable(def, this.nodeTable.address(node)) !== undefined) mask |= 1 << node;
    }
    return mask;
  }

  /** kube-scheduler's message after `decide` found no node for pod `slot`. */
  private whyNot(slot: number): string {
    const t = this.podTable;
    const def = t.definition(slot);
    filterReasons(this.scheduler, this.askOf(slot), t.selectorMask[slot]!, t.attached[slot] === 1 ? this.unreachableMask(slot) : 0, this.reasons);
    return unschedulableMessage(this.nodeTable.slots.used, this.reasons, (node) => this.attachments.unreachable(def, this.nodeTable.address(node)) ?? "");
  }

  /** Which nodes pod `slot`'s nodeSelector matches, one bit a node slot (at apply, and for every pod when a node is added). */
  private matchSelector(slot: number): void {
    const selector = this.podTable.definition(slot).nodeSelector;
    let mask = 0;
    for (const node of this.nodeTable.slots.slots()) if (selects(selector, this.nodeTable.labels(node))) mask |= 1 << node;
    this.podTable.selectorMask[slot] = mask;
  }

  private bind(slot: number, node: number): void {
    const t = this.podTable;
    const def = t.definition(slot);
    const nodeName = this.nodeTable.slots.nameOf(node);
    const pulls: [OrchestratorEventReason, string][] = []; // kubelet's, told after Scheduled
    const failedPull = pullImages(this.containers.images, def.containers.map((spec) => spec.image), t.p.reason[slot]!, (reason, message) => pulls.push([reason, message]));
    if (failedPull !== undefined) {
      for (const [reason, message] of pulls) this.podEvent(slot, reason, message);
      this.waiting(slot, ...failedPull);
      return;
    }
    let ip: string;
    try {
      ip = this.attachments.bind(this.boundPod(slot), this.addressOf(node)).ip;
    } catch (error) {
      if (!isKernelError(error)) throw error;
      for (const [reason, message] of pulls) this.podEvent(slot, reason, message);
      this.waiting(slot, "FailedMount", `cannot attach to node ${nodeName}: ${error.message}`);
      return;
    }
    try {
      createMembers(this.containers, def, t.p.subjectUid[slot]!, t.p.correlation[slot]!);
    } catch (error) {
      if (!isKernelError(error)) throw error;
      this.attachments.unbind(this.boundPod(slot));
      for (const [reason, message] of pulls) this.podEvent(slot, reason, message);
      this.waiting(slot, "FailedScheduling", `cannot make the containers of pod ${def.name} on node ${nodeName}: ${error.message}`);
      return;
    }
    this.movePod(slot, "bind");
    t.p.node[slot] = node;
    t.p.boundMs[slot] = this.now;
    t.p.ip[slot] = ip;
    t.p.reason[slot] = "";
    this.charge(slot, node, 1);
    this.podEvent(slot, "Scheduled", `Successfully assigned default/${def.name} to ${nodeName}`);
    for (const [reason, message] of pulls) this.podEvent(slot, reason, message);
    this.armPressureTimer();
  }

  /** The pod stays Pending for `message`; a new reason is an event (the same one again is not). */
  private waiting(slot: number, reason: OrchestratorEventReason, message: string): void {
    this.armRetryTimer();
    if (this.podTable.p.reason[slot] === message) return;
    this.podTable.p.reason[slot] = message;
    this.podEvent(slot, reason, message);
  }

  /** Takes a Bound or Lost pod off its node: attachments unbound (its last writes landed), containers removed, requests released; Pending again. */
  private unbind(slot: number, to: "evict" | "fail" = "evict"): void {
    const t = this.podTable;
    const node = t.p.node[slot]!;
    assert(node >= 0, "only a pod on a node is taken off it");
    this.attachments.unbind(this.boundPod(slot)); // first: it lands what the containers wrote since the last flush
    removeMembers(this.containers, t.definition(slot));
    this.charge(slot, node, -1);
    if (t.p.state[slot] !== PodState.Pending) this.movePod(slot, to);
    t.p.node[slot] = NONE;
    t.p.boundMs[slot] = NONE;
    t.p.lostMs[slot] = NONE;
    t.p.ip[slot] = "";
  }

  /** Adds (sign 1) or takes back (-1) the pod's requests on the node. */
  private charge(slot: number, node: number, sign: 1 | -1): void {
    const t = this.nodeTable;
    const p = this.podTable;
    t.cpuRequested[node] = t.cpuRequested[node]! + sign * p.cpuRequest[slot]!;
    t.memoryRequested[node] = t.memoryRequested[node]! + sign * p.memoryRequest[slot]!;
    t.cpuScored[node] = t.cpuScored[node]! + sign * p.cpuScored[slot]!;
    t.memoryScored[node] = t.memoryScored[node]! + sign * p.memoryScored[slot]!;
    t.podCount[node] = t.podCount[node]! + sign;
  }

  // ---- the clock: retries of Pending pods, the grace period of lost pods, memory pressure

  /** One timer at the earliest back-off retry of a Pending pod (retry-backoff.ts); each retry refreshes the pod's reason. */
  private armRetryTimer(): void {
    const t = this.podTable;
    let due = NONE;
    for (const slot of t.slots.slots()) {
      if (t.p.state[slot] !== PodState.Pending) continue;
      const at = nextRetryMs(t.p.createdMs[slot]!, this.now);
      if (due < 0 || at < due) due = at;
    }
    if (due < 0 || (this.retryArmedMs > this.now && this.retryArmedMs <= due)) return;
    this.retryArmedMs = due;
    this.clock.schedule(due, () => {
      if (this.retryArmedMs !== due) return;
      this.retryArmedMs = NONE;
      this.scheduleAll();
      this.armRetryTimer();
    });
  }

  /** One timer at the earliest end of a lost pod's grace period. */
  private armLostTimer(): void {
    const t = this.podTable;
    let due = NONE;
    for (const slot of t.slots.slots()) if (t.p.state[slot] === PodState.Lost && (due < 0 || t.p.lostMs[slot]! + POD_EVICTION_GRACE_MS < due)) due = t.p.lostMs[slot]! + POD_EVICTION_GRACE_MS;
    if (due >= 0) this.clock.schedule(due, () => this.evictLost());
  }

  private evictLost(): void {
    const t = this.podTable;
    let evicted = false;
    for (const slot of t.slots.slots()) {
      if (t.p.state[slot] !== PodState.Lost || t.p.lostMs[slot]! + POD_EVICTION_GRACE_MS > this.now) continue;
      this.podEvent(slot, "TaintManagerEviction", `Marking for deletion Pod default/${t.slots.nameOf(slot)}`);
      this.unbind(slot);
      evicted = true;
    }
    if (evicted) this.scheduleAll();
  }

  /** kubelet's housekeeping every NODE_EVICTION_CHECK_MS while any pod is on a node. */
  private armPressureTimer(): void {
    if (this.pressureTimerArmed || !this.podTable.slots.slots().some((slot) => this.podTable.p.state[slot] === PodState.Bound)) return;
    this.pressureTimerArmed = true;
    const due = (Math.floor(this.now / NODE_EVICTION_CHECK_MS) + 1) * NODE_EVICTION_CHECK_MS;
    this.clock.schedule(due, () => {
      this.pressureTimerArmed = false;
      this.relievePressure();
      this.armPressureTimer();
    });
  }

  /** Each Ready node whose pods leave less than NODE_EVICTION_MEMORY_BYTES free evicts pods, worst first, until they do not. */
  private relievePressure(): void {
    let evicted = false;
    for (const node of this.nodeTable.slots.slots()) {
      if (this.nodeTable.n.state[node] !== NodeState.Ready) continue;
      const allocatable = this.nodeTable.n.memoryAllocatable[node]!;
      let used = this.memoryUsedOn(node);
      if (allocatable - used >= NODE_EVICTION_MEMORY_BYTES) continue;
      this.nodeEvent(node, "EvictionThresholdMet", `Attempting to reclaim memory`);
      for (const pod of this.evictionOrder(node)) {
        if (allocatable - used >= NODE_EVICTION_MEMORY_BYTES) break;
        const usage = memberMemory(this.containers, this.podTable.definition(pod), this.now);
        this.podTable.p.reason[pod] = `The node was low on resource: memory. Threshold quantity: ${formatBytes(NODE_EVICTION_MEMORY_BYTES)}, available: ${formatBytes(Math.max(0, allocatable - used))}. Pod was using ${formatBytes(usage)}, request is ${formatBytes(this.podTable.memoryRequest[pod]!)}.`;
        this.podEvent(pod, "Evicted", this.podTable.p.reason[pod]!);
        this.unbind(pod, "fail");
        used -= usage;
        evicted = true;
      }
    }
    if (evicted) this.scheduleAll();
  }

  /** kubelet's ranking: BestEffort, then Burstable, then Guaranteed; within a class the most memory over its request first; then the older pod. */
  evictionOrder(node: number): number[] {
    const t = this.podTable;
    const over = (pod: number) => memberMemory(this.containers, t.definition(pod), this.now) - t.memoryRequest[pod]!;
    const rank = (pod: number) => QOS_CLASSES.length - 1 - t.qos[pod]!; // BestEffort (2) first
    return this.podsOn(node)
      .filter((pod) => t.p.state[pod] === PodState.Bound)
      .map((pod) => ({ pod, rank: rank(pod), over: over(pod) }))
      .sort((a, b) => a.rank - b.rank || b.over - a.over || t.p.serial[a.pod]! - t.p.serial[b.pod]!)
      .map(({ pod }) => pod);
  }

  // ---- helpers

  private reapply(slot: number, def: PodDefinition): { pod: PodInfo; action: "unchanged" | "configured" } {
    const old = this.podTable.definition(slot);
    const unlabelled = (d: PodDefinition) => JSON.stringify({ ...d, labels: {} });
    if (unlabelled(old) !== unlabelled(def)) fail("EINVAL", `Pod "${def.name}" is invalid: spec: Forbidden: pod updates may not change fields other than metadata.labels`, `pod delete ${def.name}, then apply it again`);
    const same = JSON.stringify(old.labels) === JSON.stringify(def.labels);
    if (!same) this.podTable.setDefinition(slot, def);
    return { pod: podInfo(this.views, slot, this.now), action: same ? "unchanged" : "configured" };
  }

  /** The subject the pod runs as: the decisions port's (bounded by the owner); without one, what the manifest asks. */
  private subjectFor(def: PodDefinition, owner: PodOwner): PodSubject {
    const decisions = this.ports.decisions;
    if (decisions !== undefined) return decisions.podSubject(def.name, def.security, { name: owner.name ?? `uid ${owner.uid}`, uid: owner.uid, gid: owner.gid });
    return { name: `pod/${def.name}`, uid: def.security.runAsUser ?? owner.uid, gid: owner.gid, capabilities: def.security.capabilities, level: (def.security.level ?? "public").toLowerCase() };
  }

  private boundPod(slot: number): BoundPod {
    return { def: this.podTable.definition(slot), subject: this.podTable.subject(slot), correlation: this.podTable.p.correlation[slot]! };
  }

  private addressOf(node: number): NodeAddress {
    return this.nodeTable.address(node);
  }

  /** Pods bound to (or lost on) node `node`, oldest first. */
  private podsOn(node: number): number[] {
    const t = this.podTable;
    return t.slots.slots().filter((slot) => t.p.node[slot] === node).sort((a, b) => t.p.serial[a]! - t.p.serial[b]!);
  }

  private memoryUsedOn(node: number): number {
    return this.podsOn(node).reduce((sum, pod) => sum + (this.podTable.p.state[pod] === PodState.Bound ? memberMemory(this.containers, this.podTable.definition(pod), this.now) : 0), 0);
  }

  private movePod(slot: number, action: keyof typeof POD_MACHINE.actions): void {
    this.podTable.p.state[slot] = transition(POD_MACHINE, () => this.podTable.slots.nameOf(slot), this.podTable.p.state[slot]!, action);
  }

  private podEvent(slot: number, reason: OrchestratorEventReason, message: string): void {
    const correlation = this.podTable.p.correlation[slot]!;
    this.podEvents.record(this.now, reason, this.podTable.slots.nameOf(slot), this.podTable.p.uid[slot]!, message, correlation === 0 ? undefined : correlation);
  }

  private nodeEvent(slot: number, reason: OrchestratorEventReason, message: string): void {
    this.nodeEvents.record(this.now, reason, this.nodeTable.slots.nameOf(slot), 0, message);
  }

  private nodeInfo(slot: number): NodeInfo {
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

  // ---- saved form

  /** No node, pod or event: nothing to save. */
  isEmpty(): boolean {
    return this.nodeTable.slots.count() === 0 && this.podTable.slots.count() === 0 && this.nodeEvents.toJSON().length === 0 && this.podEvents.toJSON().length === 0;
  }

  toJSON(): SavedOrchestrator {
    return {
      nodes: this.nodeTable.table.toJSON(),
      pods: this.podTable.slots.slots().map((slot) => this.podTable.rowToJSON(slot)),
      podEvents: this.podEvents.toJSON(),
      nodeEvents: this.nodeEvents.toJSON(),
      nextPodSerial: this.nextPodSerial,
    };
  }

  /** Puts a saved orchestrator back (after the containers): requests are charged again, timers set from the saved times. */
  restore(saved: SavedOrchestrator): void {
    assert(this.nodeTable.slots.count() === 0 && this.podTable.slots.count() === 0, "restore goes into an empty orchestrator");
    for (const row of saved.nodes) this.nodeTable.restoreRow(row);
    this.nodeTable.reopen();
    for (const row of saved.pods) {
      const slot = this.podTable.restoreRow(row);
      if (row.node < 0) continue;
      this.charge(slot, row.node, 1);
      for (const spec of row.definition.containers) this.containers.parts.correlation[this.containers.parts.slotOf(memberName(row.name, spec.name))] = row.correlation;
      this.attachments.adopt?.(this.boundPod(slot), this.addressOf(row.node));
    }
    for (const pod of this.podTable.slots.slots()) this.matchSelector(pod);
    this.podEvents.restore(saved.podEvents);
    this.nodeEvents.restore(saved.nodeEvents);
    this.nextPodSerial = saved.nextPodSerial;
    this.armLostTimer();
    this.armPressureTimer();
    this.armRetryTimer();
  }
}

function checkAmount(value: number, max: number, what: string, limit: string): void {
  if (!(Number.isInteger(value) && value > 0 && value <= max)) fail("EINVAL", `bad ${what} ${value}`, `1 .. ${max} (${limit})`);
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
