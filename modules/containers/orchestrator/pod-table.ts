// The pod table: POD_COUNT_MAX pods, one typed array per field (columns.ts gives the saved form
// and its checks), each pod's definition beside it (saved as it was applied), and what is derived
// from the definition once: its requests, scored requests and QoS class. A pod's containers are
// part-1 containers named <pod>-<container>; the table holds only the pod.

import type { PodSubject } from "../../../src/decisions.js";
import { NODE_COUNT_MAX, POD_CAPABILITIES_LENGTH_MAX, POD_COUNT_MAX, POD_REASON_LENGTH_MAX, UID_MAX } from "../../../src/limits.js";
import { count, enumIndex, int, slotOrNone, text, time, timeOrNone } from "../../../src/table/checks.js";
import { numbers, Table, texts, type SavedRow } from "../../../src/table/columns.js";
import type { PodDefinition } from "./pod-definition.js";
import { podResources, qosClassOf, qosIndex } from "./resources.js";
import { POD_STATE_NAMES } from "./types.js";

const POD_COLUMNS = {
  state: numbers(Uint8Array, enumIndex(POD_STATE_NAMES, "a pod state")),
  node: numbers(Int8Array, slotOrNone(NODE_COUNT_MAX, "NODE_COUNT_MAX"), -1), // -1: not bound
  serial: numbers(Float64Array, count), // the n-th pod applied: the scheduling queue's order
  createdMs: numbers(Float64Array, time),
  boundMs: numbers(Float64Array, timeOrNone, -1),
  lostMs: numbers(Float64Array, timeOrNone, -1), // when its node went NotReady
  uid: numbers(Uint32Array, int(0, UID_MAX, "a uid")), // who applied it
  gid: numbers(Uint32Array, int(0, UID_MAX, "a gid")),
  subjectUid: numbers(Uint32Array, int(0, UID_MAX, "a uid")), // who it runs as (the pod subject, fixed at apply)
  subjectGid: numbers(Uint32Array, int(0, UID_MAX, "a gid")),
  level: texts(text(64)), // its MAC level, lower case
  capabilities: texts(text(POD_CAPABILITIES_LENGTH_MAX)), // its effective set, CAP_X,CAP_Y
  correlation: numbers(Float64Array, count), // the audit story its events belong to (0: none)
  ip: texts(text(64)),
  reason: texts(text(POD_REASON_LENGTH_MAX)), // the scheduler's message while Pending; the eviction's when Evicted
};

export type SavedPodRow = SavedRow<typeof POD_COLUMNS, "name"> & { definition: PodDefinition };

export class PodTable {
  readonly table = new Table("pod", POD_COUNT_MAX, "POD_COUNT_MAX", POD_COLUMNS, { nameKey: "name" });
  readonly slots = this.table.slots;
  readonly p = this.table.arrays;
  readonly definitions: (PodDefinition | undefined)[] = new Array<PodDefinition | undefined>(POD_COUNT_MAX).fill(undefined);
  readonly cpuRequest = new Float64Array(POD_COUNT_MAX);
  readonly memoryRequest = new Float64Array(POD_COUNT_MAX);
  readonly cpuScored = new Float64Array(POD_COUNT_MAX);
  readonly memoryScored = new Float64Array(POD_COUNT_MAX);
  readonly qos = new Uint8Array(POD_COUNT_MAX);
  readonly attached = new Uint8Array(POD_COUNT_MAX); // 1: it has volumes or networks (the scheduler asks the attachments about it)
  readonly selectorMask = new Uint32Array(POD_COUNT_MAX); // the node slots its nodeSelector matches, a bit each (the orchestrator keeps it)

  definition(slot: number): PodDefinition {
    return this.definitions[slot]!;
  }

  setDefinition(slot: number, def: PodDefinition): void {
    const resources = podResources(def);
    this.definitions[slot] = def;
    this.cpuRequest[slot] = resources.cpuMillicores;
    this.memoryRequest[slot] = resources.memoryBytes;
    this.cpuScored[slot] = resources.cpuScored;
    this.memoryScored[slot] = resources.memoryScored;
    this.qos[slot] = qosIndex(qosClassOf(def));
    this.attached[slot] = def.volumes.length > 0 || def.networks.length > 0 ? 1 : 0;
  }

  /** Who the pod runs as (the decisions port's PodSubject, as it was at apply). */
  subject(slot: number): PodSubject {
    const p = this.p;
    const capabilities = p.capabilities[slot]!;
    return { name: `pod/${this.slots.nameOf(slot)}`, uid: p.subjectUid[slot]!, gid: p.subjectGid[slot]!, capabilities: capabilities === "" ? [] : capabilities.split(","), level: p.level[slot]! };
  }

  setSubject(slot: number, subject: PodSubject): void {
    this.p.subjectUid[slot] = subject.uid;
    this.p.subjectGid[slot] = subject.gid;
    this.p.level[slot] = subject.level;
    this.p.capabilities[slot] = subject.capabilities.join(",");
  }

  free(slot: number): void {
    this.definitions[slot] = undefined;
    this.cpuRequest[slot] = this.memoryRequest[slot] = this.cpuScored[slot] = this.memoryScored[slot] = this.qos[slot] = this.attached[slot] = this.selectorMask[slot] = 0;
    this.table.free(slot);
  }

  rowToJSON(slot: number): SavedPodRow {
    return { ...this.table.rowToJSON(slot), definition: this.definition(slot) };
  }

  restoreRow(row: SavedPodRow): number {
    const slot = this.table.restoreRow(row);
    this.setDefinition(slot, row.definition);
    return slot;
  }
}
