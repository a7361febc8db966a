// ContainerManager: the kernel's containers (seed Task 3, issue 15), CONTAINER_COUNT_MAX of them,
// each running a simulated workload (workload.ts) from an image of the image store it holds
// (`images`), under CPU, memory, IO and pids limits, with probes, a restart policy and its own
// namespaces. Everything clock-driven is runtime.ts's; this file is the public surface.
//
// States (types.ts): Created -> Starting -> Running <-> Paused; Stopping -> Stopped (a person);
// Terminated (exit 0) or Failed (non-zero, OOMKilled, a probe's kill) -> Restarting -> Starting
// when the restart policy says so, after the back-off; remove frees the slot.
//
// Interface, in call order: images.pull -> create | run -> start -> pause / resume -> exec ->
// stop | kill -> remove. Reads: list, show, logs, stats, inspect, events, rows (panes), names,
// imageUser (image rm's usedBy). Typical: images.pull("nginx"); run({ name: "web", image:
// "nginx", memoryBytes: 64M, liveness: "http:80" }); sleep 1m; show("web") is Running, healthy.

import { assert } from "../../src/assert.js";
import type { Clock } from "../../src/clock.js";
import { formatSimTime } from "../../src/clock.js";
import { fail } from "../../src/errors.js";
import { Rng } from "../../src/rng.js";
import { formatBytes } from "../../src/units.js";
import { transition, UNALLOCATED } from "../../src/state-machine.js";
import { CONTAINER_CPU_MILLICORES_MAX, CONTAINER_START_MS, CONTAINER_MEMORY_BYTES_MAX, CONTAINER_MEMORY_BYTES_MIN, CONTAINER_PIDS_MAX, CONTAINER_STOP_GRACE_MS_DEFAULT, DURATION_MS_MAX, UID_MAX } from "../../src/limits.js";
import { ContainerParts, type ContainerPorts } from "./container-parts.js";
import { containerDetail, containerInfo, containerRow, containerStats } from "./container-views.js";
import { runExec } from "./exec.js";
import { Attachments } from "./attachments/index.js";
import { ImageStore } from "./images/index.js";
import { Orchestrator } from "./orchestrator/index.js";
import { assignNamespaces } from "./namespaces.js";
import { parseProbe } from "./probes.js";
import { parseRestartPolicy } from "./restart-policy.js";
import { ContainerRuntime } from "./runtime.js";
import { restoreContainers, saveContainers, type SavedContainers } from "./saved-containers.js";
import { CONTAINER_MACHINE, ContainerState, PROBE_KINDS, SIGNALS, type ContainerDetail, type ContainerEvent, type ContainerInfo, type ContainerRow, type ContainerSpec, type ContainerStats, type ExecResult, type LogLine, type SignalName } from "./types.js";
import { parseWorkload } from "./workload.js";

export type { SavedContainers } from "./saved-containers.js";

const S = ContainerState;

export class ContainerManager {
  readonly images = new ImageStore();
  readonly parts: ContainerParts;
  readonly runtime: ContainerRuntime;
  /** Nodes, pods and the scheduler (issue 16): a pod's containers are this manager's. */
  readonly orchestrator: Orchestrator;
  /** A pod's volumes and interfaces in storage and network (attachments/); undefined in a manager built without those ports. */
  readonly attachments: Attachments | undefined;

  /** `rng` breaks the scheduler's ties (the kernel's seeded PRNG; a fixed seed where none is handed in). */
  constructor(clock: Clock, ports: ContainerPorts, rng = new Rng(0)) {
    this.parts = new ContainerParts(clock, this.images, ports);
    this.runtime = new ContainerRuntime(this.parts);
    const reach = ports.attachmentPorts;
    this.attachments = reach === undefined ? undefined : new Attachments(this.parts, { get mounts() { return reach.mounts; }, get podNetwork() { return reach.podNetwork; }, get decisions() { return reach.decisions; }, get trail() { return ports.trail; } });
    this.orchestrator = new Orchestrator(this, clock, rng, { get trail() { return ports.trail; }, attachments: this.attachments ?? ports.attachments, get decisions() { return reach?.decisions; } });
  }

