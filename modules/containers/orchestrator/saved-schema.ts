// The orchestrator's part of state.json (under containers.orchestrator; absent in states from
// before pods): the shape (valibot), bounded by its tables, and the relations one field cannot
// show: names and slots used once, a pod's node a node that exists, a bound pod's containers in
// the container table, a definition that validates as it did when applied.

import * as v from "valibot";
import { CONTAINER_EVENT_MAX, POD_CAPABILITY_MAX, POD_CONTAINER_MAX, POD_MOUNT_MAX, POD_NETWORK_MAX, POD_VOLUME_MAX, UID_MAX } from "../../../src/limits.js";
import { isKernelError } from "../../../src/errors.js";
import { count, firstRepeat, int, list, name, object, text } from "../../../src/table/checks.js";
import { Columns } from "../../../src/table/columns.js";
import { eventColumns } from "../events.js";
import { NodeTable } from "./node-table.js";
import { POD_RESTART_POLICIES } from "./pod-definition.js";
import { PodTable } from "./pod-table.js";
import type { SavedOrchestrator } from "./orchestrator.js";
import { ORCHESTRATOR_EVENT_REASONS, PodState } from "./types.js";
import { validateDefinition } from "./validate.js";

const amount = int(0, Number.MAX_SAFE_INTEGER, "a whole number ≥ 0");
const resources = object({ cpuMillicores: amount, memoryBytes: amount });
const record = v.record(v.string("a key"), v.string("a value"), "labels");
const optionalText = v.optional(text(1024));

const CONTAINER_SPEC = object({
  name,
  image: text(256),
  command: optionalText,
  requests: resources,
  limits: resources,
  liveness: optionalText,
  readiness: optionalText,
  startup: optionalText,
  volumeMounts: list(object({ name, mountPath: text(1024), readOnly: v.boolean() }), POD_MOUNT_MAX, "POD_MOUNT_MAX"),
});

export const POD_DEFINITION_SCHEMA = object({
  name,
  labels: record,
  restartPolicy: v.picklist(POD_RESTART_POLICIES, "Always, OnFailure or Never"),
  nodeSelector: record,
  containers: list(CONTAINER_SPEC, POD_CONTAINER_MAX, "POD_CONTAINER_MAX"),
  volumes: list(object({ name, volume: name, readOnly: v.boolean() }), POD_VOLUME_MAX, "POD_VOLUME_MAX"),
  networks: list(name, POD_NETWORK_MAX, "POD_NETWORK_MAX"),
  security: object({ runAsUser: v.optional(int(0, UID_MAX, "a uid")), level: v.optional(text(64)), capabilities: list(text(64), POD_CAPABILITY_MAX, "POD_CAPABILITY_MAX") }),
});

const events = list(object(new Columns(1, eventColumns(ORCHESTRATOR_EVENT_REASONS)).entries()), CONTAINER_EVENT_MAX, "CONTAINER_EVENT_MAX");

export const SAVED_ORCHESTRATOR_SCHEMA = object({
  nodes: new NodeTable().table.schema(),
  pods: list(object({ ...new PodTable().table.rowEntries(), definition: POD_DEFINITION_SCHEMA }), new PodTable().table.capacity, "POD_COUNT_MAX"),
  podEvents: events,
  nodeEvents: events,
  nextPodSerial: count,
});

/** What is wrong with a saved orchestrator that its shape cannot say (a bound pod missing a container is restored Pending: Orchestrator.restore). */
export function orchestratorProblem(saved: SavedOrchestrator): string | undefined {
  const { nodes, pods } = saved;
  const nodeAt = Math.max(firstRepeat(nodes.map((n) => n.slot)), firstRepeat(nodes.map((n) => n.name)));
  if (nodeAt >= 0) return `containers.orchestrator.nodes[${nodeAt}]: slot or name of '${nodes[nodeAt]!.name}' is used twice`;
  const podAt = Math.max(firstRepeat(pods.map((p) => p.slot)), firstRepeat(pods.map((p) => p.name)), firstRepeat(pods.map((p) => p.serial)));
  if (podAt >= 0) return `containers.orchestrator.pods[${podAt}]: slot, name or serial of '${pods[podAt]!.name}' is used twice`;
  for (const [index, pod] of pods.entries()) {
    const where = `containers.orchestrator.pods[${index}]`;
    if (pod.definition.name !== pod.name) return `${where}.definition.name: '${pod.definition.name}' is not the pod's name '${pod.name}'`;
    try {
      validateDefinition(pod.definition);
    } catch (error) {
      if (!isKernelError(error)) throw error;
      return `${where}.definition: ${error.message}`;
    }
    if (pod.serial >= saved.nextPodSerial) return `${where}.serial: ${pod.serial} is not below nextPodSerial ${saved.nextPodSerial}`;
    const onNode = pod.state === PodState.Bound || pod.state === PodState.Lost;
    if (onNode !== pod.node >= 0) return `${where}.node: a ${onNode ? "bound" : "unbound"} pod ${onNode ? "names" : "names no"} node`;
    if (onNode && !nodes.some((n) => n.slot === pod.node)) return `${where}.node: no node in slot ${pod.node}`;
  }
  return undefined;
}
