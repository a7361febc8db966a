// The scheduler (issue 16): 128 containers as pods onto 16 nodes.
//
// decisions: the Orchestrator's filter and score (wouldPlace: the decision a Pending pod's try
// makes, by pod slot as a scheduling pass makes it, binding nothing) for each of the 128 pods a cluster of 16 nodes holds, as if placed anew,
// against a plain loop that filters and scores the same nodes for the same pods — typed arrays,
// the selector matched beforehand, no allocation: the physical limit done well. Both run in the
// same round, taking turns (each first half the time), CPU time.
// apply: 128 pods applied through the Orchestrator (each decision plus its binding: containers
// made, started, events), pods per CPU second — reported.
// story: 16 nodes, 128 pods serving with a liveness probe every 10 s, two nodes failing and their
// pods rescheduled after the grace period, one recovering; an hour in a session (`sleep` moves
// the clock): simulated seconds per wall second and per CPU second — reported.
// Bundled and run by bench/run.mjs; prints one JSON line of figures.

import { cpuSeconds } from "./cpu-time.js";
import { ROOT, type Operation } from "../src/gate.js";
import { Rng } from "../src/rng.js";
import { Session } from "../shell/session.js";
import type { Orchestrator, PodDefinition } from "../modules/containers/index.js";

const NODES = 16;
const PODS = 128;
const ROUNDS = 7;
const TURNS = 8;
const DECISION_REPEATS = 800; // 128 decisions a repeat: enough CPU time to read (tens of ms a side)
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const MAX_NODE_SCORE = 100;
const DEFAULT_CPU = 100;
const DEFAULT_MEMORY = 200 * MiB;
const OP: Operation = { action: "pod.apply", object: "pod", type: "container", mutates: true, access: "write" };
const OWNER = { uid: 0, gid: 0, name: "root" };

function session(): Session {
  return new Session({ seed: 1, sealKey: new Uint8Array(32).fill(7) });
}

function orchestratorOf(s: Session): Orchestrator {
  return s.kernel.syscall(ROOT, OP, (kernel) => kernel.containers.orchestrator);
}

/** Pod n of the mix: requests of four sizes, a quarter with none (BestEffort), an eighth pinned to zone a. */
function podDef(name: string, n: number, command = "serve 80", liveness?: string): PodDefinition {
  const cpu = [250, 500, 0, 1000][n % 4]!;
  const memory = [256 * MiB, 512 * MiB, 0, 1 * GiB][n % 4]!;
  return {
    name, labels: { app: "bench" }, restartPolicy: "Always", nodeSelector: n % 8 === 7 ? { zone: "a" } : {},
    containers: [{ name: "app", image: "nginx", command, requests: { cpuMillicores: cpu, memoryBytes: memory }, limits: { cpuMillicores: 0, memoryBytes: 0 }, liveness, volumeMounts: [] }],
    volumes: [], networks: [], security: { capabilities: [] },
  };
}

function addNodes(o: Orchestrator): void {
  for (let i = 0; i < NODES; i++) o.addNode({ name: `w${i}`, cpuMillicores: 8000 + 4000 * (i % 3), memoryBytes: (16 + 8 * (i % 4)) * GiB, labels: { zone: i % 2 === 0 ? "a" : "b" } });
}

/** A cluster of 16 nodes holding 128 pods; the CPU seconds their apply took. */
function filledCluster(): { o: Orchestrator; applySeconds: number } {
  const s = session();
  const o = orchestratorOf(s);
  addNodes(o);
  const applySeconds = cpuSeconds(() => {
    for (let n = 0; n < PODS; n++) o.apply(podDef(`p${n}`, n), OWNER);
  });
  return { o, applySeconds };
}

/** The plain loop's view of the same cluster: typed arrays, the selector matched beforehand. */
function plainCluster(o: Orchestrator, defs: readonly PodDefinition[]) {
  const nodes = o.nodes();
  const count = nodes.length;
  const f = (pick: (i: (typeof nodes)[number]) => number) => Float64Array.from(nodes, pick);
  const ready = Uint8Array.from(nodes, (n) => (n.status === "Ready" ? 1 : 0));
  const matches = new Uint8Array(defs.length * count);
  defs.forEach((def, p) => nodes.forEach((n, i) => (matches[p * count + i] = Object.entries(def.nodeSelector).every(([k, v]) => n.labels[k] === v) ? 1 : 0)));
  const ask = (pick: (r: { cpu: number; memory: number }) => number) => Float64Array.from(defs, (def) => pick({ cpu: def.containers[0]!.requests.cpuMillicores, memory: def.containers[0]!.requests.memoryBytes }));
  const scored = (name: string) => Float64Array.from(nodes, (n) => o.node(n.name).podNames.reduce((sum, pod) => {
    const r = o.pod(pod).containers[0]!.requests;
    return sum + (name === "cpu" ? r.cpuMillicores || DEFAULT_CPU : r.memoryBytes || DEFAULT_MEMORY);
  }, 0));
  return {
    count, ready, matches,
    cpuAllocatable: f((n) => n.cpuAllocatableMillicores), memoryAllocatable: f((n) => n.memoryAllocatableBytes),
    cpuRequested: f((n) => n.cpuRequestedMillicores), memoryRequested: f((n) => n.memoryRequestedBytes),
    cpuScored: scored("cpu"), memoryScored: scored("memory"),
    askCpu: ask((r) => r.cpu), askMemory: ask((r) => r.memory), askCpuScored: ask((r) => r.cpu || DEFAULT_CPU), askMemoryScored: ask((r) => r.memory || DEFAULT_MEMORY),
  };
}

