// The orchestrator's scheduling and binding (orchestrator.ts tells the whole): every Pending pod
// tries again, oldest first, when something changes and on the back-off timer; a pod bound to a
// node gets its images, attachments and containers; unbinding lands its writes and frees it.

import { assert } from "../../../src/assert.js";
import { isKernelError } from "../../../src/errors.js";
import { selects } from "./labels.js";
import { createMembers, removeMembers } from "./members.js";
import { pullImages } from "./image-pull.js";
import { nextRetryMs } from "./retry-backoff.js";
import { candidateNodes, filterReasons, selectNode, unschedulableMessage, type PodAsk } from "./scheduler.js";
import { NodeState, PodState, type OrchestratorEventReason } from "./types.js";
import { NONE, OrchestratorBase } from "./orchestrator-base.js";

/** The scheduler's part: a Pending pod filtered and scored onto a node, bound (images, attachments, containers), unbound, retried on a back-off. */
const FAILED_MOUNT = "cannot attach to node"; // the reason a pod waits for a mount or network its node refused

export abstract class OrchestratorScheduling extends OrchestratorBase {
  /** kubelet's housekeeping, armed when a pod is bound (evictions.ts). */
  protected abstract armPressureTimer(): void;

  /** Every Pending pod, oldest first, tries again; on the back-off timer not one whose mount the gate refused (each try would be one more denial in the audit trail): that one waits for a change. */
  protected scheduleAll(onTimer = false): void {
    const t = this.podTable;
    const pending = t.slots.slots().filter((slot) => t.p.state[slot] === PodState.Pending && !(onTimer && t.p.reason[slot]!.startsWith(FAILED_MOUNT))).sort((a, b) => t.p.serial[a]! - t.p.serial[b]!);
    for (const slot of pending) this.schedule(slot);
  }

  /** Filter and score the nodes for Pending pod `slot`; bind it to the best, or keep the reason it waits. */
  protected schedule(slot: number): void {
    const best = this.decide(slot);
    if (best < 0) this.waiting(slot, "FailedScheduling", this.whyNot(slot));
    else this.bind(slot, best);
  }

  /**
   * The node slot the scheduler would pick now for each pod, by pod slot, into `picks` (-1: none
   * fits, or no pod there): the decision each Pending pod's try makes, binding nothing; a pod
   * already on a node is decided as if placed anew (its requests still count where it is). Ties
   * still draw from the seeded PRNG. (For a whole pass's cost: bench/scheduler.ts.)
   */
  wouldPlace(picks: Int32Array): void {
    const used = this.podTable.slots.used;
    for (let slot = 0; slot < picks.length; slot++) picks[slot] = slot < used.length && used[slot] === 1 ? this.decide(slot) : -1;
  }

  /** The scheduler's pick for pod `slot`, or -1. Allocates nothing; asks the attachments only for a pod that has some. */
  protected decide(slot: number): number {
    const t = this.podTable;
    const unreachable = t.attached[slot] === 1 ? this.unreachableMask(slot) : 0;
    return selectNode(this.scheduler, this.askOf(slot), candidateNodes(this.scheduler, t.selectorMask[slot]!, unreachable), this.rng);
  }

  /** The pod's requests as the scheduler reads them (one object, reused). */
  protected askOf(slot: number): PodAsk {
    const t = this.podTable;
    const ask = this.ask;
    ask.cpuMillicores = t.cpuRequest[slot]!;
    ask.memoryBytes = t.memoryRequest[slot]!;
    ask.cpuScored = t.cpuScored[slot]!;
    ask.memoryScored = t.memoryScored[slot]!;
    return ask;
  }

