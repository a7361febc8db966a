// Simulation speed of the containers runtime (issue 15): N running containers, each with a liveness
// probe every 10 s and a workload from a mix a quarter each (a server; a server that wants more CPU
// than its limit; a server that leaks into its memory limit, is OOMKilled and restarted with
// back-off, always; a server that logs every second), simulated for one hour with `sleep 1h` in a
// session, as a script moves the clock: every timer due on the way fires in order. The figure is
// simulated seconds per CPU second (CPU time: on a shared machine wall time stretches with others'
// work), at 8, 32 and 128 containers, the counts interleaved round by round; a smaller count runs
// the hour in 128/N fresh sessions per round (the same container-hours, enough CPU time to read),
// after one warm-up round that is not counted. Also: the CPU time
// of one containers-pane draw (watch ctr's redraw) at 128. Bundled and run by bench/run.mjs; prints
// one JSON line of figures.

import { cpuSeconds } from "./cpu-time.js";
import { ROOT, type Operation } from "../src/gate.js";
import { Session } from "../shell/session.js";
import { makeDisplay } from "../shell/display/display.js";
import { liveSnapshot } from "../shell/display/live.js";
import type { ContainerSpec } from "../modules/containers/index.js";

const COUNTS = [8, 32, 128] as const;
const ROUNDS = 5;
const SIMULATED = "1h";
const SIMULATED_SECONDS = 3600;
const PANE_DRAWS = 200;
const MIB = 1024 ** 2;
const PROBE = "http:80,period=10s";
const STAGGER = "300ms"; // between two starts: the probes of 128 containers fall at 100 distinct moments of each 10 s period, not one

/** The mix, by container number: what each quarter runs. */
function specOf(n: number): ContainerSpec {
  const name = `c${n}`;
  switch (n % 4) {
    case 0: return { name, image: "nginx", liveness: PROBE, readiness: "tcp:80,period=10s" };
    case 1: return { name, image: "nginx", command: "serve 80; cpu 1.5", cpuMillicores: 1000, liveness: PROBE };
    case 2: return { name, image: "nginx", command: "serve 80; leak 1M/s", memoryBytes: 64 * MIB, restart: "always", liveness: PROBE };
    default: return { name, image: "nginx", command: 'serve 80; log "GET / 200" every 1s', liveness: PROBE };
  }
}

const RUN: Operation = { action: "ctr.run", object: "ctr", type: "container", mutates: true, access: "write" };

/** A session with `count` containers running, started STAGGER apart (as a person starts them: the probes fall at as many moments). */
function sessionWith(count: number): Session {
  const session = new Session({ seed: 1, sealKey: new Uint8Array(32).fill(7) });
  session.kernel.syscall(ROOT, RUN, (kernel) => kernel.containers.images.pull("nginx"));
  for (let n = 0; n < count; n++) {
    session.kernel.syscall(ROOT, RUN, (kernel) => kernel.containers.run(specOf(n)));
    execute(session, `sleep ${STAGGER}`);
  }
  return session;
}

function execute(session: Session, line: string): void {
  const outcome = session.execute(line);
  if (!outcome.ok) throw new Error(`${line}: ${outcome.error}`);
}

const rates: Record<number, number[]> = Object.fromEntries(COUNTS.map((count) => [count, []]));
const wallRates: Record<number, number[]> = Object.fromEntries(COUNTS.map((count) => [count, []]));
const restarts: Record<number, number> = {};
const probesPassed: Record<number, number> = {};
for (let round = -1; round < ROUNDS; round++) {
  for (const count of COUNTS) {
    const sessions = Array.from({ length: COUNTS.at(-1)! / count }, () => sessionWith(count));
    const wallStart = performance.now();
    const seconds = cpuSeconds(() => sessions.forEach((session) => execute(session, `sleep ${SIMULATED}`)));
    const wallSeconds = (performance.now() - wallStart) / 1000;
    if (round >= 0) rates[count]!.push((SIMULATED_SECONDS * sessions.length) / seconds);
    if (round >= 0) wallRates[count]!.push((SIMULATED_SECONDS * sessions.length) / wallSeconds);
    const containers = sessions[0]!.kernel.view.containers;
    restarts[count] = containers.rows().reduce((sum, row) => sum + row.restarts, 0);
    probesPassed[count] = 0;
    sessions[0]!.kernel.syscall(ROOT, RUN, (kernel) => containers.names().forEach((name) => (probesPassed[count]! += kernel.containers.show(name).probes.reduce((sum, probe) => sum + probe.consecutiveSuccesses, 0))));
  }
}

const full = sessionWith(COUNTS.at(-1)!);
execute(full, "sleep 10m");
const display = makeDisplay(false);
const paneMs: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  paneMs.push((cpuSeconds(() => {
    for (let draw = 0; draw < PANE_DRAWS; draw++) liveSnapshot(full.kernel.view, "ctr", display, {}, 6, { columns: 120 });
  }) * 1000) / PANE_DRAWS);
}

process.stdout.write(`${JSON.stringify({ counts: COUNTS, rounds: ROUNDS, rates, wallRates, restarts, probesPassed, paneMs })}\n`);
