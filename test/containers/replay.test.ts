// A property test of determinism (issue 15, "persistence and determinism"): random containers
// (workloads, limits, policies, probes) and random verbs and sleeps; at a random step the manager
// is saved to JSON and restored into a second one, and both go on with the same steps. They must
// agree on everything a person can read, and never fail an assertion (a kernel bug) on the way.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContainerManager } from "../../modules/containers/index.js";
import { KernelError } from "../../src/errors.js";
import { rig, type Rig } from "./helpers.js";

const WORKLOADS = ["sleep 1h", "exit 3", "sleep 2; exit 0", "crash after 7s", "serve 80", "serve 80; hang after 12s", "leak 4M/s", 'cpu 1.5; log "x" every 700ms', "sleep 3; serve 80; write /d 1M/s"];
const POLICIES = ["no", "on-failure", "on-failure:2", "always", "unless-stopped"];
const PROBES = [undefined, "http:80,period=2s,failure=2", "tcp:80,period=3s", "exec:curl localhost:80,period=1s,failure=1"];
const NAMES = ["a", "b", "c"];

const step = fc.oneof(
  fc.record({ verb: fc.constant("run"), name: fc.constantFrom(...NAMES), workload: fc.constantFrom(...WORKLOADS), policy: fc.constantFrom(...POLICIES), liveness: fc.constantFrom(...PROBES), readiness: fc.constantFrom(...PROBES), mem: fc.constantFrom(0, 16, 64), cpu: fc.constantFrom(0, 500) }),
  fc.record({ verb: fc.constantFrom("start", "stop", "pause", "resume", "kill", "remove"), name: fc.constantFrom(...NAMES), graceMs: fc.constantFrom(0, 100, 10_000) }),
  fc.record({ verb: fc.constant("sleep"), ms: fc.constantFrom(1, 99, 100, 1_000, 9_999, 60_000, 600_000) }),
);
type Step = { verb: string; name?: string; workload?: string; policy?: string; liveness?: string; readiness?: string; mem?: number; cpu?: number; graceMs?: number; ms?: number };

function apply(r: Rig, manager: ContainerManager, s: Step): string {
  try {
    switch (s.verb) {
      case "sleep": r.sleep(s.ms!); break;
      case "run": manager.run({ name: s.name!, image: "busybox", command: s.workload, restart: s.policy, liveness: s.liveness, readiness: s.readiness, memoryBytes: s.mem! * 1024 ** 2, cpuMillicores: s.cpu }); break;
      case "stop": manager.stop(s.name!, s.graceMs); break;
      case "remove": manager.remove(s.name!, s.graceMs === 0); break;
      default: (manager as unknown as Record<string, (n: string) => unknown>)[s.verb]!(s.name!);
    }
    return "ok";
  } catch (error) {
    if (error instanceof KernelError) return error.code;
    throw error; // an AssertionError: a bug
  }
}

/** Everything a person can read of the manager. */
function seen(manager: ContainerManager): unknown {
  return { list: manager.list(), stats: manager.stats(), events: manager.events(), logs: manager.names().map((n) => manager.logs(n)), shown: manager.names().map((n) => manager.show(n)), saved: JSON.stringify(manager.toJSON()) };
}

describe("containers replayed from a snapshot", () => {
  it("go on exactly as the ones never saved", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 2, maxLength: 40 }), fc.nat(), (steps, cut) => {
        const at = cut % steps.length;
        const first = rig();
        for (const s of steps.slice(0, at)) apply(first, first.manager, s);
        const second = rig(first.clock.now());
        const restored = new ContainerManager(second.clock, { trail: { record: () => {}, loadProblem: () => undefined } });
        restored.restore(JSON.parse(JSON.stringify(first.manager.toJSON())));
        for (const s of steps.slice(at)) expect(apply(second, restored, s)).toBe(apply(first, first.manager, s));
        expect(seen(restored)).toEqual(seen(first.manager));
      }),
      { numRuns: 200 },
    );
  });
});
