// The node table: NODE_COUNT_MAX worker nodes, one typed array per field (columns.ts gives the
// saved form and its checks from this declaration), plus what is derived from the pods bound to
// each (requests, the non-zero requests kube-scheduler scores with, a count) and each node's
// labels parsed once. Times are simulated ms; -1 means "not yet".

import { NODE_COUNT_MAX, NODE_CPU_MILLICORES_MAX, NODE_LABELS_LENGTH_MAX, NODE_MEMORY_BYTES_MAX } from "../../../src/limits.js";
import { enumIndex, int, name, text, time, timeOrNone } from "../../../src/table/checks.js";
import { numbers, Table, texts, type SavedRow } from "../../../src/table/columns.js";
import type { NodeAddress } from "./attachments-seam.js";
import { parseLabelsText, type Labels } from "./labels.js";
import { NODE_STATE_NAMES, NodeState } from "./types.js";

const NODE_COLUMNS = {
  state: numbers(Uint8Array, enumIndex(NODE_STATE_NAMES, "a node state")),
  schedulable: numbers(Uint8Array, int(0, 1)), // 0: cordoned (SchedulingDisabled)
  cpuAllocatable: numbers(Float64Array, int(1, NODE_CPU_MILLICORES_MAX, "millicores")),
  memoryAllocatable: numbers(Float64Array, int(1, NODE_MEMORY_BYTES_MAX, "bytes")),
  createdMs: numbers(Float64Array, time),
  notReadyMs: numbers(Float64Array, timeOrNone, -1), // when it last went NotReady
  storageClient: texts(name),
  labels: texts(text(NODE_LABELS_LENGTH_MAX)), // k=v,k2=v2 (labels.ts)
};

const NO_ADDRESS: NodeAddress = { name: "", storageClient: "" };

export type SavedNodeRow = SavedRow<typeof NODE_COLUMNS, "name">;

export class NodeTable {
  readonly table = new Table("node", NODE_COUNT_MAX, "NODE_COUNT_MAX", NODE_COLUMNS, { nameKey: "name", freeHint: "node remove an empty node first (node drain empties one)" });
  readonly slots = this.table.slots;
  readonly n = this.table.arrays;
  /** Sums over the pods bound here (derived; recomputed on restore). */
  readonly cpuRequested = new Float64Array(NODE_COUNT_MAX);
  readonly memoryRequested = new Float64Array(NODE_COUNT_MAX);
  readonly cpuScored = new Float64Array(NODE_COUNT_MAX); // with kube-scheduler's defaults for containers that request nothing
  readonly memoryScored = new Float64Array(NODE_COUNT_MAX);
  readonly podCount = new Uint8Array(NODE_COUNT_MAX);
  /** [0]: a bit for each node slot that is used, Ready and schedulable (derived: `reopen` after any change to a node). */
  readonly openMask = new Uint32Array(1);

  reopen(): void {
    let mask = 0;
    for (const slot of this.slots.slots()) if (this.n.state[slot] === NodeState.Ready && this.n.schedulable[slot] === 1) mask |= 1 << slot;
    this.openMask[0] = mask;
  }
  private readonly parsedLabels: Labels[] = new Array<Labels>(NODE_COUNT_MAX).fill({});
  private readonly addresses: NodeAddress[] = new Array<NodeAddress>(NODE_COUNT_MAX).fill(NO_ADDRESS);

  /** What the attachments are told of the node (kept per slot: the scheduler asks for every node of every decision). */
  address(slot: number): NodeAddress {
    if (this.addresses[slot]!.name !== this.slots.nameOf(slot)) this.addresses[slot] = { name: this.slots.nameOf(slot), storageClient: this.n.storageClient[slot]! };
    return this.addresses[slot]!;
  }

  labels(slot: number): Labels {
    return this.parsedLabels[slot]!;
  }

  setLabels(slot: number, text: string): void {
    this.n.labels[slot] = text;
    this.parsedLabels[slot] = parseLabelsText(text);
  }

  free(slot: number): void {
    this.cpuRequested[slot] = this.memoryRequested[slot] = this.cpuScored[slot] = this.memoryScored[slot] = this.podCount[slot] = 0;
    this.parsedLabels[slot] = {};
    this.addresses[slot] = NO_ADDRESS;
    this.table.free(slot);
    this.reopen();
  }

  restoreRow(row: SavedNodeRow): number {
    const slot = this.table.restoreRow(row);
    this.parsedLabels[slot] = parseLabelsText(row.labels);
    return slot;
  }
}
