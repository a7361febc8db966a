// The container table: CONTAINER_COUNT_MAX rows, one typed array per field (columns.ts gives the
// saved form and its checks from this one declaration), plus each slot's parsed workload and its
// eight namespace ids. Times are simulated ms; -1 means "not yet" / "none".

import { IMAGE_REFERENCE_LENGTH_MAX, CONTAINER_COUNT_MAX, CONTAINER_CPU_MILLICORES_MAX, CONTAINER_MEMORY_BYTES_MAX, CONTAINER_PIDS_MAX, CONTAINER_RESTART_COUNT_MAX, CONTAINER_WORKLOAD_LENGTH_MAX, UID_MAX } from "../../src/limits.js";
import { count, enumIndex, int, text, time, timeOrNone } from "../../src/table/checks.js";
import { numbers, Table, texts, type SavedRow } from "../../src/table/columns.js";
import { CONTAINER_STATE_NAMES, EXIT_REASONS, HEALTH_NAMES, NAMESPACE_KINDS, RESTART_POLICIES } from "./types.js";
import type { Program } from "./workload.js";

const flag = int(0, 1);

const CONTAINER_COLUMNS = {
  state: numbers(Uint8Array, enumIndex(CONTAINER_STATE_NAMES, "a container state")),
  image: texts(text(IMAGE_REFERENCE_LENGTH_MAX)), // the reference as resolved: repository:tag
  imageId: texts(text(IMAGE_REFERENCE_LENGTH_MAX)), // sha256:<64 hex>
  command: texts(text(CONTAINER_WORKLOAD_LENGTH_MAX)),
  serial: numbers(Uint32Array, int(0, 2 ** 32 - 1, "a container serial")), // the n-th container created: its id and namespaces come from it
  uid: numbers(Uint32Array, int(0, UID_MAX, "a uid")),
  cpuLimit: numbers(Uint32Array, int(0, CONTAINER_CPU_MILLICORES_MAX, "millicores")), // 0: none
  memoryLimit: numbers(Float64Array, int(0, CONTAINER_MEMORY_BYTES_MAX, "bytes")), // 0: none
  ioLimit: numbers(Float64Array, count), // bytes/s, 0: none
  pidsLimit: numbers(Uint16Array, int(0, CONTAINER_PIDS_MAX)), // 0: none
  policy: numbers(Uint8Array, enumIndex(RESTART_POLICIES, "a restart policy")),
  maxRetries: numbers(Uint32Array, int(0, CONTAINER_RESTART_COUNT_MAX)),
  restarts: numbers(Uint32Array, int(0, CONTAINER_RESTART_COUNT_MAX)),
  exitCode: numbers(Int16Array, int(-1, 255, "an exit code -1..255"), -1),
  reason: numbers(Uint8Array, enumIndex(EXIT_REASONS, "an exit reason")),
  createdMs: numbers(Float64Array, time),
  startedMs: numbers(Float64Array, timeOrNone, -1), // when the current (or last) run started
  finishedMs: numbers(Float64Array, timeOrNone, -1), // when the last run ended
  settledMs: numbers(Float64Array, time), // the moment activeMs was last brought up to date
  activeMs: numbers(Float64Array, time), // a duration, with the clock's fractions of a ms (the interactive clock follows the wall): ms the current run has been running (not paused) at settledMs
  nextActionMs: numbers(Float64Array, timeOrNone, -1), // end of Starting, Stopping or Restarting
  stopExitCode: numbers(Int16Array, int(-1, 255), -1), // what the run ends with when Stopping ends (0 or 128+n on the stop signal, 137 killed)
  backOffMs: numbers(Float64Array, count), // the wait before the last restart, 0 before any
  manualStop: numbers(Uint8Array, flag), // a person stopped or killed it: the policy leaves it
  ready: numbers(Uint8Array, flag),
  health: numbers(Uint8Array, enumIndex(HEALTH_NAMES, "a health status")),
  startupPassed: numbers(Uint8Array, flag),
  netRx: numbers(Float64Array, count),
  netTx: numbers(Float64Array, count),
};

const OPTIONS = { nameKey: "name" } as const;

export type SavedContainerRow = SavedRow<typeof CONTAINER_COLUMNS, "name"> & { namespaces: number[] };

export class ContainerTable {
  readonly table = new Table("container", CONTAINER_COUNT_MAX, "CONTAINER_COUNT_MAX", CONTAINER_COLUMNS, OPTIONS);
  readonly slots = this.table.slots;
  readonly c = this.table.arrays;
  /** The parsed workload of each used slot (parsed from `command` at create and restore). */
  readonly programs: (Program | undefined)[] = new Array<Program | undefined>(CONTAINER_COUNT_MAX).fill(undefined);
  /** NAMESPACE_KINDS ids per slot (slot * 8 + kind). */
  readonly namespaces = new Uint32Array(CONTAINER_COUNT_MAX * NAMESPACE_KINDS.length);

  program(slot: number): Program {
    return this.programs[slot]!;
  }

  free(slot: number): void {
    this.programs[slot] = undefined;
    this.namespaces.fill(0, slot * NAMESPACE_KINDS.length, (slot + 1) * NAMESPACE_KINDS.length);
    this.table.free(slot);
  }

  rowToJSON(slot: number): SavedContainerRow {
    return { ...this.table.rowToJSON(slot), namespaces: [...this.namespaces.subarray(slot * NAMESPACE_KINDS.length, (slot + 1) * NAMESPACE_KINDS.length)] };
  }

  restoreRow(row: SavedContainerRow, program: Program): number {
    const slot = this.table.restoreRow(row);
    this.programs[slot] = program;
    this.namespaces.set(row.namespaces, slot * NAMESPACE_KINDS.length);
    return slot;
  }

  rowEntries() {
    return this.table.rowEntries();
  }
}
