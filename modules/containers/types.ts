// The containers module's vocabulary: the seed's nine container states and their transition
// table, the reasons a container ends, restart policies, probe kinds, event reasons, and the
// shapes the manager hands out (ContainerInfo for `ctr list`, ContainerDetail for `ctr show`).
//
//   create ─> Created ─start─> Starting ─started─> Running ⇄ (pause/resume) Paused
//   Starting, Running, Paused, Restarting ─stop─> Stopping ─stopped─> Stopped   (a person stopped it)
//   Starting, Running, Paused, Stopping ─kill─> Stopped                          (ctr kill: at once)
//   Running ─complete─> Terminated                                                (exit 0 on its own)
//   Starting, Running, Paused, Stopping ─fail─> Failed        (non-zero exit, OOMKilled, liveness kill)
//   Failed, Terminated ─restart─> Restarting ─restarted─> Starting   (the restart policy, after back-off)
//   Created, Stopped, Failed, Terminated ─start─> Starting;  ─remove─> (slot free)
//
// Starting lasts CONTAINER_START_MS; Restarting lasts the back-off (10 s doubling to 300 s);
// Stopping lasts until the workload exits on SIGTERM or the grace period ends in SIGKILL.

import type { Subject } from "../../src/gate.js";
import { defineMachine, UNALLOCATED } from "../../src/state-machine.js";

export const CONTAINER_STATE_NAMES = ["Created", "Starting", "Running", "Paused", "Stopping", "Stopped", "Failed", "Restarting", "Terminated"] as const;
export type ContainerStateName = (typeof CONTAINER_STATE_NAMES)[number];

export const ContainerState = {
  Created: 0,
  Starting: 1,
  Running: 2,
  Paused: 3,
  Stopping: 4,
  Stopped: 5,
  Failed: 6,
  Restarting: 7,
  Terminated: 8,
} as const;

const S = ContainerState;

export const CONTAINER_MACHINE = defineMachine("container", CONTAINER_STATE_NAMES, {
  create: { from: [UNALLOCATED], to: S.Created },
  start: { from: [S.Created, S.Stopped, S.Failed, S.Terminated], to: S.Starting },
  started: { from: [S.Starting], to: S.Running },
  pause: { from: [S.Running], to: S.Paused },
  resume: { from: [S.Paused], to: S.Running },
  stop: { from: [S.Starting, S.Running, S.Paused, S.Restarting], to: S.Stopping },
  stopped: { from: [S.Stopping], to: S.Stopped },
  kill: { from: [S.Starting, S.Running, S.Paused, S.Stopping], to: S.Stopped },
  complete: { from: [S.Running], to: S.Terminated },
  fail: { from: [S.Starting, S.Running, S.Paused, S.Stopping], to: S.Failed },
  restart: { from: [S.Failed, S.Terminated, S.Stopped], to: S.Restarting }, // from Stopped: only a pod's container, which its kubelet restarts
  restarted: { from: [S.Restarting], to: S.Starting },
  remove: { from: [S.Created, S.Stopped, S.Failed, S.Terminated], to: UNALLOCATED },
});

export type ContainerAction = keyof typeof CONTAINER_MACHINE.actions;

/** Actions the kernel takes by itself (the clock, the workload, the restart policy): never offered in a hint. */
export const INTERNAL_CONTAINER_ACTIONS: readonly ContainerAction[] = ["create", "started", "stopped", "complete", "fail", "restart", "restarted"];

/** Why a run ended, as Docker's State.Error/OOMKilled and Kubernetes' terminated reason show it. */
export const EXIT_REASONS = ["", "Completed", "Error", "OOMKilled", "ContainerCannotRun"] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];
export const ExitReason = { None: 0, Completed: 1, Error: 2, OOMKilled: 3, CannotRun: 4 } as const;

export const RESTART_POLICIES = ["no", "on-failure", "always", "unless-stopped"] as const;
export type RestartPolicyName = (typeof RESTART_POLICIES)[number];

export const PROBE_KINDS = ["startup", "liveness", "readiness"] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];
export const PROBE_HANDLERS = ["none", "exec", "http", "tcp"] as const;
export type ProbeHandler = (typeof PROBE_HANDLERS)[number];

/** Docker HEALTHCHECK status: none when no probe is set. */
export const HEALTH_NAMES = ["none", "starting", "healthy", "unhealthy"] as const;
export type HealthName = (typeof HEALTH_NAMES)[number];

/** Event reasons, as kubelet and dockerd name them. */
export const EVENT_REASONS = ["Pulled", "Created", "Started", "Unhealthy", "Killing", "BackOff", "OOMKilled", "Died", "Stopped", "Paused", "Resumed", "Removed", "Completed", "Ready", "NotReady", "BackoffLimitExceeded"] as const;
export type EventReason = (typeof EVENT_REASONS)[number];
/** Reasons Kubernetes reports as type Warning (the rest are Normal). */
export const WARNING_REASONS: readonly EventReason[] = ["Unhealthy", "BackOff", "OOMKilled", "Died", "BackoffLimitExceeded"];

export const NAMESPACE_KINDS = ["mnt", "uts", "ipc", "pid", "net", "user", "cgroup", "time"] as const;
export type NamespaceKind = (typeof NAMESPACE_KINDS)[number];

export const SIGNALS = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15 } as const;
export type SignalName = keyof typeof SIGNALS;
/** A process ended by a signal exits 128 + its number, as a shell reports it: 137 killed (SIGKILL, the OOM killer, a failed probe), 143 on SIGTERM. */
export const EXIT_KILLED = 128 + SIGNALS.KILL;