  private get now(): number {
    return this.parts.clock.now();
  }

  /** A container in Created, from an image already pulled; its workload, limits and probes are checked first. */
  create(spec: ContainerSpec, action = "ctr.create"): ContainerInfo {
    const pod = this.orchestrator.reservedBy(spec.name);
    if (pod !== undefined) fail("EEXIST", `container name '${spec.name}' is pod ${pod}'s: a pod's containers are named <pod>-<container>`, "choose another --name");
    return this.createOfPod(spec, action);
  }

  /** `create` as the orchestrator does it for its pods' containers (no name check: the pod holds the name). */
  createOfPod(spec: ContainerSpec, action = "ctr.create"): ContainerInfo {
    const image = this.images.resolve(spec.image);
    const uid = this.uidOf(spec, image.config.user, action);
    const command = spec.command ?? image.config.cmd;
    const program = parseWorkload(command);
    const restart = parseRestartPolicy(spec.restart ?? "no");
    const probes = PROBE_KINDS.map((kind) => (spec[kind] === undefined ? undefined : parseProbe(spec[kind], kind)));
    checkLimit(spec.cpuMillicores, CONTAINER_CPU_MILLICORES_MAX, "CPU limit (millicores)");
    checkMemoryLimit(spec.memoryBytes);
    checkLimit(spec.ioBytesPerSecond, Number.MAX_SAFE_INTEGER, "IO limit (bytes/s)");
    checkLimit(spec.pids, CONTAINER_PIDS_MAX, "pids limit");
    const table = this.parts.table;
    const slot = table.slots.allocate(spec.name);
    const c = table.c;
    const serial = this.parts.nextSerial++;
    table.programs[slot] = program;
    c.image[slot] = `${image.repository}:${image.tag}`;
    c.imageId[slot] = image.id;
    c.command[slot] = command;
    c.serial[slot] = serial;
    c.uid[slot] = uid;
    c.cpuLimit[slot] = spec.cpuMillicores ?? 0;
    c.memoryLimit[slot] = spec.memoryBytes ?? 0;
    c.ioLimit[slot] = spec.ioBytesPerSecond ?? 0;
    c.pidsLimit[slot] = spec.pids ?? 0;
    c.policy[slot] = restart.policy;
    c.maxRetries[slot] = restart.maxRetries;
    c.createdMs[slot] = this.now;
    c.settledMs[slot] = this.now;
    c.state[slot] = transition(CONTAINER_MACHINE, spec.name, UNALLOCATED, "create");
    this.parts.correlation[slot] = spec.correlation ?? 0;
    probes.forEach((probe, kind) => this.parts.probes.set(slot, kind, probe));
    assignNamespaces(table.namespaces, slot, serial);
    this.parts.deriveEnd(slot);
    this.parts.event(slot, "Pulled", spec.pulledNow === true ? `Successfully pulled image "${spec.image}" in 0s` : `Container image "${c.image[slot]}" already present on machine`);
    this.parts.event(slot, "Created", `Created container ${spec.name}`);
    return containerInfo(this.parts, slot, this.now);
  }

  /**
   * The uid a new container runs as. Started by a user (`runBy`), the decisions port decides as for
   * a pod's runAsUser: another uid than the user's own needs CAP_SETUID, and a user without it runs
   * as themselves by default; a refusal is a security denial in the trail. A pod's member comes with
   * the uid its pod's subject was given.
   */
  private uidOf(spec: ContainerSpec, imageUser: number, action: string): number {
    checkLimit(spec.uid, UID_MAX, "uid");
    const decisions = this.parts.ports.attachmentPorts?.decisions;
    if (spec.runBy === undefined) return spec.uid ?? imageUser;
    assert(decisions !== undefined, "a container a user starts is decided by the decisions port"); // never fails open
    return decisions.runAs(`ctr/${spec.name}`, spec.uid, spec.runBy, imageUser, action);
  }

