// A denial through the gate is an expected outcome: an EPERM KernelError naming subject, action,
// object and the deciding layer, with `sec why` as its hint, and no stack trace (capturing one was
// a third of a denied command's time). Errors made after it keep their stacks.

import { describe, expect, it } from "vitest";
import { KernelError } from "../../src/errors.js";
import { permissionDenied, SyscallGate, type Decision, type Operation, type Outcome, type Subject } from "../../src/gate.js";

const alice: Subject = { name: "alice", uid: 1000, gid: 1000 };
const operation: Operation = { action: "vol.write", object: "vol/db", type: "storage", mutates: true, access: "write" };
const denied: Decision = { allowed: false, layer: "rule #3", reason: "a matching deny rule wins (deny-overrides)" };

describe("a denial through the gate", () => {
  it("fails with EPERM naming who, what and why, records the decision and never performs", () => {
    const recorded: Outcome[] = [];
    const gate = new SyscallGate({ decide: () => denied }, { record: (_s, _o, outcome) => recorded.push(outcome) });
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
    const error = permissionDenied(alice, operation, denied);
    expect(error.stack?.split("\n").filter((line) => line.trimStart().startsWith("at "))).toEqual([]);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error("a bug").stack).toMatch(/\n\s+at /);
  });
});
