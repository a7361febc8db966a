// The container runtime: every state change of a run, by a person's command or on the kernel
// clock, and the one timer that drives the clock-driven ones.
//
// Nothing steps through time. Each slot keeps the next moment something happens to it (nextDue:
// the end of Starting/Stopping/Restarting, the workload's own end or OOM from its closed form, the
// next probe); the runtime keeps one clock timer at the earliest of them. When it fires, every slot
// due is processed in slot order, and the timer is set again. A run's active time (paused time
// excluded) is brought up to date only when its state changes (settle), writing the periodic log
// lines of the time between; reads compute the figures of `now` from it without writing anything,
// so a read never changes what a later command prints.
//
// Interface, in call order: start -> (clock: began) -> pause/resume -> stop/kill -> (clock: ended,
// restart after back-off) -> remove; restoreTimers after a load.

import { assert } from "../../src/assert.js";
import { CONTAINER_RESTART_COUNT_MAX, CONTAINER_START_MS, CONTAINER_TERM_EXIT_MS } from "../../src/limits.js";
import { countOf, formatBytes, formatGoDuration } from "../../src/units.js";
import type { ContainerParts } from "./container-parts.js";
import { runProbes } from "./probe-runner.js";
import { backOffFor, retriesExhausted, shouldRestart } from "./restart-policy.js";
import { exitOnSignal, stopSignalOf } from "./stop-signal.js";
import { ContainerState, EXIT_KILLED, EXIT_REASONS, ExitReason, HEALTH_NAMES, PROBE_KINDS, type LogLine, type SignalName } from "./types.js";
import { logLineAt, logLinesBetween, NEVER, pidsOf } from "./workload.js";
import { PROBE_KIND_COUNT, ProbeKindIndex } from "./probes.js";

const S = ContainerState;
const NONE = -1;

export class ContainerRuntime {
  /** Each slot's next due moment (-1: nothing due); derived, recomputed after every change to the slot. */
  private readonly nextDue: Float64Array;
  private timerDueMs = NONE; // the earliest timer of ours pending in the clock

  constructor(private readonly parts: ContainerParts) {
    this.nextDue = new Float64Array(parts.table.slots.capacity).fill(NONE);
  }

  private get now(): number {
    return this.parts.clock.now();
  }

  /** Created, Stopped, Failed or Terminated -> Starting; Running after CONTAINER_START_MS. */
  start(slot: number): void {
    const c = this.parts.table.c;
    this.parts.move(slot, "start");
    c.manualStop[slot] = 0;
    this.newRun(slot);
    c.nextActionMs[slot] = this.now + CONTAINER_START_MS;
    this.changed(slot);
  }

  pause(slot: number): void {
    this.settle(slot, this.now);
    this.parts.move(slot, "pause");
    this.parts.probes.disarm(slot); // kubelet's probes of a frozen process would only time out; they wait
    this.parts.event(slot, "Paused", "Paused container (cgroup freezer)");
    this.changed(slot);
  }

  resume(slot: number): void {
    this.settle(slot, this.now);
    this.parts.move(slot, "resume");
    this.rearmProbes(slot);
    this.parts.event(slot, "Resumed", "Resumed container");
    this.changed(slot);
  }