  /** create, then start: Starting now, Running CONTAINER_START_MS later. */
  run(spec: ContainerSpec): ContainerInfo {
    this.create(spec, "ctr.run");
    return this.start(spec.name);
  }

  start(name: string): ContainerInfo {
    const slot = this.parts.slotOf(name);
    this.runtime.start(slot);
    return containerInfo(this.parts, slot, this.now);
  }

  /**
   * SIGTERM, then SIGKILL after `graceMs` (10 s by default; 0 kills at once). A pod's container
   * (as kill's) is its kubelet's: once it has exited, the pod's restartPolicy restarts it after the
   * back-off, as a node's kubelet restarts a container `docker stop` ended behind its back.
   */
  stop(name: string, graceMs = CONTAINER_STOP_GRACE_MS_DEFAULT): ContainerInfo {
    if (!(Number.isInteger(graceMs) && graceMs >= 0 && graceMs <= DURATION_MS_MAX)) fail("EINVAL", `bad stop grace period ${graceMs} ms`);
    const slot = this.parts.slotOf(name);
    const pod = this.orchestrator.podOf(name);
    if (pod !== undefined && this.parts.state(slot) === S.Restarting) fail("EBUSY", `container ${name} of pod ${pod} is in its restart back-off: no process runs to stop, and its kubelet starts it again per the pod's restartPolicy`, `pod delete ${pod}`);
    this.runtime.stop(slot, graceMs, pod !== undefined);
    return containerInfo(this.parts, slot, this.now);
  }

  pause(name: string): ContainerInfo {
    const slot = this.parts.slotOf(name);
    this.runtime.pause(slot);
    return containerInfo(this.parts, slot, this.now);
  }

  resume(name: string): ContainerInfo {
    const slot = this.parts.slotOf(name);
    this.runtime.resume(slot);
    return containerInfo(this.parts, slot, this.now);
  }

  /** Sends `signal` (KILL by default; a name, SIG optional, or its number) to PID 1; `delivered` is false when PID 1 ignores it. */
  kill(name: string, signal = "KILL"): ContainerInfo & { readonly signal: string; readonly delivered: boolean } {
    const signalName = parseSignal(signal);
    const slot = this.parts.slotOf(name);
    const delivered = this.runtime.kill(slot, signalName, true, this.orchestrator.podOf(name) !== undefined);
    return { ...containerInfo(this.parts, slot, this.now), signal: `SIG${signalName}`, delivered };
  }

  /** The run ends with no event (its node stopped answering: no one killed it, kubectl shows it Unknown); Restarting stops waiting. */
  halt(name: string): void {
    const slot = this.parts.slotOf(name);
    const state = this.parts.state(slot);
    if (state === S.Restarting) this.runtime.stop(slot, 0);
    else if (state === S.Starting || this.parts.live(slot)) this.runtime.kill(slot, "KILL", false);
  }

  /**
   * Frees the slot; a live container needs `force` (it is killed first, as docker rm -f does).
   * Returns the container as it was before. A pod's container is refused: the pod made it and
   * counts on it (its listing, its restore), so only the pod's end removes it (removeOfPod).
   */
  remove(name: string, force = false): ContainerInfo {
    const pod = this.orchestrator.podOf(name);
    if (pod !== undefined) fail("EBUSY", `container ${name} belongs to pod ${pod}: a pod's containers go with their pod`, `pod delete ${pod}`);
    return this.removeOfPod(name, force);
  }

