// The saved form of the container manager (its part of state.json) and the two walks between it
// and the live parts: the image store's part, each container's row with its namespaces, its three
// probe rows and its log ring, the event ring, and the next serial. Timers and the parsed
// workloads are not saved: a restored manager parses each command again and sets its timer from
// the saved times (runtime.ts). Validation of the shape is in saved-schema.ts.

import { assert } from "../../src/assert.js";
import type { ContainerParts } from "./container-parts.js";
import type { SavedContainerRow } from "./container-table.js";
import type { SavedEvent } from "./events.js";
import type { SavedImages } from "./images/index.js";
import { PROBE_COLUMNS, PROBE_KIND_COUNT } from "./probes.js";
import type { RowOf } from "../../src/table/columns.js";
import type { LogLine } from "./types.js";
import { parseWorkload } from "./workload.js";
import type { SavedOrchestrator } from "./orchestrator/orchestrator.js";

type SavedProbeRow = RowOf<typeof PROBE_COLUMNS>;

export interface SavedContainers {
  readonly images: SavedImages;
  readonly containers: (SavedContainerRow & { probes: SavedProbeRow[]; logs: LogLine[] })[];
  readonly events: SavedEvent[];
  readonly nextSerial: number;
  readonly orchestrator?: SavedOrchestrator; // absent in states from before pods
}

export function saveContainers(parts: ContainerParts): SavedContainers {
  return {
    images: parts.images.toJSON(),
    containers: parts.table.slots.slots().map((slot) => ({
      ...parts.table.rowToJSON(slot),
      probes: Array.from({ length: PROBE_KIND_COUNT }, (_, kind) => parts.probes.columns.row(slot * PROBE_KIND_COUNT + kind)),
      logs: parts.logs.toJSON(slot),
    })),
    events: parts.events.toJSON(),
    nextSerial: parts.nextSerial,
  };
}

export function restoreContainers(parts: ContainerParts, saved: SavedContainers): void {
  assert(parts.table.slots.count() === 0, "restore goes into an empty manager");
  parts.images.restore(saved.images);
  for (const row of saved.containers) {
    const slot = parts.table.restoreRow(row, parseWorkload(row.command));
    row.probes.forEach((probe, kind) => parts.probes.columns.setRow(slot * PROBE_KIND_COUNT + kind, probe));
    parts.logs.restore(slot, row.logs);
    parts.deriveEnd(slot);
  }
  parts.events.restore(saved.events);
  parts.nextSerial = saved.nextSerial;
}
