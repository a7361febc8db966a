// The scheduler's decision, as kube-scheduler makes it in outline: filter the nodes (schedulable,
// Ready, the pod's nodeSelector matches, its requests fit the node's free allocatable, its volumes
// and networks reachable), then score the ones left with the NodeResourcesFit plugin's
// LeastAllocated strategy and NodeResourcesBalancedAllocation (0..100 each, summed), and pick the
// best; ties are broken by the kernel's seeded PRNG as selectHost does (reservoir sampling), so
// the same seed makes the same choices.
//
// One pass over the node table's typed arrays, allocating nothing: the orchestrator works out
// what needs strings (the selector, the attachments' reachability) into bit masks first; only
// when nothing fits does a second pass say why each node was filtered out, for the message
// kubectl shows: "0/3 nodes are available: 2 Insufficient memory, 1 node(s) were unschedulable."

import type { Rng } from "../../../src/rng.js";

/** Why the filter left a node out (bits; resources may fail on both). The first failing plugin wins, as in the framework. */
export const FilterReason = { None: 0, Unschedulable: 1, NotReady: 2, Selector: 4, Cpu: 8, Memory: 16, Unreachable: 32 } as const;

/** What the decision reads of the nodes (the node table's arrays). */
export interface SchedulerNodes {
  readonly used: Uint8Array;
  readonly ready: Uint8Array; // the node's state: 0 Ready
  readonly schedulable: Uint8Array;
  readonly cpuAllocatable: Float64Array;
  readonly memoryAllocatable: Float64Array;
  readonly cpuRequested: Float64Array;
  readonly memoryRequested: Float64Array;
  readonly cpuScored: Float64Array;
  readonly memoryScored: Float64Array;
  readonly openMask: Uint32Array; // [0]: a bit for each used node slot that is Ready and schedulable
}

export interface PodAsk {
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
  readonly cpuScored: number;
  readonly memoryScored: number;
}

const MAX_NODE_SCORE = 100;

/**
 * The slot of the node the pod goes to, or -1 when none fits (`filterReasons` then says why).
 * `candidates` has a bit for each node slot that is Ready, schedulable, matched by the pod's
 * nodeSelector and reaches its attachments (masks the orchestrator keeps); only those are fitted
 * and scored, lowest slot first.
 */
export function selectNode(nodes: SchedulerNodes, ask: PodAsk, candidates: number, rng: Rng): number {
  const { cpuAllocatable, memoryAllocatable, cpuRequested, memoryRequested, cpuScored, memoryScored } = nodes; // hoisted: the loop reads locals
  const { cpuMillicores, memoryBytes, cpuScored: cpuAsked, memoryScored: memoryAsked } = ask;
  let best = -1;
  let bestScore = -1;
  let ties = 0;
  for (let left = candidates; left !== 0; left &= left - 1) {
    const slot = 31 - Math.clz32(left & -left); // the lowest candidate left
    const cpuCapacity = cpuAllocatable[slot]!;
    const memoryCapacity = memoryAllocatable[slot]!;
    if (cpuMillicores > 0 && cpuRequested[slot]! + cpuMillicores > cpuCapacity) continue; // a pod that requests nothing fits anywhere
    if (memoryBytes > 0 && memoryRequested[slot]! + memoryBytes > memoryCapacity) continue;
    const score = scoreOf(cpuScored[slot]! + cpuAsked, memoryScored[slot]! + memoryAsked, cpuCapacity, memoryCapacity);
    if (score > bestScore) {
      best = slot;
      bestScore = score;
      ties = 1;
    } else if (score === bestScore) {
      ties++;
      if (rng.nextBelow(ties) === 0) best = slot;
    }
  }
  return best;
}

/** The nodes a pod may go to before its requests are fitted: Ready, schedulable, `selected` by its nodeSelector, not `unreachable` (bit masks by slot). */
export function candidateNodes(nodes: SchedulerNodes, selected: number, unreachable: number): number {
  return nodes.openMask[0]! & selected & ~unreachable;
}

