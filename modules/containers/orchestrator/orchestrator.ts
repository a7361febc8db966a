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
import type { PodSubject } from "../../../src/decisions.js";
import { fail } from "../../../src/errors.js";
import { NODE_CPU_MILLICORES_MAX, NODE_MEMORY_BYTES_MAX } from "../../../src/limits.js";
import { transition, UNALLOCATED } from "../../../src/state-machine.js";
import { validateName } from "../../../src/table/slot-table.js";
import type { SavedEvent } from "../events.js";
import { labelsText } from "./labels.js";
import type { SavedNodeRow } from "./node-table.js";
import type { PodDefinition } from "./pod-definition.js";
import type { SavedPodRow } from "./pod-table.js";
import { memberName, podInfo } from "./pod-views.js";
import { NODE_MACHINE, POD_MACHINE, type NodeInfo, type NodeSpec, type PodInfo } from "./types.js";
import { validateDefinition } from "./validate.js";
import { NONE } from "./orchestrator-base.js";
import { OrchestratorEvictions } from "./evictions.js";

export type { OrchestratorPorts } from "./orchestrator-base.js";

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

export class Orchestrator extends OrchestratorEvictions {
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

  /** Creates the pod and schedules it at once (Pending with the scheduler's reason if no node fits); the same definition again is unchanged, new labels configure it, other changes are refused as the API server refuses them. */
  apply(def: PodDefinition, owner: PodOwner): { pod: PodInfo; action: "created" | "unchanged" | "configured" } {
    validateDefinition(def);
    const t = this.podTable;
    if (t.slots.has(def.name)) return this.reapply(t.slots.find(def.name), def);
    this.checkMembers([def]);
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

  /**
   * Refuses new pods whose containers' names (<pod>-<container>) are taken: by a container that
   * exists, by another pod's (made or still to be made), or by an earlier one of `defs` (one
   * manifest). Otherwise the pod would wait forever, and its events would mix with another's.
   */
  checkMembers(defs: readonly PodDefinition[]): void {
    const t = this.podTable;
    const fresh = defs.filter((def) => !t.slots.has(def.name));
    fresh.forEach((def, i) => {
      for (const spec of def.containers) {
        const name = memberName(def.name, spec.name);
        const fix = `rename pod ${def.name} or its container ${spec.name}: a pod's containers are named <pod>-<container>`;
        if (this.containers.parts.table.slots.has(name)) fail("EEXIST", `pod ${def.name}: its container ${spec.name} would be container '${name}', which already exists`, fix);
        const other = this.reservedBy(name) ?? fresh.slice(0, i).find((earlier) => earlier.containers.some((c) => memberName(earlier.name, c.name) === name))?.name;
        if (other !== undefined) fail("EEXIST", `pod ${def.name}: its container ${spec.name} would be container '${name}', which is pod ${other}'s`, fix);
      }
    });
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

  protected reapply(slot: number, def: PodDefinition): { pod: PodInfo; action: "unchanged" | "configured" } {
    const old = this.podTable.definition(slot);
    const unlabelled = (d: PodDefinition) => JSON.stringify({ ...d, labels: {} });
    if (unlabelled(old) !== unlabelled(def)) fail("EINVAL", `Pod "${def.name}" is invalid: spec: Forbidden: pod updates may not change fields other than metadata.labels`, `pod delete ${def.name}, then apply it again`);
    const same = JSON.stringify(old.labels) === JSON.stringify(def.labels);
    if (!same) this.podTable.setDefinition(slot, def);
    return { pod: podInfo(this.views, slot, this.now), action: same ? "unchanged" : "configured" };
  }

  /** The subject the pod runs as: the decisions port's (bounded by the owner); without one, what the manifest asks. */
  protected subjectFor(def: PodDefinition, owner: PodOwner): PodSubject {
    const decisions = this.ports.decisions;
    if (decisions !== undefined) return decisions.podSubject(def.name, def.security, { name: owner.name ?? `uid ${owner.uid}`, uid: owner.uid, gid: owner.gid });
    return { name: `pod/${def.name}`, uid: def.security.runAsUser ?? owner.uid, gid: owner.gid, capabilities: def.security.capabilities, level: (def.security.level ?? "public").toLowerCase() };
  }

  /**
   * A restored pod on a node missing some of its containers (a state saved when `ctr rm` could
   * remove one): off its node and Pending, to be made whole by the scheduler, as an evicted pod is.
   */
  private rescheduleIncomplete(slot: number, present: readonly string[]): void {
    this.unbind(slot, "evict", present);
    this.podEvent(slot, "Evicted", `The pod's containers were not all there when the state was restored (${present.length} of ${this.podTable.definition(slot).containers.length}): scheduled again`);
  }

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
    const incomplete: [number, string[]][] = [];
    for (const row of saved.pods) {
      const slot = this.podTable.restoreRow(row);
      if (row.node < 0) continue;
      this.charge(slot, row.node, 1);
      const members = row.definition.containers.map((spec) => memberName(row.name, spec.name));
      const present = members.filter((name) => this.containers.parts.table.slots.has(name));
      for (const name of present) this.containers.parts.correlation[this.containers.parts.slotOf(name)] = row.correlation;
      this.attachments.adopt?.(this.boundPod(slot), this.addressOf(row.node));
      if (present.length < members.length) incomplete.push([slot, present]);
    }
    for (const pod of this.podTable.slots.slots()) this.matchSelector(pod);
    this.podEvents.restore(saved.podEvents);
    this.nodeEvents.restore(saved.nodeEvents);
    this.nextPodSerial = saved.nextPodSerial;
    for (const [slot, present] of incomplete) this.rescheduleIncomplete(slot, present); // once its events are back: the repair is the latest
    this.armLostTimer();
    this.armPressureTimer();
    this.armRetryTimer();
  }
}

function checkAmount(value: number, max: number, what: string, limit: string): void {
  if (!(Number.isInteger(value) && value > 0 && value <= max)) fail("EINVAL", `bad ${what} ${value}`, `1 .. ${max} (${limit})`);
}
