// The network lifecycle against a tiny model on random sequences of actions and clock steps: the
// same actions succeed and fail, and the states agree after every step (fast-check prints the
// seed and the shrunk sequence on failure).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newSession } from "../helpers.js";

type Model = { state: string; untilMs: number; interfaces: number; deleting: boolean; nowMs: number } | undefined;

const LEGAL: Record<string, Record<string, string>> = {
  up: { Created: "Configuring" },
  suspend: { Active: "Suspended" },
  resume: { Suspended: "Active" },
  fail: { Configuring: "Failed", Active: "Failed", Suspended: "Failed" },
  recover: { Failed: "Configuring" },
  down: { Configuring: "Deactivating", Active: "Deactivating", Suspended: "Deactivating", Failed: "Deactivating" },
};

const ticksFor = (ms: number) => Math.max(100, Math.ceil(ms / 100) * 100);

/** Moves the model's clock to `toMs`, ending timed states on the way. */
function advance(model: Model, toMs: number): Model {
  while (model !== undefined && model.untilMs > 0 && model.untilMs <= toMs) {
    const at = model.untilMs;
    if (model.state === "Configuring") model = { ...model, state: "Active", untilMs: 0 };
    else if (model.state === "Deactivating") model = model.deleting ? { ...model, state: "Destroyed", untilMs: at + 100 } : { ...model, state: "Created", untilMs: 0 };
    else model = undefined; // Destroyed ends: the slot is free
  }
  return model === undefined ? undefined : { ...model, nowMs: toMs };
}

function apply(model: Model, action: string, nowMs: number): { model: Model; ok: boolean } {
  if (action === "create") return model === undefined ? { model: { state: "Configuring", untilMs: nowMs + 1000, interfaces: 0, deleting: false, nowMs }, ok: true } : { model, ok: false };
  if (model === undefined) return { model, ok: false };
  const busy = ["Deactivating", "Destroyed"].includes(model.state);
  if (action === "ifadd") return busy || model.interfaces === 16 ? { model, ok: false } : { model: { ...model, interfaces: model.interfaces + 1 }, ok: true };
  if (action === "ifdel") return busy || model.interfaces === 0 ? { model, ok: false } : { model: { ...model, interfaces: model.interfaces - 1 }, ok: true };
  if (action === "delete") {
    if (model.state === "Destroyed") return { model, ok: false };
    if (model.state === "Created") return { model: { ...model, state: "Destroyed", untilMs: nowMs + 100, deleting: true }, ok: true };
    if (model.state === "Deactivating") return { model: { ...model, deleting: true }, ok: true };
    return { model: { ...model, state: "Deactivating", untilMs: nowMs + ticksFor(100 * model.interfaces), deleting: true }, ok: true };
  }
  const next = LEGAL[action]![model.state];
  if (next === undefined) return { model, ok: false };
  const untilMs = next === "Configuring" ? nowMs + 1000 : next === "Deactivating" ? nowMs + ticksFor(100 * model.interfaces) : 0;
  return { model: { ...model, state: next, untilMs }, ok: true };
}

const ACTIONS = ["create", "up", "down", "suspend", "resume", "fail", "recover", "delete", "ifadd", "ifdel", "tick", "sleep"] as const;

describe("network lifecycle against a model", () => {
  it("agrees on every step of random action sequences", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 60 }), (actions) => {
        const session = newSession();
        let model: Model;
        let nowMs = 0;
        let ifs = 0;
        for (const action of actions) {
          if (action === "tick" || action === "sleep") {
            nowMs += action === "tick" ? 100 : 500;
            session.execute(action === "tick" ? "tick" : "sleep 500ms");
            model = advance(model, nowMs);
            continue;
          }
          const line = action === "create" ? "net create lan --cidr 10.0.0.0/24" : action === "ifadd" ? `net if add lan i${ifs}` : action === "ifdel" ? `net if del i${ifs - 1}` : `net ${action} lan`;
          const outcome = session.execute(line);
          const expected = apply(model, action, nowMs);
          expect(outcome.ok, `${line} from ${model?.state ?? "none"}: ${outcome.error ?? ""}`).toBe(expected.ok);
          if (outcome.ok && action === "ifadd") ifs++;
          if (outcome.ok && action === "ifdel") ifs--;
          if (outcome.ok && model?.state === "Destroyed") ifs = 0;
          model = expected.model;
          if (model === undefined) ifs = 0;
          const live = session.kernel.view.network.networks();
          expect(live.map((n) => n.state)).toEqual(model === undefined ? [] : [model.state]);
          expect(session.kernel.view.network.interfaces().length).toBe(model?.interfaces ?? 0);
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000); // 150 runs of up to 60 commands each: tens of seconds when the machine is busy
});