/** Why each used node was filtered out (None where it fits), into `reasons`: read only when no node fits, to write the message. */
export function filterReasons(nodes: SchedulerNodes, ask: PodAsk, selected: number, unreachable: number, reasons: Uint8Array): void {
  for (let slot = 0; slot < nodes.used.length; slot++) reasons[slot] = nodes.used[slot] === 0 ? FilterReason.None : filterNode(nodes, slot, ask, selected, unreachable);
}

/** The first failing plugin's reason, as in the framework (the resources one may give both cpu and memory). */
function filterNode(nodes: SchedulerNodes, slot: number, ask: PodAsk, selected: number, unreachable: number): number {
  if (nodes.schedulable[slot] === 0) return FilterReason.Unschedulable;
  if (nodes.ready[slot] !== 0) return FilterReason.NotReady;
  if (((selected >>> slot) & 1) === 0) return FilterReason.Selector;
  let reason: number = FilterReason.None;
  if (ask.cpuMillicores > 0 && nodes.cpuRequested[slot]! + ask.cpuMillicores > nodes.cpuAllocatable[slot]!) reason |= FilterReason.Cpu;
  if (ask.memoryBytes > 0 && nodes.memoryRequested[slot]! + ask.memoryBytes > nodes.memoryAllocatable[slot]!) reason |= FilterReason.Memory;
  if (reason === FilterReason.None && ((unreachable >>> slot) & 1) === 1) reason = FilterReason.Unreachable;
  return reason;
}

/** LeastAllocated + BalancedAllocation of node `slot` with the pod on it, each 0..100. */
export function scoreNode(nodes: SchedulerNodes, slot: number, ask: PodAsk): number {
  return scoreOf(nodes.cpuScored[slot]! + ask.cpuScored, nodes.memoryScored[slot]! + ask.memoryScored, nodes.cpuAllocatable[slot]!, nodes.memoryAllocatable[slot]!);
}

/** The two plugins' scores for `cpu` and `memory` requested of the capacities, integer arithmetic as they use. */
function scoreOf(cpu: number, memory: number, cpuCapacity: number, memoryCapacity: number): number {
  const least = Math.trunc((leastAllocated(cpu, cpuCapacity) + leastAllocated(memory, memoryCapacity)) / 2);
  const cpuFraction = Math.min(1, cpu / cpuCapacity);
  const memoryFraction = Math.min(1, memory / memoryCapacity);
  const balanced = Math.trunc((1 - Math.abs(cpuFraction - memoryFraction) / 2) * MAX_NODE_SCORE);
  return least + balanced;
}

function leastAllocated(requested: number, capacity: number): number {
  return requested > capacity ? 0 : Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** kube-scheduler's FitError text, from each used node's reason: counts, most first, then by text. */
export function unschedulableMessage(used: Uint8Array, reasons: Uint8Array, unreachable: (slot: number) => string): string {
  const counts = new Map<string, number>(); // bounded: a handful of reason texts
  let total = 0;
  const add = (text: string) => counts.set(text, (counts.get(text) ?? 0) + 1);
  for (let slot = 0; slot < used.length; slot++) {
    if (used[slot] === 0) continue;
    total++;
    const reason = reasons[slot]!;
    if (reason & FilterReason.Unschedulable) add("node(s) were unschedulable");
    if (reason & FilterReason.NotReady) add("node(s) had untolerated taint {node.kubernetes.io/unreachable: }");
    if (reason & FilterReason.Selector) add("node(s) didn't match Pod's node affinity/selector");
    if (reason & FilterReason.Cpu) add("Insufficient cpu");
    if (reason & FilterReason.Memory) add("Insufficient memory");
    if (reason & FilterReason.Unreachable) add(unreachable(slot));
  }
  if (total === 0) return "no nodes available to schedule pods";
  const parts = [...counts].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0)).map(([text, n]) => `${n} ${text}`);
  return `0/${total} nodes are available: ${parts.join(", ")}.`;
}
