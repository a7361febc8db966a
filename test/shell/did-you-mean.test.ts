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
  ])("%s", (line, expected) => {
    expect(session.execute(line).error).toContain(expected);
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