  /**
   * docker stop: the image's stop signal, SIGKILL after `graceMs`. A serving workload exits on it
   * (0 or 128+n, stop-signal.ts); others ignore it as PID 1 does and are killed (137). `managed`:
   * a pod's container, which its kubelet restarts per the pod's policy once it has exited.
   */
  stop(slot: number, graceMs: number, managed = false): void {
    const c = this.parts.table.c;
    const wasRestarting = this.parts.state(slot) === S.Restarting;
    assert(!(managed && wasRestarting), "a pod's container in its back-off is not stopped by a person (the manager refuses)");
    this.settle(slot, this.now);
    this.parts.move(slot, "stop");
    c.manualStop[slot] = managed ? 0 : 1;
    this.parts.probes.disarm(slot);
    if (wasRestarting) {
      this.endBackOff(slot);
      return;
    }
    const signal = stopSignalOf(this.parts.imageConfig(slot));
    const exitCode = this.exitOnSignal(slot, signal);
    const exitsOnSignal = exitCode !== undefined && CONTAINER_TERM_EXIT_MS <= graceMs;
    c.stopExitCode[slot] = exitsOnSignal ? exitCode : EXIT_KILLED;
    c.nextActionMs[slot] = this.now + (exitsOnSignal ? CONTAINER_TERM_EXIT_MS : graceMs);
    this.parts.event(slot, "Killing", `Stopping container ${this.parts.nameOf(slot)} (SIG${signal}, grace period ${formatGoDuration(graceMs)})`);
    if (c.nextActionMs[slot] === this.now) this.finishStop(slot, this.now);
    else this.changed(slot);
  }

  /** docker kill (`recorded` false: the run ends unseen, its host gone; `managed`: a pod's container, restarted per the pod's policy): KILL always ends the run (137); TERM, INT and QUIT end a serving one (stop-signal.ts); PID 1 ignores the rest. Returns whether the run ended. */
  kill(slot: number, signal: SignalName, recorded = true, managed = false): boolean {
    const exitCode = this.exitOnSignal(slot, signal);
    if (exitCode === undefined) {
      this.parts.check(slot, "kill"); // an illegal kill fails the same way whatever the signal
      return false;
    }
    this.settle(slot, this.now);
    this.parts.move(slot, "kill");
    this.parts.table.c.manualStop[slot] = managed ? 0 : 1;
    this.endRun(slot, this.now, exitCode, exitCode === 0 ? ExitReason.Completed : ExitReason.Error);
    if (recorded) this.parts.event(slot, "Stopped", `Killed container with SIG${signal}: exit ${exitCode}`);
    if (managed) this.restartPerPolicy(slot, this.now, exitCode);
    else this.changed(slot);
    return true;
  }

  /** A run about to begin: its active time starts at zero (a stop while Starting sees no earlier run's time). */
  private newRun(slot: number): void {
    this.parts.table.c.activeMs[slot] = 0;
    this.parts.table.c.settledMs[slot] = this.now;
  }

  /** Timers are not saved: after a load, work out each slot's next moment and set the timer. */
  restoreTimers(): void {
    for (const slot of this.parts.table.slots.slots()) this.changed(slot);
  }

  forget(slot: number): void {
    this.nextDue[slot] = NONE;
  }

  /** Brings the run's active time up to `atMs`, writing the periodic log lines of the time between. */
  settle(slot: number, atMs: number): void {
    const c = this.parts.table.c;
    assert(atMs >= c.settledMs[slot]!, "a run is settled forward in time");
    if (this.parts.runs(slot)) {
      const from = c.activeMs[slot]!;
      const to = from + (atMs - c.settledMs[slot]!);
      this.writeLogLines(slot, from, to, c.settledMs[slot]!);
      c.activeMs[slot] = to;
    }
    c.settledMs[slot] = atMs;
  }

  /** After any change to a slot: its next moment, and the timer. */
  changed(slot: number): void {
    this.nextDue[slot] = this.dueOf(slot);
    this.arm();
  }

  /** Ends the current run at `atMs` with `exitCode`; the state was already moved by the caller. */
  endRun(slot: number, atMs: number, exitCode: number, reason: number): void {
    const c = this.parts.table.c;
    assert(!this.parts.live(slot) && exitCode >= 0 && exitCode <= 255, "a run ends after the state has left Running, Paused and Stopping, with a code 0..255");
    c.exitCode[slot] = exitCode;
    c.reason[slot] = reason;
    c.finishedMs[slot] = atMs;
    c.nextActionMs[slot] = NONE;
    c.ready[slot] = 0; // health keeps its last status, as docker inspect shows it after an exit
    this.parts.probes.disarm(slot);
  }

