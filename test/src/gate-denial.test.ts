// A denial through the gate is an expected outcome: an EPERM KernelError naming subject, action,
// object and the deciding layer, with `sec why` as its hint, and no stack trace (capturing one was
// a third of a denied command's time). Errors made after it keep their stacks.

import { describe, expect, it } from "vitest";
import { KernelError } from "../../src/errors.js";
import { permissionDenied, ROOT, SyscallGate, WHY_OPERATION, type Decision, type Operation, type Outcome, type Subject } from "../../src/gate.js";
import { operationOf } from "../../shell/operation.js";
import { newSession, ok } from "../helpers.js";

const alice: Subject = { name: "alice", uid: 1000, gid: 1000 };
const operation: Operation = { action: "vol.write", object: "vol/db", type: "storage", mutates: true, access: "write" };
const denied: Decision = { allowed: false, layer: "rule #3", reason: "a matching deny rule wins (deny-overrides)" };

describe("a denial through the gate", () => {
  it("fails with EPERM naming who, what and why, records the decision and never performs", () => {
    const recorded: Outcome[] = [];
    const gate = new SyscallGate({ decide: () => denied, permits: () => true }, { record: (_s, _o, outcome) => recorded.push(outcome) });
    let performed = false;
    let thrown: unknown;
    try {
      gate.invoke(alice, operation, () => (performed = true));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KernelError);
    expect(thrown).toMatchObject({ code: "EPERM", message: "permission denied: alice may not vol.write vol/db: a matching deny rule wins (deny-overrides)", hint: "sec why alice vol.write vol/db" });
    expect(performed).toBe(false);
    expect(recorded).toEqual([{ kind: "decided", decision: denied }]);
  });

  it("carries no stack frames, and leaves other errors theirs", () => {
    const limit = Error.stackTraceLimit;
    const error = permissionDenied(alice, operation, denied, { permits: () => true });
    expect(error.stack?.split("\n").filter((line) => line.trimStart().startsWith("at "))).toEqual([]);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error("a bug").stack).toMatch(/\n\s+at /);
  });

  it.each([
    ["alice may run sec why", [alice, ROOT], "sec why alice vol.write vol/db"],
    ["only root may", [ROOT], "as root: sec why alice vol.write vol/db (sec why is denied to alice)"],
    ["no one may", [], "decided by rule #3 (as root: sec rule del 3); a rule denies sec why to alice and root: as root, sec rule list shows it"],
  ])("hints at nothing that is denied itself: %s", (_case, mayExplain, hint) => {
    const permits = (subject: Subject, asked: Operation) => asked === WHY_OPERATION && mayExplain.includes(subject);
    expect(permissionDenied(alice, operation, denied, { permits }).hint).toBe(hint);
  });

  it("asks about the operation sec why really is", () => {
    const session = newSession();
    expect(operationOf(session.registry.gating("sec.why")!.gate!, { args: {}, rest: [], options: {} }, session.kernelView())).toEqual(WHY_OPERATION);
  });

  it("points a user denied sec why to root, and root (denied sec why by a rule) to the rule commands it keeps", () => {
    const session = newSession();
    ok(session, "user add alice; sec rule add --effect deny --user alice --object sec --action sec.why");
    ok(session, "su alice");
    expect(session.execute("vol create v --size 1M").error).toBe("error: permission denied: alice may not vol.create vol/v: CAP_SYS_ADMIN is not in alice's capability set [EPERM] — as root: sec why alice vol.create vol/v (sec why is denied to alice)");
    ok(session, "exit");
    expect(JSON.parse(ok(session, "sec rule list --json").join("\n")).rules).toMatchObject([{ id: 1, hits: 0 }]); // the hint's look decided nothing
    ok(session, "sec rule add --effect deny --object sec --action sec.why; sec rule add --effect deny --user root --object vol --action vol.create");
    expect(session.execute("vol create v --size 1M").error).toMatch(/vol\/v: a matching deny rule wins \(deny-overrides\) \[EPERM\] — decided by rule #3 \(as root: sec rule del 3\); a rule denies sec why to root: as root, sec rule list shows it$/);
    ok(session, "sec rule list; sec rule del 3; vol create v --size 1M");
  });
});
