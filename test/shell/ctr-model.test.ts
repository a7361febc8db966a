// Random sequences of ctr commands through a session against a tiny model: which containers exist
// (a run or create succeeds exactly when the name is free, an rm exactly when the container is not
// running or --force is given), and what every command answers: output or one error line with a
// code, never a crash. ctr list shows exactly the containers docker ps would, -a all of them.

import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { newSession, ok } from "../helpers.js";

const NAMES = ["a", "b", "c"];
const WORKLOADS = ["serve 80", "exit 3", "sleep 5s", "leak 8M/s", "crash after 2s", "cpu 2"];
const STOPPED = ["Created", "Stopped", "Failed", "Terminated"];

const operation = fc.oneof(
  fc.record({ verb: fc.constantFrom("run", "create"), name: fc.constantFrom(...NAMES), cmd: fc.constantFrom(...WORKLOADS), restart: fc.constantFrom("no", "always", "on-failure:1") }),
  fc.record({ verb: fc.constantFrom("start", "stop", "pause", "resume", "kill", "show", "logs", "stats", "inspect", "events"), name: fc.constantFrom(...NAMES, "nope") }),
  fc.record({ verb: fc.constant("rm"), name: fc.constantFrom(...NAMES), force: fc.boolean() }),
  fc.record({ verb: fc.constant("exec"), name: fc.constantFrom(...NAMES), cmd: fc.constantFrom("ps", "hostname", "id", "frob") }),
  fc.record({ verb: fc.constant("sleep"), seconds: fc.integer({ min: 1, max: 40 }) }),
);

type Op = { verb: string; name?: string; cmd?: string; restart?: string; force?: boolean; seconds?: number };

function line(op: Op): string {
  switch (op.verb) {
    case "run":
    case "create":
      return `ctr ${op.verb} busybox --name ${op.name} --cmd "${op.cmd}" --mem 32M --restart ${op.restart}`;
    case "rm":
      return `ctr rm ${op.name}${op.force ? " --force" : ""}`;
    case "exec":
      return `ctr exec ${op.name} ${op.cmd}`;
    case "sleep":
      return `sleep ${op.seconds}s`;
    default:
      return `ctr ${op.verb} ${op.name}`;
  }
}

describe("ctr commands against a model", () => {
  test.prop([fc.array(operation, { maxLength: 30 })], { numRuns: 40 })("keeps the containers the model says, and answers every command with output or one error line, never a crash", (ops) => {
    const session = newSession({ seed: 3 });
    ok(session, "image pull busybox");
    const existing = new Set<string>();
    const states = () => new Map((JSON.parse(ok(session, "ctr list -a --json").join("\n")) as { containers: { name: string; state: string }[] }).containers.map((c) => [c.name, c.state]));
    for (const op of ops as Op[]) {
      const before = states();
      const outcome = session.execute(line(op));
      if (!outcome.ok) expect(outcome.error).toMatch(/^[^\n]*(\[E[A-Z]+\]|exited with \d+)[^\n]*$/); // a kernel error, or an exec command that failed
      if (op.verb === "run" || op.verb === "create") {
        expect(outcome.ok, line(op)).toBe(!existing.has(op.name!));
        existing.add(op.name!);
      }
      if (op.verb === "rm" && existing.has(op.name!)) {
        expect(outcome.ok, `${line(op)} from ${before.get(op.name!)}`).toBe(op.force === true || STOPPED.includes(before.get(op.name!)!));
        if (outcome.ok) existing.delete(op.name!);
      }
      if (op.name === "nope" || (op.name !== undefined && !existing.has(op.name) && op.verb !== "rm")) expect(outcome.error).toMatch(/no container named/);
      const after = states();
      expect([...after.keys()].sort()).toEqual([...existing].sort());
      const up = [...after].filter(([, state]) => !STOPPED.includes(state)).map(([name]) => name);
      const rows = ok(session, "ctr list");
      const listed = rows[0]!.startsWith("(") ? [] : rows.slice(1).map((row) => row.split(/\s{3,}/).at(-2)); // "(no running containers ...)"
      expect(listed).toEqual(up);
    }
  });
});