  /** The run ended by itself (exit, crash, OOM, a failed liveness or startup probe): Terminated or Failed, then the restart policy. */
  ended(slot: number, atMs: number, exitCode: number, reason: number): void {
    this.parts.move(slot, exitCode === 0 ? "complete" : "fail");
    this.endRun(slot, atMs, exitCode, reason);
    this.restartPerPolicy(slot, atMs, exitCode);
  }

  /** After a run ended with `exitCode` (by itself, or a pod's container stopped or killed: Stopped), its restart policy: Restarting after the back-off, or it stays ended. */
  private restartPerPolicy(slot: number, atMs: number, exitCode: number): void {
    const c = this.parts.table.c;
    if (c.manualStop[slot] === 1 || !shouldRestart(c.policy[slot]!, c.maxRetries[slot]!, c.restarts[slot]!, exitCode)) {
      if (c.manualStop[slot] === 0 && retriesExhausted(c.policy[slot]!, c.maxRetries[slot]!, c.restarts[slot]!, exitCode)) {
        this.parts.event(slot, "BackoffLimitExceeded", `gave up restarting container ${this.parts.nameOf(slot)} after ${countOf(c.restarts[slot]!, "restart")} (restart policy on-failure:${c.maxRetries[slot]})`);
      }
      this.changed(slot);
      return;
    }
    const backOffMs = backOffFor(c.backOffMs[slot]!, atMs - c.startedMs[slot]!);
    c.backOffMs[slot] = backOffMs;
    this.parts.move(slot, "restart");
    c.nextActionMs[slot] = atMs + backOffMs;
    this.parts.event(slot, "BackOff", `back-off ${formatGoDuration(backOffMs)} restarting failed container ${this.parts.nameOf(slot)}`);
    this.changed(slot);
  }

  private arm(): void {
    let due = NONE;
    for (let slot = 0; slot < this.nextDue.length; slot++) {
      const next = this.nextDue[slot]!;
      if (next >= 0 && (due < 0 || next < due)) due = next;
    }
    if (due < 0 || (this.timerDueMs >= 0 && this.timerDueMs <= due)) return;
    assert(due >= this.now || this.timerDueMs < 0, "a new timer is not in the past while one is pending");
    this.timerDueMs = due;
    this.parts.clock.schedule(due, (nowMs) => this.fired(due, nowMs));
  }

  private fired(due: number, nowMs: number): void {
    if (this.timerDueMs === due) this.timerDueMs = NONE;
    for (let slot = 0; slot < this.nextDue.length; slot++) {
      if (this.nextDue[slot]! >= 0 && this.nextDue[slot]! <= nowMs) this.process(slot, nowMs);
    }
    this.arm();
  }

  /** Handles everything due for `slot` at `nowMs`, in order: the timed state's end, the workload's end, the probes. */
  private process(slot: number, nowMs: number): void {
    const c = this.parts.table.c;
    if (c.nextActionMs[slot]! >= 0 && c.nextActionMs[slot]! <= nowMs) this.actionDue(slot, nowMs);
    else if (this.workloadDue(slot) >= 0 && this.workloadDue(slot) <= nowMs) this.workloadEnds(slot, nowMs);
    else runProbes(this.parts, this, slot, nowMs);
    this.nextDue[slot] = this.dueOf(slot);
    if (this.nextDue[slot]! >= 0 && this.nextDue[slot]! <= nowMs) this.process(slot, nowMs); // several things at one moment
  }

  private actionDue(slot: number, nowMs: number): void {
    const state = this.parts.state(slot);
    if (state === S.Starting) this.began(slot, nowMs);
    else if (state === S.Stopping) this.finishStop(slot, nowMs);
    else {
      assert(state === S.Restarting, "only Starting, Stopping and Restarting are timed");
      const c = this.parts.table.c;
      this.parts.move(slot, "restarted");
      this.newRun(slot);
      c.restarts[slot] = Math.min(CONTAINER_RESTART_COUNT_MAX, c.restarts[slot]! + 1);
      c.nextActionMs[slot] = nowMs + CONTAINER_START_MS;
    }
  }

