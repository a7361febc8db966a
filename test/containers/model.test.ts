// A property test (issue 15): random sequences of create, start, stop, pause, resume, kill, remove
// and sleep against a small model of the state table, written from Docker's behaviour. After each
// step the manager holds the same containers in the same states, and refuses exactly what the
// model refuses, with the code the model expects. The seed is printed on failure (fast-check).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KernelError } from "../../src/errors.js";
import { CONTAINER_START_MS } from "../../src/limits.js";
import { rig } from "./helpers.js";

type State = "Created" | "Starting" | "Running" | "Paused" | "Stopping" | "Stopped";
interface Row { state: State; untilMs: number }

const NAMES = ["a", "b", "c", "d"];
const GRACE_MS = [0, 5_000];
const SLEEP_MS = [50, 100, 1_000, 5_000];

const op = fc.oneof(
  fc.record({ verb: fc.constantFrom("create", "start", "pause", "resume", "kill", "remove", "remove-force"), name: fc.constantFrom(...NAMES) }),
  fc.record({ verb: fc.constant("stop"), name: fc.constantFrom(...NAMES), graceMs: fc.constantFrom(...GRACE_MS) }),
  fc.record({ verb: fc.constant("sleep"), ms: fc.constantFrom(...SLEEP_MS) }),
);
type Op = { verb: string; name?: string; graceMs?: number; ms?: number };

/** The model's answer: the rows after `o`, or the error code it expects. */
function step(model: Map<string, Row>, o: Op, nowMs: number): string | undefined {
  if (o.verb === "sleep") {
    const later = nowMs + o.ms!;
    for (const row of model.values()) {
      if (row.state === "Starting" && row.untilMs <= later) row.state = "Running";
      if (row.state === "Stopping" && row.untilMs <= later) row.state = "Stopped";
    }
    return undefined;
  }
  const row = model.get(o.name!);
  if (o.verb === "create") {
    if (row !== undefined) return "EEXIST";
    model.set(o.name!, { state: "Created", untilMs: 0 });
    return undefined;
  }
  if (row === undefined) return "ENOENT";
  const from = (...states: State[]) => states.includes(row.state);
  switch (o.verb) {
    case "start": if (!from("Created", "Stopped")) return "EBUSY"; Object.assign(row, { state: "Starting", untilMs: nowMs + CONTAINER_START_MS }); break;
    case "pause": if (!from("Running")) return "EBUSY"; row.state = "Paused"; break;
    case "resume": if (!from("Paused")) return "EBUSY"; row.state = "Running"; break;
    case "kill": if (!from("Starting", "Running", "Paused", "Stopping")) return "EBUSY"; row.state = "Stopped"; break;
    case "stop": if (!from("Starting", "Running", "Paused")) return "EBUSY"; Object.assign(row, o.graceMs === 0 ? { state: "Stopped" } : { state: "Stopping", untilMs: nowMs + o.graceMs! }); break;
    case "remove": if (!from("Created", "Stopped")) return "EBUSY"; model.delete(o.name!); break;
    case "remove-force": model.delete(o.name!); break;
  }
  return undefined;
}

function apply(r: ReturnType<typeof rig>, o: Op): void {
  const m = r.manager;
  const name = o.name!;
  switch (o.verb) {
    case "sleep": r.sleep(o.ms!); break;
    case "create": m.create({ name, image: "busybox", command: "sleep 1h", restart: "always" }); break;
    case "stop": m.stop(name, o.graceMs); break;
    case "remove-force": m.remove(name, true); break;
    case "kill": m.kill(name); break;
    default: (m as unknown as Record<string, (n: string) => unknown>)[o.verb]!(name);
  }
}

describe("the container table against a model", () => {
  it("agrees on every state and every refusal", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        const r = rig();
        const model = new Map<string, Row>();
        for (const o of ops) {
          const expected = step(model, o, r.clock.now());
          let code: string | undefined;
          try {
            apply(r, o);
          } catch (error) {
            if (!(error instanceof KernelError)) throw error;
            code = error.code;
          }
          expect(code).toBe(expected);
          expect(Object.fromEntries(r.manager.list().map((c) => [c.name, c.state]))).toEqual(Object.fromEntries([...model].map(([name, row]) => [name, row.state])));
        }
      }),
      { numRuns: 300 },
    );
  });
});
