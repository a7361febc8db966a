// The fuzzer in test size: a fixed seed, a few thousand generated commands over fresh sessions
// (root and unprivileged, piped and interactive, with a state directory or without: then a restart
// must rebuild the same kernel from snapshot and journal), shrunk by fast-check to the shortest failing sequence if one fails.
// The long form is `npm run fuzz -- --commands 200000 --seed N` (test/fuzz/long.ts).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { command } from "../../shell/command.js";
import { Registry } from "../../shell/registry.js";
import { linesOf, runArbitrary, sessionFor } from "./grammar.js";
import { fail } from "../../src/errors.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { newSession, tempDir } from "../helpers.js";
import { describeFindings, Findings, makeScratch, recoveryProblem, runLine, stateProblem } from "./harness.js";

const SEED = Number(process.env.FUZZ_SEED ?? 9); // fixed in CI; FUZZ_SEED=n tries another
const RUNS = 64;
const REFUSAL_CHECK_EVERY = 8; // lines between checks that a refused command changed nothing (two snapshots each)
// A correctness test, not a speed test: ~16 s alone on 2 cores, far longer on a loaded machine.
const FUZZ_TIMEOUT_MS = 180_000;
const LINES = { minLength: 0, maxLength: 300, size: "max" } as const; // lengths spread evenly, and a failure shrinks to few lines

describe("fuzz: generated commands from the registry", () => {
  it(`runs ${RUNS} sessions of generated lines with no internal error, and state that verifies and reloads`, () => {
    const registry = new Registry();
    const dir = makeScratch();
    const all = new Findings();
    const cwd = process.cwd();
    process.chdir(dir); // relative paths a command writes land in the scratch directory
    try {
      fc.assert(
        fc.property(runArbitrary(registry, dir, LINES), (run) => {
          const stateDir = run.persist ? tempDir("kshell-fuzz-state-") : undefined;
          const session = sessionFor(run, 1, stateDir === undefined ? undefined : StateStore.open(stateDir));
          const findings = new Findings();
          linesOf(run).forEach((line, index) => runLine(session, registry, line, findings, index % REFUSAL_CHECK_EVERY === 0));
          for (const failure of findings.failures.values()) all.add(failure.verb, failure.line, failure.error);
          all.commands += findings.commands;
          const failures = findings.list();
          if (failures.length > 0) throw new Error(describeFindings(findings).join("\n"));
          const problem = stateProblem(session.kernel) ?? (stateDir === undefined ? undefined : recoveryProblem(session.kernel, stateDir, 1));
          if (problem !== undefined) throw new Error(problem);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: false },
      );
    } finally {
      process.chdir(cwd);
    }
    expect(all.commands).toBeGreaterThan(RUNS * 100); // about 8,000 commands with the setup lines
  }, FUZZ_TIMEOUT_MS);

  it("reports an internal error (anything but a KernelError out of a command) once per verb and first line", () => {
    const boom = command({ path: ["boom"], summary: "throws", args: [{ name: "n", required: false }], options: [], examples: [], run: () => (undefined as unknown as { x: string }).x, display: () => [] });
    const registry = new Registry([boom]);
    const session = newSession({ registry });
    const findings = new Findings();
    runLine(session, registry, "boom 1", findings);
    runLine(session, registry, "boom 2; boom 3", findings); // stops at the first failure, as the shell does
    expect(findings.list().map((failure) => [failure.key, failure.count])).toEqual([["boom: kshell: internal error in boom: Cannot read properties of undefined (reading '…') — the command was undone; state is as of the last acknowledged command. Please report this.", 2]]);
    expect(findings.commands).toBe(2);
  });

  it("reports a refused command that changed the kernel anyway", () => {
    const half = command({
      path: ["half"],
      summary: "moves the clock, then fails",
      args: [],
      options: [],
      examples: [],
      gate: { action: "kernel.sleep", type: "system", mutates: true, object: () => "clock" },
      run: ({ kernel }) => (kernel.clock.advance(1000), fail("EIO", "half done")),
      display: () => [],
    });
    const registry = new Registry([half]);
    const findings = new Findings();
    runLine(newSession({ registry }), registry, "half", findings, true);
    expect(findings.list().map((failure) => failure.key)).toEqual(['half: refused, but changed field "clockMs"']);
  });
});