  /** Starting ended: the workload's PID 1 runs; a new run's figures start at zero. */
  private began(slot: number, nowMs: number): void {
    const c = this.parts.table.c;
    this.parts.move(slot, "started");
    assert(this.parts.table.programs[slot] !== undefined, "a started container has its workload parsed");
    c.nextActionMs[slot] = NONE;
    c.startedMs[slot] = nowMs;
    this.newRun(slot);
    const probes = this.parts.probes;
    const anyProbe = PROBE_KINDS.some((_, kind) => probes.has(slot, kind)); // Docker's one HEALTHCHECK is the first of liveness, readiness, startup
    c.health[slot] = anyProbe ? HEALTH_NAMES.indexOf("starting") : HEALTH_NAMES.indexOf("none");
    c.ready[slot] = probes.has(slot, ProbeKindIndex.readiness) ? 0 : 1;
    c.startupPassed[slot] = probes.has(slot, ProbeKindIndex.startup) ? 0 : 1;
    probes.arm(slot, nowMs);
    this.writeLogLines(slot, -1, 0, nowMs); // a line due at the start is written now
    this.parts.event(slot, "Started", `Started container ${this.parts.nameOf(slot)}`);
  }

  /** A stop during the restart back-off: no process runs, so nothing is signalled and the last run's exit (code, reason, time) stands. */
  private endBackOff(slot: number): void {
    const c = this.parts.table.c;
    this.parts.move(slot, "stopped");
    c.nextActionMs[slot] = NONE;
    c.stopExitCode[slot] = NONE;
    const reason = EXIT_REASONS[c.reason[slot]!];
    this.parts.event(slot, "Stopped", `Stopped container ${this.parts.nameOf(slot)} in its restart back-off: no process was running; last exit ${c.exitCode[slot]}${reason === "" ? "" : ` (${reason})`}`);
    this.changed(slot);
  }

  private finishStop(slot: number, nowMs: number): void {
    const c = this.parts.table.c;
    this.settle(slot, nowMs);
    const code = c.stopExitCode[slot]!;
    this.parts.move(slot, "stopped");
    if (code >= 0) this.endRun(slot, nowMs, code, code === 0 ? ExitReason.Completed : ExitReason.Error);
    c.nextActionMs[slot] = NONE;
    c.stopExitCode[slot] = NONE;
    const how = code === EXIT_KILLED ? "killed after the grace period" : `exited on SIG${stopSignalOf(this.parts.imageConfig(slot))}`;
    this.parts.event(slot, "Stopped", `Stopped container ${this.parts.nameOf(slot)}: exit ${code} (${how})`);
    if (c.manualStop[slot] === 0 && code >= 0) this.restartPerPolicy(slot, nowMs, code); // a pod's: its kubelet restarts it
    else this.changed(slot);
  }

  /** The workload's end (exit, crash, OOM) as a wall-clock moment, or -1; only while it runs. */
  private workloadDue(slot: number): number {
    const end = this.parts.endActiveMs[slot]!;
    if (end === NEVER || this.parts.state(slot) !== S.Running) return NONE;
    const c = this.parts.table.c;
    return c.settledMs[slot]! + Math.max(0, end - c.activeMs[slot]!);
  }

