import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editDistance, mostSimilar } from "../../shell/did-you-mean.js";
import { newSession } from "../helpers.js";

describe("did you mean", () => {
  const session = newSession();

  it.each([
    ["vol lsit", "vol: expected a known verb, not 'lsit' [EINVAL] — did you mean `vol list`?"],
    ["vol lst", "— did you mean `vol list`?"],
    ["vol snap creat db s", "vol snap: expected a known verb, not 'creat' [EINVAL] — did you mean `vol snap create`?"],
    ["cluster sds fial sds1", "— did you mean `cluster sds fail`?"],
    ["stauts", "unknown command 'stauts' [EINVAL] — did you mean `status`?"],
    // a mistyped first word: the whole line corrected, as git offers the command with its verb
    ["clustr status", "unknown command 'clustr' [EINVAL] — did you mean `cluster status`?"],
    ["nod list", "unknown command 'nod' [EINVAL] — did you mean `node list`?"],
    ["nod shwo w1 --json", "— did you mean `node show w1 --json`?"],
    ["vl snap creat db s", "— did you mean `vol snap create db s`?"],
    ["halp", "— did you mean `help`?"],
    ["vol create x --szie 1G", "vol create: unknown option --szie [EINVAL] — did you mean `--size`?"],
    ["audit query --lvel warning", "— did you mean `--level`?"],
    ["status --jsno", "— did you mean `--json`?"],
    ["help vl", "no help for 'vl' [ENOENT] — did you mean `help vol`?"],
    ["watch clster", "no live view for 'clster' [EINVAL] — did you mean `watch cluster`?"],
    // nothing close: the list it chose from, as before
    ["bogus", "unknown command 'bogus' [EINVAL] — type `help` for the list of commands"],
    ["audit frob", "audit: expected a known verb, not 'frob' [EINVAL] — verbs: ack, compliance, export, filter, query, stats, tail, verify"],
    ["vol create db --size 1G --frob", "unknown option --frob [EINVAL] — options: --size --type"],
    // too far for the word's length: no guess (git's floor alone offered these)
    ["head -c 20000000 /dev/zero", "unknown command 'head' [EINVAL] — type `help` for the list of commands"],
    ["watch user", "no live view for 'user' [EINVAL] — watch takes a group with a live view: "],
    ["watch node", "no live view for 'node' [EINVAL] — watch pod shows the nodes"], // a group with no view of its own: where its objects are
    ["constructor", "unknown command 'constructor' [EINVAL] — type `help` for the list of commands"],
    // kshell's own command-line verb typed at its prompt: where it belongs
    ["run missing.ksh", "unknown command 'run' [EINVAL] — `kshell run <file>` is for the command line (bash), not this prompt"],
  ])("%s", (line, expected) => {
    expect(session.execute(line).error).toContain(expected);
  });

  it.each([
    ["run", ["group", "clock"], []],
    ["head", ["help", "load"], []],
    ["user", ["cluster", "audit", "vol"], []],
    ["x", ["ls", "vol"], []],
    ["lsit", ["list"], ["list"]],
    ["nod", ["node", "net"], ["node"]],
    ["vl", ["vol"], ["vol"]],
    ["halp", ["help"], ["help"]],
    ["clster", ["cluster"], ["cluster"]],
    ["stauts", ["status"], ["status"]],
  ] as const)("%s among %j: %j", (typed, candidates, expected) => {
    expect(mostSimilar(typed, candidates)).toEqual(expected);
  });

  it("never suggests a word farther than half the typed word's length", () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 10 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }), (typed, candidates) => {
      return mostSimilar(typed, candidates).every((word) => word.startsWith(typed) || editDistance(typed, word) <= Math.ceil(typed.length / 2));
    }));
  });

  it("weighs edits as git does: a swap is free, a missing letter 1, a wrong one 2, an extra one 3", () => {
    expect(editDistance("lsit", "list")).toBe(0);
    expect(editDistance("lst", "list")).toBe(1);
    expect(editDistance("lust", "list")).toBe(2);
    expect(editDistance("liist", "list")).toBe(3);
    expect(editDistance("", "ab")).toBe(2);
    expect(editDistance("ab", "")).toBe(6);
  });

  it("offers every word tied for most similar, and none past git's floor", () => {
    expect(mostSimilar("stat", ["start", "stats", "stop"])).toEqual(["stats"]); // a prefix scores best
    expect(mostSimilar("sat", ["set", "sit", "stop"])).toEqual(["set", "sit"]);
    expect(mostSimilar("xyzzy", ["list", "show"])).toEqual([]);
  });
});