  /** `remove` as the orchestrator does it for its pods' containers (no pod check: it is the pod ending). */
  removeOfPod(name: string, force = true): ContainerInfo {
    const slot = this.parts.slotOf(name);
    const state = this.parts.state(slot);
    const info = containerInfo(this.parts, slot, this.now); // before a forced kill: "it was Starting", not Stopped
    if (force && state === S.Restarting) this.runtime.stop(slot, 0);
    else if (force && (state === S.Starting || this.parts.live(slot))) this.runtime.kill(slot, "KILL");
    this.parts.check(slot, "remove");
    this.parts.event(slot, "Removed", `Removed container ${name}`);
    this.parts.logs.clear(slot);
    this.parts.probes.clearSlot(slot);
    this.runtime.forget(slot);
    this.parts.table.free(slot);
    this.parts.correlation[slot] = 0;
    return info;
  }

  list(): ContainerInfo[] {
    return this.parts.table.slots.slots().map((slot) => containerInfo(this.parts, slot, this.now));
  }

  show(name: string): ContainerDetail {
    return containerDetail(this.parts, this.parts.slotOf(name), this.now);
  }

  /** Log lines oldest first: those at or after `sinceMs` (a simulated time), the last `tail` of them. */
  logs(name: string, options: { readonly tail?: number; readonly sinceMs?: number } = {}): LogLine[] {
    const slot = this.parts.slotOf(name);
    const lines = [...this.parts.logs.lines(slot), ...this.runtime.pendingLogLines(slot, this.now)].slice(-this.parts.logs.capacity);
    const since = lines.filter((line) => line.timeMs >= (options.sinceMs ?? 0));
    return options.tail === undefined ? since : since.slice(Math.max(0, since.length - options.tail));
  }

  /** docker stats of one container, or of every container. */
  stats(name?: string): ContainerStats[] {
    const slots = name === undefined ? this.parts.table.slots.slots() : [this.parts.slotOf(name)];
    return slots.map((slot) => containerStats(this.parts, slot, this.now));
  }

  /** Runs a simulated command in the container's namespaces; it must be Running. */
  exec(name: string, command: string): ExecResult {
    const slot = this.parts.slotOf(name);
    const state = this.parts.state(slot);
    if (state === S.Paused) fail("EBUSY", `container '${name}' is paused`, `ctr resume ${name} before exec`);
    if (state !== S.Running) fail("EBUSY", `container '${name}' is not running: it is ${this.show(name).state}`, notRunningHint(state, name));
    const attachments = this.attachments;
    return runExec({ ...this.parts.execContext(slot, this.now), ping: attachments === undefined ? undefined : (words) => attachments.ping(name, words) }, command);
  }

  /** docker inspect's fields that the model has, under Docker's names. */
  inspect(name: string): Record<string, unknown> {
    const d = this.show(name);
    const slot = this.parts.slotOf(name);
    const c = this.parts.table.c;
    const time = (ms: number | null) => (ms === null ? "" : formatSimTime(ms)); // Docker's zero time is an empty string here
    const current = this.parts.live(slot) || d.state === "Starting"; // Docker resets ExitCode and OOMKilled when a run starts
    return {
      Id: d.id,
      Created: time(d.createdMs),
      Path: d.command,
      State: { Status: d.dockerStatus, Running: d.dockerStatus === "running", Paused: d.state === "Paused", Restarting: d.state === "Restarting", OOMKilled: !current && d.reason === "OOMKilled", Dead: false, Pid: this.parts.live(slot) ? 1 : 0, ExitCode: current ? 0 : d.exitCode ?? 0, Error: "", StartedAt: time(d.startedMs), FinishedAt: time(d.finishedMs), Health: d.health === "none" ? undefined : { Status: d.health } },
      Image: c.imageId[slot],
      Name: `/${name}`,
      RestartCount: d.restarts,
      HostConfig: { Memory: d.memoryLimitBytes, NanoCpus: d.cpuLimitMillicores * 1_000_000, PidsLimit: d.pidsLimit, RestartPolicy: { Name: d.restartPolicy.split(":")[0], MaximumRetryCount: c.maxRetries[slot] } },
      Config: { Hostname: d.hostname, User: String(d.uid), Cmd: d.command, Image: d.image },
      Kubernetes: { state: d.kubernetesState, reason: d.kubernetesReason, ready: d.ready, restartCount: d.restarts, probes: d.probes },
      Namespaces: Object.fromEntries(d.namespaces.map((n) => [n.kind, `${n.kind}:[${n.id}]`])),
    };
  }