/** What `ctr run` / `ctr create` take (the shell parses sizes and durations into numbers). */
export interface ContainerSpec {
  readonly name: string;
  readonly image: string; // a reference the image store resolves: name[:tag] or an id prefix
  readonly pulledNow?: boolean; // kubelet pulled it for this container (its Pulled event says so)
  readonly command?: string; // the workload; the image's default when absent
  readonly cpuMillicores?: number; // 0 or absent: no limit
  readonly memoryBytes?: number; // 0 or absent: no limit (the host's memory)
  readonly ioBytesPerSecond?: number; // 0 or absent: no limit
  readonly pids?: number; // 0 or absent: no limit
  readonly restart?: string; // no | on-failure[:N] | always | unless-stopped
  readonly liveness?: string; // a probe: http:80/healthz,period=5s | tcp:80 | exec:cat /tmp/ok (probes.ts)
  readonly readiness?: string;
  readonly startup?: string;
  readonly uid?: number; // the user it runs as; the image's user when absent (see runBy)
  readonly runBy?: Subject; // who starts it (ctr run, ctr create): the uid rule of a pod's runAsUser applies (the decisions port); absent for a pod's members, whose uid the pod's subject fixed
  readonly correlation?: number; // the audit story its events belong to (a pod's container: the pod's); absent: each command's own
}

/** A probe as `ctr show` and `ctr inspect` give it, Kubernetes' field names. */
export interface ProbeInfo {
  readonly kind: ProbeKind;
  readonly handler: ProbeHandler;
  readonly target: string; // port and path for http, port for tcp, the command for exec
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
  readonly consecutiveSuccesses: number;
  readonly consecutiveFailures: number;
}

/** One row of `ctr list` (and of the panes). */
export interface ContainerInfo {
  readonly name: string;
  readonly id: string; // 64 hex; `ctr list` shows 12
  readonly image: string;
  readonly command: string;
  readonly state: ContainerStateName;
  readonly status: string; // as `docker ps` says it: "Up 5 seconds", "Exited (137) 3 seconds ago", "Restarting (1) 8 seconds ago"
  readonly ready: boolean;
  readonly health: HealthName;
  readonly restarts: number;
  readonly exitCode: number | null; // null before the first exit
  readonly reason: Exclude<ExitReason, ""> | null; // null until a run ends
  readonly createdMs: number;
  readonly cpuMillicores: number; // used now (min of want and limit)
  readonly cpuLimitMillicores: number; // 0: none
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number; // 0: none
  readonly uid: number;
}

/** `ctr show`: the row plus the translation to Docker and Kubernetes, limits, probes, namespaces. */
export interface ContainerDetail extends ContainerInfo {
  readonly dockerStatus: string; // created, restarting, running, paused, exited, dead
  readonly kubernetesState: string; // Waiting, Running, Terminated
  readonly kubernetesReason: string | null; // ContainerCreating, CrashLoopBackOff, OOMKilled, Error, Completed, or null
  readonly restartPolicy: string; // "on-failure:3"
  readonly backOffMs: number; // the wait before the next restart
  readonly gaveUp: boolean; // on-failure:N ran out of restarts: none comes
  readonly startedMs: number | null; // null before the first start
  readonly finishedMs: number | null; // null before the first exit
  readonly nextActionMs: number | null; // when Starting/Stopping/Restarting ends, null otherwise
  readonly ioLimitBytesPerSecond: number;
  readonly pidsLimit: number;
  readonly probes: readonly ProbeInfo[];
  readonly namespaces: readonly { readonly kind: NamespaceKind; readonly id: number }[];
  readonly hostname: string;
}

/** `ctr stats`: docker stats' columns plus cgroup cpu.stat. */
export interface ContainerStats {
  readonly name: string;
  readonly id: string;
  readonly cpuPercent: number; // 100 = one core
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number; // the host's memory when the container has no limit, as docker shows
  readonly memoryPercent: number;
  readonly netRxBytes: number;
  readonly netTxBytes: number;
  readonly blockReadBytes: number;
  readonly blockWriteBytes: number;
  readonly pids: number;
  readonly cpuUsageMs: number; // cpu.stat usage_usec / 1000, this run
  readonly nrPeriods: number;
  readonly nrThrottled: number;
  readonly throttledMs: number; // cpu.stat throttled_usec / 1000
}

export interface LogLine {
  readonly timeMs: number;
  readonly text: string;
}

export interface ContainerEvent {
  readonly timeMs: number;
  readonly type: "Normal" | "Warning";
  readonly reason: EventReason;
  readonly object: string; // the container's name
  readonly message: string;
}

export interface ExecResult {
  readonly exitCode: number;
  readonly output: readonly string[];
}

/** A row for `watch ctr` and `top`: figures kept by the runtime, read without a rescan of anything but the row. */
export interface ContainerRow {
  readonly name: string;
  readonly state: ContainerStateName;
  readonly image: string;
  readonly cpuMillicores: number;
  readonly cpuLimitMillicores: number;
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number;
  readonly restarts: number;
  readonly ready: boolean;
  readonly health: HealthName;
  readonly reason: Exclude<ExitReason, ""> | null; // null until a run ends
  readonly uptimeMs: number; // time in the current run; 0 when not running
  readonly createdMs: number; // a pane's AGE, as k9s shows it
}