  /** The nodes (a bit a slot) that could take pod `slot` but not reach its volumes or networks, as the attachments say. */
  protected unreachableMask(slot: number): number {
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
  protected whyNot(slot: number): string {
    const t = this.podTable;
    const def = t.definition(slot);
    filterReasons(this.scheduler, this.askOf(slot), t.selectorMask[slot]!, t.attached[slot] === 1 ? this.unreachableMask(slot) : 0, this.reasons);
    return unschedulableMessage(this.nodeTable.slots.used, this.reasons, (node) => this.attachments.unreachable(def, this.nodeTable.address(node)) ?? "");
  }

  /** Which nodes pod `slot`'s nodeSelector matches, one bit a node slot (at apply, and for every pod when a node is added). */
  protected matchSelector(slot: number): void {
    const selector = this.podTable.definition(slot).nodeSelector;
    let mask = 0;
    for (const node of this.nodeTable.slots.slots()) if (selects(selector, this.nodeTable.labels(node))) mask |= 1 << node;
    this.podTable.selectorMask[slot] = mask;
  }

  protected bind(slot: number, node: number): void {
    const t = this.podTable;
    const def = t.definition(slot);
    const nodeName = this.nodeTable.slots.nameOf(node);
    const pulls: [OrchestratorEventReason, string][] = []; // kubelet's, told after Scheduled
    const failedPull = pullImages(this.containers.images, def.containers.map((spec) => spec.image), t.p.reason[slot]!, (reason, message) => pulls.push([reason, message]));
    if (failedPull !== undefined) {
      for (const [reason, message] of pulls) if (reason !== "Pulled") this.podEvent(slot, reason, message);
      this.waiting(slot, ...failedPull);
      return;
    }
    let ip: string;
    try {
      ip = this.attachments.bind(this.boundPod(slot), this.addressOf(node)).ip;
    } catch (error) {
      if (!isKernelError(error)) throw error;
      for (const [reason, message] of pulls) if (reason !== "Pulled") this.podEvent(slot, reason, message);
      this.waiting(slot, "FailedMount", `${FAILED_MOUNT} ${nodeName}: ${error.message}`);
      return;
    }
    try {
      createMembers(this.containers, def, t.p.subjectUid[slot]!, t.p.correlation[slot]!, new Set(pulls.filter(([reason]) => reason === "Pulled").map(([, image]) => image)));
    } catch (error) {
      if (!isKernelError(error)) throw error;
      this.attachments.unbind(this.boundPod(slot));
      for (const [reason, message] of pulls) if (reason !== "Pulled") this.podEvent(slot, reason, message);
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
    for (const [reason, message] of pulls) if (reason !== "Pulled") this.podEvent(slot, reason, message);
    this.armPressureTimer();
  }

  /** The pod stays Pending for `message`; a new reason is an event (the same one again is not). */
  protected waiting(slot: number, reason: OrchestratorEventReason, message: string): void {
    this.armRetryTimer();
    if (this.podTable.p.reason[slot] === message) return;
    this.podTable.p.reason[slot] = message;
    this.podEvent(slot, reason, message);
  }

  /** Takes a Bound or Lost pod off its node: attachments unbound (its last writes landed), containers removed (`present` names them when not all are there), requests released; Pending again. */
  protected unbind(slot: number, to: "evict" | "fail" = "evict", present?: readonly string[]): void {
    const t = this.podTable;
    const node = t.p.node[slot]!;
    assert(node >= 0, "only a pod on a node is taken off it");
    this.attachments.unbind(this.boundPod(slot)); // first: it lands what the containers wrote since the last flush
    if (present === undefined) removeMembers(this.containers, t.definition(slot));
    else for (const name of present) this.containers.removeOfPod(name);
    this.charge(slot, node, -1);
    if (t.p.state[slot] !== PodState.Pending) this.movePod(slot, to);
    t.p.node[slot] = NONE;
    t.p.boundMs[slot] = NONE;
    t.p.lostMs[slot] = NONE;
    t.p.ip[slot] = "";
  }

  /** Adds (sign 1) or takes back (-1) the pod's requests on the node. */
  protected charge(slot: number, node: number, sign: 1 | -1): void {
    const t = this.nodeTable;
    const p = this.podTable;
    t.cpuRequested[node] = t.cpuRequested[node]! + sign * p.cpuRequest[slot]!;
    t.memoryRequested[node] = t.memoryRequested[node]! + sign * p.memoryRequest[slot]!;
    t.cpuScored[node] = t.cpuScored[node]! + sign * p.cpuScored[slot]!;
    t.memoryScored[node] = t.memoryScored[node]! + sign * p.memoryScored[slot]!;
    t.podCount[node] = t.podCount[node]! + sign;
  }

  /** One timer at the earliest back-off retry of a Pending pod (retry-backoff.ts); each retry refreshes the pod's reason. */
  protected armRetryTimer(): void {
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
      this.scheduleAll(true);
      this.armRetryTimer();
    });
  }
}
