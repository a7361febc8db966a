// Usage lines and required-option hints, from the declarations: a required option is written bare
// in usage (`pod apply -f <file.yaml>`), an optional one in brackets; a one-letter option is typed
// with one dash everywhere it is named; a full node table names the verb that frees one.

import { describe, expect, it } from "vitest";
import { usageOf } from "../../shell/command.js";
import { NODE_COUNT_MAX } from "../../src/limits.js";
import { newSession, ok } from "../helpers.js";

describe("usage", () => {
  const session = newSession();
  const usage = (words: string[]) => usageOf(session.registry.match(words)!);
  const error = (line: string) => session.execute(line).error;

  it("writes required options bare, optional ones in brackets", () => {
    expect(usage(["pod", "apply"])).toBe("pod apply -f <file.yaml>");
    expect(usage(["node", "add"])).toBe("node add <name> --cpu <cores> --mem <size> [--label <k=v[,k=v]>] [--sdc <client>]");
    expect(usage(["su"])).toBe("su <user> [--password <string>]");
  });

  it("puts the required options in an error's usage hint", () => {
    expect(error("pod apply /x.yaml")).toBe("error: pod apply: unexpected argument '/x.yaml' [EINVAL] — usage: pod apply -f <file.yaml>");
    expect(error("vol create")).toMatch(/usage: vol create <name> --size <size>$/);
  });

  it("names each missing required option once, with its own dashes", () => {
    expect(error("node add w1")).toBe("error: node add: --cpu and --mem are required [EINVAL] — e.g. --cpu 4 --mem 8G");
    expect(error("pod apply")).toBe("error: pod apply: -f is required [EINVAL] — e.g. -f web.yaml");
  });

  it("says how to free a full node table with the verb that does it", () => {
    for (let i = 0; i < NODE_COUNT_MAX; i++) ok(session, `node add n${i} --cpu 1 --mem 1G`);
    expect(error("node add one-more --cpu 1 --mem 1G")).toMatch(/node table full: .* — node remove an empty node first/);
  });
});
