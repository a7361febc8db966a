// The orchestrator's evictions and node failure (orchestrator.ts tells the whole): cordon and
// drain, a node failing (its pods Unknown, evicted after POD_EVICTION_GRACE_MS) and recovering,
// and kubelet's memory-pressure evictions, BestEffort first.

import { NODE_EVICTION_CHECK_MS, NODE_EVICTION_MEMORY_BYTES, POD_EVICTION_GRACE_MS } from "../../../src/limits.js";
import { transition } from "../../../src/state-machine.js";
import { formatBytes } from "../../../src/units.js";
import { labelsText } from "./labels.js";
import { haltMembers, memberMemory, startMembers } from "./members.js";
import { NODE_MACHINE, NodeState, PodState, QOS_CLASSES, type NodeInfo } from "./types.js";
import { NONE } from "./orchestrator-base.js";
import { OrchestratorScheduling } from "./scheduling.js";

/** Nodes leaving service: cordon, drain, failure and recovery; lost pods evicted after their grace period; kubelet's memory-pressure evictions. */
export abstract class OrchestratorEvictions extends OrchestratorScheduling {
  /** `already`: it was cordoned before (kubectl's "node/w1 already cordoned"). */
  cordon(name: string): NodeInfo & { readonly already: boolean } {
    return this.setSchedulable(name, false);
  }

  /** `already`: it was schedulable before (kubectl's "node/w1 already uncordoned"); pods waiting for room try it. */
  uncordon(name: string): NodeInfo & { readonly already: boolean } {
    return this.setSchedulable(name, true);
  }

  private setSchedulable(name: string, schedulable: boolean): NodeInfo & { readonly already: boolean } {
    const slot = this.nodeTable.slots.find(name);
    const already = this.nodeTable.n.schedulable[slot] === (schedulable ? 1 : 0);
    if (!already) {
      this.nodeTable.n.schedulable[slot] = schedulable ? 1 : 0;
      this.nodeTable.reopen();
      const reason = schedulable ? "NodeSchedulable" : "NodeNotSchedulable";
      this.nodeEvent(slot, reason, `Node ${name} status is now: ${reason}`);
      if (schedulable) this.scheduleAll();
    }
    return { ...this.nodeInfo(slot), already };
  }

  /** kubectl label node: the node's labels become `labels`; pods Pending on a nodeSelector try again. */
  setNodeLabels(name: string, labels: Readonly<Record<string, string>>): NodeInfo {
    const slot = this.nodeTable.slots.find(name);
    this.nodeTable.setLabels(slot, labelsText(labels, `node '${name}'`));
    for (const pod of this.podTable.slots.slots()) this.matchSelector(pod);
    this.scheduleAll();
    return this.nodeInfo(slot);
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

  /** One timer at the earliest end of a lost pod's grace period. */
  protected armLostTimer(): void {
    const t = this.podTable;
    let due = NONE;
    for (const slot of t.slots.slots()) if (t.p.state[slot] === PodState.Lost && (due < 0 || t.p.lostMs[slot]! + POD_EVICTION_GRACE_MS < due)) due = t.p.lostMs[slot]! + POD_EVICTION_GRACE_MS;
    if (due >= 0) this.clock.schedule(due, () => this.evictLost());
  }

  protected evictLost(): void {
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
  protected armPressureTimer(): void {
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
  protected relievePressure(): void {
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
}
