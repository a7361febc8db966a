import { describe, expect, it } from "vitest";
import { readCommandLine } from "../../shell/command-line.js";
import { kshell } from "../helpers.js";

describe("the binary's command line", () => {
  it.each([
    [[], { seed: "1", color: true }, []],
    [["--seed", "7", "--json", "--keep-going", "--echo", "--no-color"], { seed: "7", color: false, json: true, keepGoing: true, echo: true }, []],
    [["--seed=9", "--state", "st", "run", "s.ksh"], { seed: "9", color: true, state: "st" }, ["run", "s.ksh"]],
    [["run", "s.ksh", "--seed", "3"], { seed: "3", color: true }, ["run", "s.ksh"]],
    [["-c", "echo a; echo b"], { seed: "1", color: true, command: "echo a; echo b" }, []],
    [["-cstatus"], { seed: "1", color: true, command: "status" }, []],
    [["--command=status"], { seed: "1", color: true, command: "status" }, []],
  ])("reads %j", (argv, options, args) => {
    expect(readCommandLine(argv)).toEqual({ kind: "run", options, args });
  });

  it.each([[["--frob"]], [["--color"]], [["--seed"]], [["-c"]], [["--json=1"]], [["run", "a", "b"]], [["--help"]], [["--seed", "3", "-h"]]])("leaves %j to commander", (argv) => {
    expect(readCommandLine(argv)).toEqual({ kind: "commander" });
  });

  it.each([
    [["--frob"], "error: unknown option '--frob'\n"],
    [["--color"], "error: unknown option '--color'\n(Did you mean --no-color?)\n"],
    [["--seeds", "3"], "error: unknown option '--seeds'\n(Did you mean --seed?)\n"],
    [["--seed"], "error: option '--seed <n>' argument missing\n"],
    [["-c"], "error: option '-c, --command <commands>' argument missing\n"],
    [["run", "a", "b"], "error: too many arguments. Expected 2 arguments but got 3.\n"],
  ])("refuses %j with commander's line and exit status 2", (argv, line) => {
    const run = kshell(argv);
    expect([run.status, run.stdout, run.stderr]).toEqual([2, "", line]);
  });

  it("prints commander's help: every option, wrapped at 80 columns", () => {
    for (const argv of [["--help"], ["-h"], ["--seed", "3", "-h"]]) {
      const run = kshell(argv);
      expect(run.status).toBe(0);
      const text = run.stdout;
      expect(text.startsWith("Usage: kshell [options] [run <file>]\n")).toBe(true);
      for (const flag of ["--seed <n>", "--state <dir>", "--json", "--keep-going", "--no-color", "--echo", "-c, --command <commands>", "-V, --version", "-h, --help"]) expect(text).toContain(`  ${flag} `);
      expect(Math.max(...text.split("\n").map((line) => line.length))).toBeLessThanOrEqual(80);
    }
  });
});
