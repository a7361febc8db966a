// The container manager's part of state.json: the shape (valibot), bounded by its tables, and
// the relations one field alone cannot show (names and slots used once, a workload that parses,
// an image the store holds, times in order).

import * as v from "valibot";
import { CONTAINER_COUNT_MAX, CONTAINER_EVENT_MAX, CONTAINER_LOG_LINES_MAX, PROBE_PERIOD_MS_MIN } from "../../src/limits.js";
import { count, firstRepeat, int, list, object, text, time } from "../../src/table/checks.js";
import { Columns } from "../../src/table/columns.js";
import { isKernelError } from "../../src/errors.js";
import { ContainerTable } from "./container-table.js";
import { EVENT_COLUMNS } from "./events.js";
import { imagesProblem, SAVED_IMAGES_SCHEMA } from "./images/index.js";
import { PROBE_COLUMNS, PROBE_KIND_COUNT } from "./probes.js";
import type { SavedContainers } from "./saved-containers.js";
import { HOST_NAMESPACE_IDS } from "./namespaces.js";
import { NAMESPACE_KINDS } from "./types.js";
import { parseWorkload } from "./workload.js";
import { orchestratorProblem, SAVED_ORCHESTRATOR_SCHEMA } from "./orchestrator/saved-schema.js";

const probeRow = object(new Columns(1, PROBE_COLUMNS).entries());
const logLine = object({ timeMs: time, text: text(1024) });
const lowestNamespaceId = Math.min(...Object.values(HOST_NAMESPACE_IDS)); // the host's lowest; a container's own come after them
const namespaceId = int(lowestNamespaceId, 2 ** 32 - 1, `a namespace id ≥ ${lowestNamespaceId}`);

export const SAVED_CONTAINERS_SCHEMA = object({
  images: SAVED_IMAGES_SCHEMA,
  containers: list(
    object({
      ...new ContainerTable().rowEntries(),
      namespaces: v.pipe(v.array(namespaceId, "a list"), v.length(NAMESPACE_KINDS.length, `${NAMESPACE_KINDS.length} namespace ids`)),
      probes: v.pipe(v.array(probeRow, "a list"), v.length(PROBE_KIND_COUNT, `${PROBE_KIND_COUNT} probe rows`)),
      logs: list(logLine, CONTAINER_LOG_LINES_MAX, "CONTAINER_LOG_LINES_MAX"),
    }),
    CONTAINER_COUNT_MAX,
    "CONTAINER_COUNT_MAX",
  ),
  events: list(object(new Columns(1, EVENT_COLUMNS).entries()), CONTAINER_EVENT_MAX, "CONTAINER_EVENT_MAX"),
  nextSerial: count,
  orchestrator: v.optional(SAVED_ORCHESTRATOR_SCHEMA), // absent in states from before pods
});

export function containersProblem(saved: SavedContainers): string | undefined {
  const images = imagesProblem(saved.images);
  if (images !== undefined) return `containers.${images}`;
  const { containers } = saved;
  const at = Math.max(firstRepeat(containers.map((c) => c.slot)), firstRepeat(containers.map((c) => c.name)), firstRepeat(containers.map((c) => c.serial)));
  if (at >= 0) return `containers.containers[${at}]: slot, name or serial of '${containers[at]!.name}' is used twice`;
  for (const [index, c] of containers.entries()) {
    const where = `containers.containers[${index}]`;
    try {
      parseWorkload(c.command);
    } catch (error) {
      if (!isKernelError(error)) throw error;
      return `${where}.command: ${error.message}`;
    }
    if (!saved.images.images.some((image) => image.id === c.imageId)) return `${where}.imageId: no image ${c.imageId} is held`;
    if (c.serial >= saved.nextSerial) return `${where}.serial: ${c.serial} is not below nextSerial ${saved.nextSerial}`;
    if (c.startedMs > c.settledMs && c.startedMs >= 0) return `${where}: started after it was last settled`;
    const probe = c.probes.findIndex((p) => p.handler !== 0 && (p.periodMs < PROBE_PERIOD_MS_MIN || p.successThreshold < 1 || p.failureThreshold < 1));
    if (probe >= 0) return `${where}.probes[${probe}]: a probe runs at least every ${PROBE_PERIOD_MS_MIN} ms with thresholds of 1 or more`;
  }
  return saved.orchestrator === undefined ? undefined : orchestratorProblem(saved.orchestrator);
}
