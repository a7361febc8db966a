// Globs are matched by a two-pointer walk, never a regular expression: a pattern like *a*a*a…b,
// typed by anyone who may add a rule or a filter, once took a backtracking regex minutes per
// decision. The walk must agree with the plain definition of a glob on every pattern and text.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyGlob, compileGlob, globMatches } from "../../src/glob.js";
import { GLOB_LENGTH_MAX } from "../../src/limits.js";
import { newSession, ok } from "../helpers.js";

/** The definition, read straight off: `*` any run (possibly empty), `?` one character, the rest itself. */
function reference(pattern: string, text: string): boolean {
  if (pattern === "") return text === "";
  const [head, rest] = [pattern[0], pattern.slice(1)];
  if (head === "*") return reference(rest, text) || (text !== "" && reference(pattern, text.slice(1)));
  return text !== "" && (head === "?" || head === text[0]) && reference(rest, text.slice(1));
}

const small = (alphabet: string[], max: number) => fc.array(fc.constantFrom(...alphabet), { maxLength: max }).map((chars) => chars.join(""));

describe("glob matching", () => {
  it("agrees with the reference on random small patterns and texts", () => {
    fc.assert(fc.property(small(["a", "b", "*", "?", "."], 8), small(["a", "b", "."], 10), (pattern, text) => {
      expect(globMatches(pattern, text)).toBe(reference(pattern, text));
    }), { numRuns: 5000 });
  });

  it("agrees when the text is the pattern with its wildcards filled in (the matches random texts rarely hit)", () => {
    const filled = small(["a", "b", "*", "?"], 8).chain((pattern) => fc.tuple(fc.constant(pattern), fc.array(small(["a", "b"], 3), { minLength: pattern.length, maxLength: pattern.length })));
    fc.assert(fc.property(filled, ([pattern, fills]) => {
      const text = [...pattern].map((c, i) => (c === "*" ? fills[i]! : c === "?" ? (fills[i]![0] ?? "a") : c)).join("");
      expect(globMatches(pattern, text)).toBe(true);
      expect(globMatches(pattern, text)).toBe(reference(pattern, text));
    }), { numRuns: 2000 });
  });

  it.each([
    ["vol.*", "vol.read", true], ["vol.*", "vol", false], ["v?l", "vol", true], ["v?l", "vl", false],
    ["a.b", "axb", false], ["a+b", "a+b", true], ["(x)|y", "(x)|y", true], ["[ab]", "a", false], ["*", "", true],
  ])("%s against %s is %s: only * and ? are special", (pattern, text, expected) => {
    expect(compileGlob(pattern).test(text)).toBe(expected);
  });

  it("answers *a*a…ab against a long run of a's (no match) and …a (a match)", () => {
    const stars = "*a".repeat(GLOB_LENGTH_MAX / 2 - 1);
    expect(compileGlob(`${stars}b`).test("a".repeat(4096))).toBe(false);
    expect(compileGlob(stars).test("a".repeat(4096))).toBe(true);
  });

  it("refuses an empty pattern and one past GLOB_LENGTH_MAX; anyGlob matches when one of its globs does", () => {
    expect(() => compileGlob("")).toThrow(/must be 1 to 128 characters/);
    expect(() => compileGlob("x".repeat(GLOB_LENGTH_MAX + 1))).toThrow(/must be 1 to 128 characters/);
    const actions = anyGlob([compileGlob("vol.read"), compileGlob("net.*")]);
    expect([actions.test("vol.read"), actions.test("net.create"), actions.test("vol.write")]).toEqual([true, true, false]);
  });

  it("decides a rule with *a*a…ab on a volume named with 60 a's, and an audit query with it, correctly", () => {
    const session = newSession();
    const name = "a".repeat(60);
    ok(session, `vol create ${name} --size 1M; vol write ${name} 0 --data x`);
    ok(session, `sec rule add --effect deny --object 'vol:${"*a".repeat(8)}b' --action 'vol.re*d'`);
    ok(session, `sec rule add --effect deny --object 'vol:${"*a".repeat(20)}' --action 'vol.write'`);
    expect(ok(session, `vol read ${name} 0 1`)).toEqual(["x"]);
    expect(session.execute(`vol write ${name} 0 --data y`).error).toMatch(/may not vol\.write .*a matching deny rule wins/);
    expect(ok(session, `audit query --action '*o*.*w*e' --limit 1 --json`).join("\n")).toMatch(/"action": "vol\.write"/);
  });
});
