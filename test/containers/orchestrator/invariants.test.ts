// The orchestrator on random sequences of operations (nodes added, cordoned, failed, recovered,
// drained, removed; pods applied and deleted; time passing): after every step the books balance —
// each node's requests are the sum of its pods', never above its allocatable; a pod names a node
// exactly when it is on one; the container table holds exactly the bound pods' containers; and a
// saved and restored orchestrator reads the same. The same seed and steps always end the same way.

import { fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { ContainerManager } from "../../../modules/containers/index.js";
import { Clock } from "../../../src/clock.js";
import { KernelError } from "../../../src/errors.js";
import { Rng } from "../../../src/rng.js";
import { GiB, MiB, orchestratorRig, OWNER, pod, type OrchestratorRig } from "./helpers.js";

const NODES = ["w1", "w2", "w3", "w4"];
const PODS = ["a", "b", "c", "d", "e", "f"];

const op = fc.oneof(
  fc.record({ verb: fc.constant("addNode" as const), name: fc.constantFrom(...NODES), cpu: fc.constantFrom(1000, 2000, 4000), memoryGiB: fc.constantFrom(1, 2, 4), zone: fc.constantFrom("a", "b") }),
  fc.record({ verb: fc.constantFrom("cordon" as const, "uncordon" as const, "failNode" as const, "recoverNode" as const, "drain" as const, "removeNode" as const), name: fc.constantFrom(...NODES) }),
  fc.record({ verb: fc.constant("apply" as const), name: fc.constantFrom(...PODS), cpu: fc.constantFrom(0, 500, 1500), memoryMiB: fc.constantFrom(0, 256, 1024), containers: fc.integer({ min: 1, max: 3 }), zone: fc.constantFrom("", "a"), restart: fc.constantFrom("Always" as const, "Never" as const), command: fc.constantFrom("serve 80", "sleep 30; exit 1", "leak 20M/s") }),
  fc.record({ verb: fc.constant("deletePod" as const), name: fc.constantFrom(...PODS) }),
  fc.record({ verb: fc.constant("sleep" as const), ms: fc.constantFrom(1_000, 15_000, 120_000, 310_000) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function step(r: OrchestratorRig, o: Op): void {
  const orchestrator = r.manager.orchestrator;
  switch (o.verb) {
    case "addNode": orchestrator.addNode({ name: o.name, cpuMillicores: o.cpu, memoryBytes: o.memoryGiB * GiB, labels: { zone: o.zone } }); break;
    case "apply": orchestrator.apply(pod(o.name, { restartPolicy: o.restart, nodeSelector: o.zone === "" ? {} : { zone: o.zone }, containers: Array.from({ length: o.containers }, (_, i) => ({ name: `c${i}`, command: o.command, cpu: o.cpu, memory: o.memoryMiB * MiB })) }), OWNER); break;
    case "deletePod": orchestrator.deletePod(o.name); break;
    case "sleep": r.sleep(o.ms); break;
    default: orchestrator[o.verb](o.name);
  }
}

function checkBooks(r: OrchestratorRig): void {
  const o = r.manager.orchestrator;
  const pods = o.pods().map((p) => o.pod(p.name));
  for (const node of o.nodes()) {
    const here = pods.filter((p) => p.node === node.name);
    const sum = (pick: (c: (typeof here)[number]["containers"][number]) => number) => here.reduce((total, p) => total + p.containers.reduce((s, c) => s + pick(c), 0), 0);
    expect(node.pods).toBe(here.length);
    expect(node.cpuRequestedMillicores).toBe(sum((c) => c.requests.cpuMillicores));
    expect(node.memoryRequestedBytes).toBe(sum((c) => c.requests.memoryBytes));
    expect(node.cpuRequestedMillicores).toBeLessThanOrEqual(node.cpuAllocatableMillicores);
    expect(node.memoryRequestedBytes).toBeLessThanOrEqual(node.memoryAllocatableBytes);
  }
  for (const p of pods) {
    expect(p.node !== null).toBe(p.conditions[0]!.status === "True");
    if (p.phase === "Unknown") expect(o.node(p.node!).status.startsWith("NotReady")).toBe(true);
    if (p.node === null && p.status !== "Evicted") expect(p.phase).toBe("Pending");
  }
  const expected = pods.filter((p) => p.node !== null).flatMap((p) => p.containers.map((c) => `${p.name}-${c.name}`)).sort();
  expect(r.manager.names().sort()).toEqual(expected);
}

function run(ops: readonly Op[], seed: number): { rig: OrchestratorRig; refusals: string[] } {
  const r = orchestratorRig(seed);
  const refusals: string[] = [];
  for (const o of ops) {
    try {
      step(r, o);
    } catch (error) {
      if (!(error instanceof KernelError)) throw error;
      refusals.push(error.code);
    }
    checkBooks(r);
  }
  return { rig: r, refusals };
}

describe("the orchestrator on random operations", () => {
  it("keeps its books balanced, restores as it was, and ends the same way for the same seed", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 1000 }), (ops, seed) => {
        const { rig: r, refusals } = run(ops, seed);
        const again = run(ops, seed);
        expect(again.refusals).toEqual(refusals);
        expect(again.rig.manager.orchestrator.pods()).toEqual(r.manager.orchestrator.pods());
        const saved = JSON.parse(JSON.stringify(r.manager.toJSON()));
        const restored = new ContainerManager(new Clock(r.clock.now()), { trail: { record: () => {}, loadProblem: () => undefined } }, new Rng(seed));
        restored.restore(saved);
        expect(restored.orchestrator.pods()).toEqual(r.manager.orchestrator.pods());
        expect(restored.orchestrator.nodes()).toEqual(r.manager.orchestrator.nodes());
      }),
      { numRuns: 150 },
    );
  });
});