  private workloadEnds(slot: number, nowMs: number): void {
    const program = this.parts.table.program(slot);
    this.settle(slot, nowMs);
    if (this.parts.endsInOom(slot)) {
      this.parts.event(slot, "OOMKilled", `Memory cgroup out of memory: Killed process 1 (${program.text.split(/\s/)[0]}) at its memory limit (${formatBytes(this.parts.memoryLimit(slot))})`);
      this.ended(slot, nowMs, EXIT_KILLED, ExitReason.OOMKilled);
      return;
    }
    if (this.parts.forkFails(slot)) {
      this.parts.logs.write(slot, nowMs, `sh: can't fork: Resource temporarily unavailable (pids limit ${this.parts.table.c.pidsLimit[slot]})`);
      this.parts.event(slot, "Died", `Container ${this.parts.nameOf(slot)} exited with code 1: its pids limit is below the ${pidsOf(program)} processes it needs`);
      this.ended(slot, nowMs, 1, ExitReason.Error);
      return;
    }
    if (program.crashes) this.parts.logs.write(slot, nowMs, "panic: simulated crash (crash after)");
    if (program.exitCode !== 0) this.parts.event(slot, "Died", `Container ${this.parts.nameOf(slot)} exited with code ${program.exitCode}`);
    else this.parts.event(slot, "Completed", `Container ${this.parts.nameOf(slot)} completed (exit 0)`);
    this.ended(slot, nowMs, program.exitCode, program.exitCode === 0 ? ExitReason.Completed : ExitReason.Error);
  }

  private dueOf(slot: number): number {
    if (!this.parts.table.slots.used[slot]) return NONE;
    const candidates = [this.parts.table.c.nextActionMs[slot]!, this.workloadDue(slot), this.parts.state(slot) === S.Running ? this.parts.probes.nextDue(slot) : NONE];
    let due = NONE;
    for (const at of candidates) if (at >= 0 && (due < 0 || at < due)) due = at;
    return due;
  }

  private rearmProbes(slot: number): void {
    const probes = this.parts.probes;
    const c = this.parts.table.c;
    for (let kind = 0; kind < PROBE_KIND_COUNT; kind++) {
      const startup = kind === ProbeKindIndex.startup;
      const waiting = startup ? c.startupPassed[slot] === 0 : c.startupPassed[slot] === 1; // the startup probe runs until it passes, the others after
      const row = slot * PROBE_KIND_COUNT + kind;
      if (probes.has(slot, kind) && waiting) probes.a.nextMs[row] = this.now + probes.a.periodMs[row]!;
    }
  }

  /** The exit code `signal` ends the run with, or undefined when PID 1 ignores it: only a server that still answers has a handler. */
  private exitOnSignal(slot: number, signal: SignalName): number | undefined {
    const program = this.parts.table.program(slot);
    const serving = program.servePort !== 0 && (program.hangAtMs === NEVER || this.parts.activeAt(slot, this.now) < program.hangAtMs);
    return exitOnSignal(this.parts.imageConfig(slot), serving, signal);
  }


  /** Writes the periodic lines of (fromMs, toMs] of active time to the ring. */
  private writeLogLines(slot: number, fromMs: number, toMs: number, settledAtMs: number): void {
    for (const line of this.logLinesIn(slot, fromMs, toMs, settledAtMs)) this.parts.logs.write(slot, line.timeMs, line.text);
  }

  /** Periodic lines of (fromMs, toMs] of active time, timed from `settledAtMs` (when active time was fromMs); only the last ring's worth (older ones would be overwritten). */
  private logLinesIn(slot: number, fromMs: number, toMs: number, settledAtMs: number): LogLine[] {
    const program = this.parts.table.program(slot);
    const { first, last } = logLinesBetween(program, fromMs, toMs);
    const base = Math.max(0, fromMs); // a run's first line is due at active time 0, asked for from -1
    const lines: LogLine[] = [];
    for (let n = Math.max(first, last - this.parts.logs.capacity + 1); n <= last; n++) lines.push({ timeMs: settledAtMs + (logLineAt(program, n) - base), text: program.logText });
    return lines;
  }

  /** The lines a read adds to the ring: those of the running time since the last settle (nothing is written). */
  pendingLogLines(slot: number, nowMs: number): LogLine[] {
    if (!this.parts.runs(slot)) return [];
    const c = this.parts.table.c;
    return this.logLinesIn(slot, c.activeMs[slot]!, this.parts.activeAt(slot, nowMs), c.settledMs[slot]!);
  }
}