  events(name?: string): ContainerEvent[] {
    if (name !== undefined) this.parts.slotOf(name); // ENOENT for an unknown container
    return this.parts.events.list(name);
  }

  /** Rows for `watch ctr` and `top`. */
  rows(): ContainerRow[] {
    return this.parts.table.slots.slots().map((slot) => containerRow(this.parts, slot, this.now));
  }

  names(): string[] {
    return this.parts.table.slots.slots().map((slot) => this.parts.nameOf(slot));
  }

  /** The container that uses image `imageId`, if any (image rm refuses then). */
  imageUser(imageId: string): string | undefined {
    const slot = this.parts.table.slots.slots().find((s) => this.parts.table.c.imageId[s] === imageId);
    return slot === undefined ? undefined : this.parts.nameOf(slot);
  }

  toJSON(): SavedContainers {
    const saved = saveContainers(this.parts);
    return this.orchestrator.isEmpty() ? saved : { ...saved, orchestrator: this.orchestrator.toJSON() }; // a state without nodes or pods reads as before them
  }

  restore(saved: SavedContainers): void {
    restoreContainers(this.parts, saved);
    this.runtime.restoreTimers();
    if (saved.orchestrator !== undefined) this.orchestrator.restore(saved.orchestrator);
  }
}

/** "SIGTERM", "term" or "15" -> "TERM", as docker kill --signal reads it. */
function parseSignal(text: string): SignalName {
  const byNumber = Object.entries(SIGNALS).find(([, number]) => String(number) === text)?.[0];
  const upper = byNumber ?? text.toUpperCase().replace(/^SIG/, "");
  if (!(upper in SIGNALS)) fail("EINVAL", `unknown signal '${text}'`, `one of ${Object.keys(SIGNALS).join(", ")}`);
  return upper as SignalName;
}

/** 0 or absent is no limit; else 6M .. 64G, sizes written as they are typed (64G, not 68719476736). */
function checkMemoryLimit(bytes: number | undefined): void {
  if (bytes === undefined || bytes === 0) return;
  const range = `0 (none) or ${formatBytes(CONTAINER_MEMORY_BYTES_MIN)} .. ${formatBytes(CONTAINER_MEMORY_BYTES_MAX)}`;
  if (!(Number.isInteger(bytes) && bytes > 0)) fail("EINVAL", `bad memory limit ${bytes}`, range);
  if (bytes > CONTAINER_MEMORY_BYTES_MAX) fail("EINVAL", `memory limit ${formatBytes(bytes)} is above ${formatBytes(CONTAINER_MEMORY_BYTES_MAX)}`, range);
  if (bytes < CONTAINER_MEMORY_BYTES_MIN) fail("EINVAL", `memory limit ${formatBytes(bytes)} is below ${formatBytes(CONTAINER_MEMORY_BYTES_MIN)}: Minimum memory limit allowed is 6MB, as Docker says`, range);
}

function checkLimit(value: number | undefined, max: number, what: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= max)) fail("EINVAL", `bad ${what} ${value}`, `0 (none) .. ${max}`);
}

/** What to do about an exec on a container that is not Running: wait for one on its way, start one that is not. */
function notRunningHint(state: number, name: string): string {
  if (state === S.Starting) return `wait: it is Running ${CONTAINER_START_MS} ms after it starts (in a script: sleep 1s), then exec again`;
  if (state === S.Restarting) return `wait: its restart policy starts it again after the back-off (ctr show ${name})`;
  if (state === S.Stopping) return `it is stopping; once Stopped, ctr start ${name}`;
  return `ctr start ${name}`;
}