/** The physical limit: one pass over the nodes per pod, filter then LeastAllocated + BalancedAllocation, ties by the PRNG. */
function plainDecisions(c: ReturnType<typeof plainCluster>, rng: Rng, picks: Int8Array): void {
  for (let p = 0; p < picks.length; p++) {
    let best = -1, bestScore = -1, ties = 0;
    for (let i = 0; i < c.count; i++) {
      if (c.ready[i] === 0 || c.matches[p * c.count + i] === 0) continue;
      if (c.cpuRequested[i]! + c.askCpu[p]! > c.cpuAllocatable[i]! || c.memoryRequested[i]! + c.askMemory[p]! > c.memoryAllocatable[i]!) continue;
      const cpu = c.cpuScored[i]! + c.askCpuScored[p]!, memory = c.memoryScored[i]! + c.askMemoryScored[p]!;
      const cpuCap = c.cpuAllocatable[i]!, memoryCap = c.memoryAllocatable[i]!;
      const least = Math.trunc(((cpu > cpuCap ? 0 : Math.trunc(((cpuCap - cpu) * MAX_NODE_SCORE) / cpuCap)) + (memory > memoryCap ? 0 : Math.trunc(((memoryCap - memory) * MAX_NODE_SCORE) / memoryCap))) / 2);
      const balanced = Math.trunc((1 - Math.abs(Math.min(1, cpu / cpuCap) - Math.min(1, memory / memoryCap)) / 2) * MAX_NODE_SCORE);
      const score = least + balanced;
      if (score > bestScore) { best = i; bestScore = score; ties = 1; }
      else if (score === bestScore && rng.nextBelow(++ties) === 0) best = i;
    }
    picks[p] = best;
  }
}

const orchestratorRates: number[] = [];
const plainRates: number[] = [];
const ratios: number[] = [];
const applyRates: number[] = [];
let found = { orchestrator: 0, plain: 0 }; // pods each found a node for (a check that both decide the same question)
for (let round = -1; round < ROUNDS; round++) {
  const { o, applySeconds } = filledCluster();
  const defs = Array.from({ length: PODS }, (_, n) => podDef(`p${n}`, n));
  const plain = plainCluster(o, defs);
  const picks = new Int8Array(PODS);
  const placed = new Int32Array(PODS);
  const rng = new Rng(1);
  let orchestratorSeconds = 0;
  let plainSeconds = 0;
  for (let turn = 0; turn < TURNS; turn++) { // the two sides take turns, each going first half the time (GC and JIT fall on both)
    const orchestrator = () => cpuSeconds(() => {
      for (let r = 0; r < DECISION_REPEATS / TURNS; r++) o.wouldPlace(placed);
    });
    const loop = () => cpuSeconds(() => {
      for (let r = 0; r < DECISION_REPEATS / TURNS; r++) plainDecisions(plain, rng, picks);
    });
    if (turn % 2 === 0) {
      orchestratorSeconds += orchestrator();
      plainSeconds += loop();
    } else {
      plainSeconds += loop();
      orchestratorSeconds += orchestrator();
    }
  }
  if (round < 0) continue;
  const decisions = DECISION_REPEATS * PODS;
  orchestratorRates.push(decisions / orchestratorSeconds);
  plainRates.push(decisions / plainSeconds);
  ratios.push(plainSeconds / orchestratorSeconds);
  applyRates.push(PODS / applySeconds);
  found = { orchestrator: placed.filter((pick) => pick >= 0).length, plain: picks.filter((pick) => pick >= 0).length };
}

/** The whole story for an hour: simulated seconds per wall and per CPU second. */
function story(): { wall: number; cpu: number; running: number; rescheduled: number } {
  const s = session();
  const o = orchestratorOf(s);
  addNodes(o);
  const sleep = (text: string) => {
    const outcome = s.execute(`sleep ${text}`);
    if (!outcome.ok) throw new Error(outcome.error);
  };
  let rescheduled = 0;
  const wallStart = performance.now();
  const cpu = cpuSeconds(() => {
    for (let n = 0; n < PODS; n++) o.apply(podDef(`s${n}`, n, 'serve 80; log "GET / 200" every 10s', "http:80,period=10s"), OWNER);
    sleep("10m");
    const before = new Map(o.pods().map((p) => [p.name, p.node]));
    o.failNode("w0");
    o.failNode("w1");
    sleep("10m");
    o.recoverNode("w1");
    sleep("40m");
    rescheduled = o.pods().filter((p) => before.get(p.name) !== p.node).length;
  });
  const wall = (performance.now() - wallStart) / 1000;
  return { wall: 3600 / wall, cpu: 3600 / cpu, running: o.pods().filter((p) => p.phase === "Running").length, rescheduled };
}

const stories = Array.from({ length: 3 }, story);
process.stdout.write(`${JSON.stringify({ nodes: NODES, pods: PODS, rounds: ROUNDS, orchestratorRates, plainRates, ratios, applyRates, found, storyWall: stories.map((s) => s.wall), storyCpu: stories.map((s) => s.cpu), running: stories[0]!.running, rescheduled: stories[0]!.rescheduled })}\n`);
