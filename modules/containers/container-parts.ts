// The parts of one container manager, shared by its helpers (runtime.ts, probe-runner.ts,
// container-views.ts, saved-containers.ts): the tables, the rings, the clock, and the figures of a
// run read in closed form from the workload (nothing here steps time; it reads it).

import type { Clock } from "../../src/clock.js";
import { CONTAINER_COUNT_MAX, CONTAINER_CPU_PERIOD_MS, CONTAINER_HOST_MEMORY_BYTES } from "../../src/limits.js";
import type { AuditTrail } from "../../src/ports.js";
import type { AttachmentPorts } from "./attachments/index.js";
import { fail } from "../../src/errors.js";
import { legalActions, transition } from "../../src/state-machine.js";
import { ContainerTable } from "./container-table.js";
import { EventLog } from "./events.js";
import type { ExecContext } from "./exec.js";
import { hostnameOf } from "./identity.js";
import type { ImageConfig, ImageStore } from "./images/index.js";
import { LogRings } from "./logs.js";
import type { PodAttachmentsSeam } from "./orchestrator/attachments-seam.js";
import { ProbeTable } from "./probes.js";
import { CONTAINER_MACHINE, CONTAINER_STATE_NAMES, ContainerState, INTERNAL_CONTAINER_ACTIONS, type ContainerAction, type EventReason } from "./types.js";
import { cpuWantAt, memoryAt, memoryReachesAt, NEVER, pidsOf } from "./workload.js";

export interface ContainerPorts {
  readonly trail: AuditTrail;
  /** Pods' volumes and interfaces (modules/containers/attachments); absent: nodes reach everything, pods get no IP. */
  readonly attachments?: PodAttachmentsSeam;
  /** The ports a pod's attachments reach (storage's mounts, network's podNetwork, the decisions): the manager builds them (attachments/). */
  readonly attachmentPorts?: Omit<AttachmentPorts, "trail">;
}

/** The figures of a run at one moment (cgroup cpu.stat and memory.current, as docker stats reads them). */
interface RunFigures {
  readonly activeMs: number;
  readonly memoryBytes: number;
  readonly cpuMillicores: number; // used now
  readonly cpuUsageMs: number;
  readonly nrPeriods: number;
  readonly nrThrottled: number;
  readonly throttledMs: number;
}

export class ContainerParts {
  readonly table = new ContainerTable();
  readonly probes = new ProbeTable();
  readonly logs = new LogRings();
  readonly events: EventLog;
  /** Active ms of the run at which the workload ends by itself (exit, crash or OOM), NEVER if it does not; derived, not saved. */
  readonly endActiveMs = new Float64Array(this.table.slots.capacity).fill(NEVER);
  nextSerial = 0;
  /** The audit story of a pod's container (its pod's correlation id; 0: none, its events take the running command's); set by the orchestrator, not saved. */
  readonly correlation = new Float64Array(CONTAINER_COUNT_MAX);

  /** imageConfig's answers, each with the image id it is for (a slot reused by another container misses). */
  private readonly configs: (ImageConfig | undefined)[] = new Array<ImageConfig | undefined>(CONTAINER_COUNT_MAX).fill(undefined);
  private readonly configImageIds: string[] = new Array<string>(CONTAINER_COUNT_MAX).fill("");

  constructor(
    readonly clock: Clock,
    readonly images: ImageStore,
    readonly ports: ContainerPorts,
  ) {
    this.events = new EventLog(() => ports.trail);
  }

  slotOf(name: string): number {
    return this.table.slots.find(name);
  }

  nameOf(slot: number): string {
    return this.table.slots.nameOf(slot);
  }

  state(slot: number): number {
    return this.table.c.state[slot]!;
  }

  /** The one way a container's state changes: checked against CONTAINER_MACHINE; a refusal names the state and what a person may do from it. */
  move(slot: number, action: ContainerAction): void {
    this.check(slot, action);
    this.table.c.state[slot] = transition(CONTAINER_MACHINE, () => this.nameOf(slot), this.state(slot), action);
  }

  /** Fails as `move` would, changing nothing. */
  check(slot: number, action: ContainerAction): void {
    const state = this.state(slot);
    if (CONTAINER_MACHINE.actions[action].from.includes(state)) return;
    const name = CONTAINER_STATE_NAMES[state]!;
    const legal = legalActions(CONTAINER_MACHINE, state).filter((a) => !INTERNAL_CONTAINER_ACTIONS.includes(a));
    fail("EBUSY", `cannot ${action} container '${this.nameOf(slot)}': it is ${name}`, legal.length > 0 ? `legal from ${name}: ${legal.join(", ")}` : `nothing is legal from ${name}: it changes by itself (wait, or ctr show)`);
  }

