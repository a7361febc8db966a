// Every group's --help lists its subcommands (a new user found `clock speed` only under help kernel,
// and `vol --help` was an error), and `clock` says the clock is paused at speed 0.

import { describe, expect, it } from "vitest";
import { Registry } from "../../shell/registry.js";
import { newSession, ok } from "../helpers.js";

describe("a group's --help", () => {
  it("lists a command's subcommands under its usage: clock --help and help clock name clock speed", () => {
    const session = newSession();
    for (const line of ["clock --help", "help clock"]) {
      const lines = ok(session, line);
      expect(lines[0]).toBe("usage: clock");
      expect(lines).toContain("subcommands (help clock <verb> for one's usage):");
      expect(lines.find((l) => l.startsWith("  clock speed "))).toMatch(/^ {2}clock speed {2}set how fast simulated time follows the wall clock/);
    }
  });

  it.each([
    ["vol --help", "vol", ["vol create", "vol snap create", "vol replicate start", "vol write"]],
    ["vol snap -h", "vol snap", ["vol snap create", "vol snap delete", "vol snap list", "vol snap restore"]],
    ["help vol snap", "vol snap", ["vol snap create", "vol snap restore"]],
    ["cluster sds --help", "cluster sds", ["cluster sds add", "cluster sds fail"]],
  ])("%s lists every command under %s with its summary", (line, prefix, expected) => {
    const session = newSession();
    const lines = ok(session, line);
    expect(lines[0]!.startsWith(prefix)).toBe(true);
    expect(lines[1]).toBe(`subcommands (help ${prefix} <verb> for one's usage):`);
    const entries = lines.slice(2, -1).filter((l) => !l.startsWith("    ")); // a long summary wraps under itself
    const listed = entries.map((l) => l.trim().split(/\s{2,}/)[0]);
    for (const path of expected) expect(listed).toContain(path);
    expect(listed.every((path) => path!.startsWith(`${prefix} `))).toBe(true);
    expect(lines.at(-1)).toBe(`see also: help ${prefix.split(" ")[0]}`);
  });

  it("still refuses a verb that does not exist, with the verbs that do", () => {
    const session = newSession();
    expect(session.execute("vol frob --help").error).toMatch(/vol: expected a known verb, not 'frob' \[EINVAL\] — verbs: attach, create/);
    expect(session.execute("nothing --help").error).toMatch(/unknown command 'nothing'/);
  });
});

describe("clock at speed 0", () => {
  it("says the interactive clock is paused, and how to resume it", () => {
    const session = newSession({ interactive: true, wallClockMs: () => 0 });
    expect(ok(session, "clock")[0]).toMatch(/speed 1x, follows wall clock\)$/);
    ok(session, "clock speed 0");
    expect(ok(session, "clock")[0]).toMatch(/\(0 ticks of 100 ms, paused at speed 0: clock speed 1 resumes\)$/);
    ok(session, "clock speed 1");
    expect(ok(session, "clock")[0]).toMatch(/follows wall clock\)$/);
  });

  it("keeps a script's clock line: scripts move time with sleep and tick only", () => {
    expect(ok(newSession(), "clock speed 0; clock").at(-1)).toMatch(/speed 0x, follows sleep\/tick only\)$/);
  });
});

describe("every group's help lists all its subcommands", () => {
  const registry = new Registry();
  const paths = registry.commands.map((spec) => spec.path.join(" "));
  // every prefix that has commands under it: vol, vol snap, cluster sds, clock (a command with a subcommand)
  const prefixes = [...new Set(registry.commands.flatMap((spec) => spec.path.slice(0, -1).map((_, i) => spec.path.slice(0, i + 1).join(" "))))].sort();
  const under = (prefix: string) => paths.filter((path) => path.startsWith(`${prefix} `));
  const flat = (lines: readonly string[]) => lines.join(" ").replace(/\s+/g, " "); // wrapped lines joined again
  const naming = (path: string) => new RegExp(`(^|[^\\w-])${path}(?![\\w-])`); // "vol snap" is not named by "vol snapshots"

  it("has groups to walk", () => {
    expect(prefixes).toEqual(expect.arrayContaining(["clock", "vol", "vol snap", "cluster", "cluster sds", "net"]));
  });

  it.each(prefixes)("%s: its --help and its help name every command under it", (prefix) => {
    const session = newSession();
    for (const line of [`${prefix} --help`, `help ${prefix}`]) {
      const text = flat(ok(session, line));
      for (const path of under(prefix)) expect(text, `${line} names ${path}`).toMatch(naming(path));
    }
  });
});
