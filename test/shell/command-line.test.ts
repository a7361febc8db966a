import { describe, expect, it } from "vitest";
import { readCommandLine } from "../../shell/command-line.js";

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

  it.each([
    [["--frob"], "error: unknown option '--frob'"],
    [["-V"], "error: unknown option '-V'"],
    [["--color"], "error: unknown option '--color'\n(Did you mean --no-color?)"],
    [["--seeds", "3"], "error: unknown option '--seeds'\n(Did you mean --seed?)"],
    [["--seed"], "error: option '--seed <n>' argument missing"],
    [["-c"], "error: option '-c, --command <commands>' argument missing"],
    [["--json=1"], "error: option '--json' does not take an argument"],
    [["run", "a", "b"], "error: too many arguments. Expected 2 arguments but got 3."],
  ])("refuses %j with one line", (argv, line) => {
    expect(readCommandLine(argv)).toEqual({ kind: "error", line });
  });

  it("prints commander's help: every option, wrapped at 80 columns", () => {
    for (const argv of [["--help"], ["-h"], ["--seed", "3", "-h"]]) {
      const help = readCommandLine(argv);
      expect(help.kind).toBe("help");
      const text = help.kind === "help" ? help.text : "";
      expect(text.startsWith("Usage: kshell [options] [run <file>]\n")).toBe(true);
      for (const flag of ["--seed <n>", "--state <dir>", "--json", "--keep-going", "--no-color", "--echo", "-c, --command <commands>", "-h, --help"]) expect(text).toContain(`  ${flag} `);
      expect(Math.max(...text.split("\n").map((line) => line.length))).toBeLessThanOrEqual(80);
      expect(text).toContain("  --state <dir>             persist the kernel in this directory (interactive\n                            runs default to $KSHELL_HOME or the XDG data dir)\n");
    }
  });
});