  event(slot: number, reason: EventReason, message: string): void {
    const correlation = this.correlation[slot]!;
    this.events.record(this.clock.now(), reason, this.nameOf(slot), this.table.c.uid[slot]!, message, correlation === 0 ? undefined : correlation);
  }

  /** The workload's process runs (its active time moves) in Running and Stopping; Paused freezes it. */
  runs(slot: number): boolean {
    const state = this.state(slot);
    return state === ContainerState.Running || state === ContainerState.Stopping;
  }

  /** A run exists (started, not ended): Running, Paused or Stopping. */
  live(slot: number): boolean {
    return this.runs(slot) || this.state(slot) === ContainerState.Paused;
  }

  activeAt(slot: number, nowMs: number): number {
    const c = this.table.c;
    return c.activeMs[slot]! + (this.runs(slot) ? nowMs - c.settledMs[slot]! : 0);
  }

  /** What `ctr exec` and an exec probe run against: the container's hostname, user, workload at `nowMs` and namespaces. */
  execContext(slot: number, nowMs: number): ExecContext {
    const c = this.table.c;
    return { hostname: hostnameOf(c.serial[slot]!), uid: c.uid[slot]!, program: this.table.program(slot), activeMs: this.activeAt(slot, nowMs), namespaceIds: this.table.namespaces, slot, protocol: this.imageConfig(slot).protocol };
  }

  /** The config of the image the container runs (a used image keeps a reference: image rm refuses to delete it); probes ask often, so it is kept per slot. */
  imageConfig(slot: number): ImageConfig {
    const imageId = this.table.c.imageId[slot]!;
    if (this.configImageIds[slot] !== imageId) {
      this.configs[slot] = this.images.resolve(imageId).config;
      this.configImageIds[slot] = imageId;
    }
    return this.configs[slot]!;
  }

  memoryLimit(slot: number): number {
    return this.table.c.memoryLimit[slot]! || CONTAINER_HOST_MEMORY_BYTES;
  }

  /** Recomputes when the workload ends by itself (at create, start and restore): at once when it needs more processes than its pids limit. */
  deriveEnd(slot: number): void {
    const program = this.table.program(slot);
    if (this.forkFails(slot)) {
      this.endActiveMs[slot] = 0;
      return;
    }
    const oom = memoryReachesAt(program, this.memoryLimit(slot));
    const ends = [program.endMs, oom].filter((at) => at !== NEVER);
    this.endActiveMs[slot] = ends.length === 0 ? NEVER : Math.min(...ends);
  }

  /** The workload needs more processes than the pids limit allows (pids.max): its fork fails as it starts. */
  forkFails(slot: number): boolean {
    const limit = this.table.c.pidsLimit[slot]!;
    return limit > 0 && pidsOf(this.table.program(slot)) > limit;
  }

  /** Whether the end at endActiveMs is the OOM killer's (memory reaches the limit first). */
  endsInOom(slot: number): boolean {
    const program = this.table.program(slot);
    const oom = memoryReachesAt(program, this.memoryLimit(slot));
    return oom !== NEVER && (program.endMs === NEVER || oom <= program.endMs);
  }

  figures(slot: number, nowMs: number): RunFigures {
    const c = this.table.c;
    const program = this.table.program(slot);
    if (!this.live(slot)) return { activeMs: 0, memoryBytes: 0, cpuMillicores: 0, cpuUsageMs: 0, nrPeriods: 0, nrThrottled: 0, throttledMs: 0 };
    const activeMs = this.activeAt(slot, nowMs);
    const want = cpuWantAt(program, activeMs);
    const limit = c.cpuLimit[slot]!;
    const used = limit > 0 ? Math.min(want, limit) : want;
    const busyMs = want > 0 ? Math.max(0, activeMs - program.cpuAtMs) : 0;
    const throttled = limit > 0 && want > limit;
    const nrPeriods = Math.floor(busyMs / CONTAINER_CPU_PERIOD_MS);
    return {
      activeMs,
      memoryBytes: memoryAt(program, activeMs),
      cpuMillicores: this.runs(slot) ? used : 0,
      cpuUsageMs: (used * busyMs) / 1000,
      nrPeriods,
      nrThrottled: throttled ? nrPeriods : 0,
      throttledMs: throttled ? busyMs * (1 - limit / want) : 0,
    };
  }
}
