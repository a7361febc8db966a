// Running a container's due probes against its workload model, and what each result does
// (probes.ts holds the table and the rules in prose): Unhealthy events on each failure, Ready and
// the Docker health status, and the kill of a container whose liveness or startup probe failed
// failureThreshold times in a row (exit 137, then its restart policy).

import { PROBE_HTTP_BYTES } from "../../src/limits.js";
import type { ContainerParts } from "./container-parts.js";
import { runExec } from "./exec.js";
import { hostnameOf } from "./identity.js";
import { PROBE_KIND_COUNT, ProbeKindIndex } from "./probes.js";
import type { ContainerRuntime } from "./runtime.js";
import { ContainerState, EXIT_KILLED, ExitReason, HEALTH_NAMES, PROBE_HANDLERS, PROBE_KINDS } from "./types.js";
import { answersAt } from "./workload.js";

export function runProbes(parts: ContainerParts, runtime: ContainerRuntime, slot: number, nowMs: number): void {
  const probes = parts.probes;
  for (let kind = 0; kind < PROBE_KIND_COUNT; kind++) {
    const row = slot * PROBE_KIND_COUNT + kind;
    const next = probes.a.nextMs[row]!;
    if (next < 0 || next > nowMs || parts.state(slot) !== ContainerState.Running) continue;
    probes.a.nextMs[row] = nowMs + probes.a.periodMs[row]!;
    const failure = probeFailure(parts, slot, row, nowMs);
    const count = probes.record(row, failure === undefined);
    if (failure === undefined) passed(parts, slot, kind, count, nowMs);
    else if (failed(parts, runtime, slot, kind, count, failure, nowMs)) return; // killed: the other probes stop
  }
}

/** Why the probe failed, as kubelet words it, or undefined when it passed. */
function probeFailure(parts: ContainerParts, slot: number, row: number, nowMs: number): string | undefined {
  const a = parts.probes.a;
  const c = parts.table.c;
  const program = parts.table.program(slot);
  const activeMs = parts.activeAt(slot, nowMs);
  const port = a.port[row]!;
  const hung = program.servePort === port && activeMs >= program.serveAtMs; // it listens but has hung: a probe times out, it is not refused
  switch (PROBE_HANDLERS[a.handler[row]!]) {
    case "http":
      if (answersAt(program, activeMs, port) && parts.imageConfig(slot).protocol === "http") {
        c.netRx[slot] = c.netRx[slot]! + PROBE_HTTP_BYTES;
        c.netTx[slot] = c.netTx[slot]! + PROBE_HTTP_BYTES;
        return undefined;
      }
      return httpFailure(`http://${hostnameOf(c.serial[slot]!)}:${port}${a.target[row]}`, port, answersAt(program, activeMs, port), hung);
    case "tcp":
      if (answersAt(program, activeMs, port)) return undefined;
      return hung ? `dial tcp :${port}: i/o timeout` : `dial tcp :${port}: connect: connection refused`;
    default: {
      const result = runExec(parts.execContext(slot, nowMs), a.target[row]!);
      return result.exitCode === 0 ? undefined : `command "${a.target[row]}" exited with ${result.exitCode}`;
    }
  }
}

/** kubelet's words for an http probe that failed: a server of another protocol (redis) closes the connection, a hung one times out, none refuses. */
function httpFailure(url: string, port: number, answers: boolean, hung: boolean): string {
  if (answers) return `Get "${url}": EOF`;
  if (hung) return `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
  return `Get "${url}": dial tcp :${port}: connect: connection refused`;
}

function passed(parts: ContainerParts, slot: number, kind: number, count: number, nowMs: number): void {
  const c = parts.table.c;
  const threshold = parts.probes.a.successThreshold[slot * PROBE_KIND_COUNT + kind]!;
  if (isHealthProbe(parts, slot, kind)) c.health[slot] = HEALTH_NAMES.indexOf("healthy");
  if (kind === ProbeKindIndex.startup) {
    c.startupPassed[slot] = 1;
    parts.probes.a.nextMs[slot * PROBE_KIND_COUNT + kind] = -1; // a startup probe stops once it has passed
    parts.probes.ungate(slot, nowMs);
  } else if (kind === ProbeKindIndex.readiness && count >= threshold && c.ready[slot] === 0) {
    c.ready[slot] = 1;
    parts.event(slot, "Ready", "Readiness probe passed: the container is Ready");
  }
}

/** Counts a failure; returns true when it killed the container. */
function failed(parts: ContainerParts, runtime: ContainerRuntime, slot: number, kind: number, count: number, why: string, nowMs: number): boolean {
  const c = parts.table.c;
  const name = PROBE_KINDS[kind]!;
  const threshold = parts.probes.a.failureThreshold[slot * PROBE_KIND_COUNT + kind]!;
  parts.event(slot, "Unhealthy", `${name[0]!.toUpperCase()}${name.slice(1)} probe failed: ${why}`);
  if (count < threshold) return false;
  if (isHealthProbe(parts, slot, kind)) c.health[slot] = HEALTH_NAMES.indexOf("unhealthy");
  if (kind === ProbeKindIndex.readiness) {
    if (c.ready[slot] === 1) parts.event(slot, "NotReady", "Readiness probe failed: the container is not Ready");
    c.ready[slot] = 0;
    return false;
  }
  parts.event(slot, "Killing", `Container ${parts.nameOf(slot)} failed ${name} probe, will be restarted`);
  runtime.settle(slot, nowMs);
  runtime.ended(slot, nowMs, EXIT_KILLED, ExitReason.Error);
  return true;
}

/** Docker's one HEALTHCHECK is the liveness probe, else readiness, else startup. */
function isHealthProbe(parts: ContainerParts, slot: number, kind: number): boolean {
  const first = [ProbeKindIndex.liveness, ProbeKindIndex.readiness, ProbeKindIndex.startup].find((k) => parts.probes.has(slot, k));
  return first === kind;
}
