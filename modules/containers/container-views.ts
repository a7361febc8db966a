// What the manager hands out about a container, read from its row and the closed-form figures of
// its run at `now` (nothing is written): a `ctr list` row, `ctr show`'s detail with the Docker and
// Kubernetes words for its state, `ctr stats`' docker-stats figures and a pane's row.

import type { ContainerParts } from "./container-parts.js";
import { containerIdOf, hostnameOf } from "./identity.js";
import { namespacesOf } from "./namespaces.js";
import { formatRestartPolicy, retriesExhausted } from "./restart-policy.js";
import { CONTAINER_STATE_NAMES, ContainerState, EXIT_REASONS, HEALTH_NAMES, type ContainerDetail, type ContainerInfo, type ContainerRow, type ContainerStats } from "./types.js";
import { bytesWrittenAt, pidsOf } from "./workload.js";

const S = ContainerState;
/** The table's -1 ("not yet": no exit, no start) as --json says it: null. */
const orNull = (value: number) => (value < 0 ? null : value);

/** What a `ctr list` row and a pane's row share: the state and the figures against the limits. */
function commonFields(parts: ContainerParts, slot: number, nowMs: number) {
  const c = parts.table.c;
  const figures = parts.figures(slot, nowMs);
  return {
    name: parts.nameOf(slot),
    image: parts.images.nameFor(c.imageId[slot]!, c.image[slot]!),
    state: CONTAINER_STATE_NAMES[c.state[slot]!]!,
    ready: c.ready[slot] === 1 && parts.state(slot) === S.Running,
    health: HEALTH_NAMES[c.health[slot]!]!,
    restarts: c.restarts[slot]!,
    reason: EXIT_REASONS[c.reason[slot]!] || null, // null until a run ends
    createdMs: c.createdMs[slot]!,
    cpuMillicores: figures.cpuMillicores,
    cpuLimitMillicores: c.cpuLimit[slot]!,
    memoryBytes: figures.memoryBytes,
    memoryLimitBytes: c.memoryLimit[slot]!,
  };
}

export function containerInfo(parts: ContainerParts, slot: number, nowMs: number): ContainerInfo {
  const c = parts.table.c;
  return { ...commonFields(parts, slot, nowMs), id: containerIdOf(c.serial[slot]!), command: c.command[slot]!, status: dockerStatusLine(parts, slot, nowMs), exitCode: orNull(c.exitCode[slot]!), uid: c.uid[slot]! };
}

export function containerDetail(parts: ContainerParts, slot: number, nowMs: number): ContainerDetail {
  const c = parts.table.c;
  const [kubernetesState, kubernetesReason] = kubernetesStateOf(parts, slot);
  return {
    ...containerInfo(parts, slot, nowMs),
    dockerStatus: DOCKER_STATUS[c.state[slot]!]!,
    kubernetesState,
    kubernetesReason: kubernetesReason || null,
    restartPolicy: formatRestartPolicy(c.policy[slot]!, c.maxRetries[slot]!),
    backOffMs: c.backOffMs[slot]!,
    gaveUp: c.state[slot] === ContainerState.Failed && c.manualStop[slot] === 0 && retriesExhausted(c.policy[slot]!, c.maxRetries[slot]!, c.restarts[slot]!, c.exitCode[slot]!),
    startedMs: orNull(c.startedMs[slot]!),
    finishedMs: orNull(c.finishedMs[slot]!),
    nextActionMs: orNull(c.nextActionMs[slot]!),
    ioLimitBytesPerSecond: c.ioLimit[slot]!,
    pidsLimit: c.pidsLimit[slot]!,
    probes: parts.probes.info(slot),
    namespaces: namespacesOf(parts.table.namespaces, slot),
    hostname: hostnameOf(c.serial[slot]!),
  };
}

export function containerStats(parts: ContainerParts, slot: number, nowMs: number): ContainerStats {
  const c = parts.table.c;
  const figures = parts.figures(slot, nowMs);
  const program = parts.table.program(slot);
  const limit = parts.memoryLimit(slot); // the host's memory when it has none, as docker stats shows
  return {
    name: parts.nameOf(slot),
    id: containerIdOf(c.serial[slot]!),
    cpuPercent: figures.cpuMillicores / 10,
    memoryBytes: figures.memoryBytes,
    memoryLimitBytes: limit,
    memoryPercent: (figures.memoryBytes / limit) * 100,
    netRxBytes: c.netRx[slot]!,
    netTxBytes: c.netTx[slot]!,
    blockReadBytes: 0,
    blockWriteBytes: parts.live(slot) && program.writeBytesPerSecond > 0 ? bytesWrittenAt(program, figures.activeMs, c.ioLimit[slot]!) : 0,
    pids: parts.live(slot) ? pidsOf(program) : 0,
    cpuUsageMs: figures.cpuUsageMs,
    nrPeriods: figures.nrPeriods,
    nrThrottled: figures.nrThrottled,
    throttledMs: figures.throttledMs,
  };
}

export function containerRow(parts: ContainerParts, slot: number, nowMs: number): ContainerRow {
  return { ...commonFields(parts, slot, nowMs), uptimeMs: parts.live(slot) ? nowMs - parts.table.c.startedMs[slot]! : 0 };
}

/** docker inspect's State.Status for each of the nine states. */
const DOCKER_STATUS = ["created", "running", "running", "paused", "running", "exited", "exited", "restarting", "exited"] as const;

/** Kubernetes' containerStatuses[].state and its reason. */
function kubernetesStateOf(parts: ContainerParts, slot: number): [string, string] {
  const c = parts.table.c;
  switch (parts.state(slot)) {
    case S.Created:
    case S.Starting: return ["Waiting", "ContainerCreating"];
    case S.Running:
    case S.Paused:
    case S.Stopping: return ["Running", ""];
    case S.Restarting: return ["Waiting", "CrashLoopBackOff"];
    default: return ["Terminated", EXIT_REASONS[c.reason[slot]!] || "Error"];
  }
}

/** `docker ps`'s STATUS: "Up 5 seconds (healthy)", "Exited (137) 3 seconds ago", "Restarting (1) 8 seconds ago". */
function dockerStatusLine(parts: ContainerParts, slot: number, nowMs: number): string {
  const c = parts.table.c;
  const health = HEALTH_NAMES[c.health[slot]!]!;
  const healthText = health === "none" ? "" : health === "starting" ? " (health: starting)" : ` (${health})`;
  const since = (ms: number) => humanDuration(nowMs - ms);
  switch (parts.state(slot)) {
    case S.Created: return "Created";
    case S.Starting: return "Starting";
    case S.Running: return `Up ${since(c.startedMs[slot]!)}${healthText}`;
    case S.Paused: return `Up ${since(c.startedMs[slot]!)} (Paused)`;
    case S.Stopping: return `Up ${since(c.startedMs[slot]!)} (stopping)`;
    case S.Restarting: return `Restarting (${c.exitCode[slot]}) ${since(c.finishedMs[slot]!)} ago`;
    default: return `Exited (${c.exitCode[slot]}) ${since(c.finishedMs[slot]!)} ago`;
  }
}

/** Docker's human durations (go-units HumanDuration). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  return `${Math.floor(hours / 24)} days`;
}
