import { describe, expect, it } from "vitest";
import { parseCommand } from "../../shell/parse.js";
import { Registry } from "../../shell/registry.js";
import { tokenize } from "../../shell/tokenize.js";

const registry = new Registry();

function parse(line: string) {
  const parsed = parseCommand(registry, tokenize(line)[0]!);
  return { path: parsed.spec.path.join(" "), args: parsed.input.args, rest: parsed.input.rest, options: parsed.input.options, json: parsed.json, help: parsed.help };
}

describe("parseCommand", () => {
  const accepted: [string, Partial<ReturnType<typeof parse>>][] = [
    ["status", { path: "status", options: {} }],
    ["quit", { path: "exit" }],
    ["audit query --level warning --limit 5", { path: "audit query", options: { level: "warning", limit: 5 } }],
    ["audit query --level=ERROR", { path: "audit query", options: { level: "error" } }],
    ["audit query --alerts --json", { options: { alerts: true }, json: true }],
    ["audit filter add --effect drop --max-level debug", { path: "audit filter add", options: { effect: "drop", "max-level": "debug" } }],
    ["audit compliance add x --rule critical-acked --max-age 1h", { args: { name: "x" }, options: { rule: "critical-acked", "max-age": 3_600_000 } }],
    ["echo a b --c --json", { path: "echo", rest: ["a", "b", "--c", "--json"], json: false }],
    ["audit tail -- 3", { args: { n: "3" } }],
    ["help audit query", { path: "help", args: { group: "audit" }, rest: ["query"] }],
    ["clock speed 4", { path: "clock speed", args: { factor: "4" } }],
    ["audit query --help", { path: "audit query", help: true }],
    ["audit ack 3", { path: "audit ack", args: { seq: "3" }, options: {} }],
    ["audit ack --all", { path: "audit ack", args: { seq: undefined }, options: { all: true } }],
  ];
  it.each(accepted)("parses %j", (line, expected) => {
    expect(parse(line)).toMatchObject(expected);
  });

  const refused: [string, RegExp][] = [
    ["bogus", /unknown command 'bogus'/],
    ["audit", /audit: expected a verb/],
    ["audit frob", /expected a known verb, not 'frob'/],
    ["audit query --level loud", /bad --level 'loud'/],
    ["audit query --limit many", /bad --limit 'many': expected a whole number/],
    ["audit query --frob", /unknown option --frob/],
    ["audit query --limit", /--limit needs a value/],
    ["audit query --alerts=yes", /--alerts takes no value/],
    ["sleep", /missing <duration>/],
    ["status now", /unexpected argument 'now'/],
    ["audit compliance add x --max-age forever", /bad --max-age 'forever'/],
    ["audit ack", /^audit ack: missing <seq> \(or --all\)$/],
    ["audit ack 3 --all", /^audit ack: give <seq> or --all, not both$/],
  ];
  it.each(refused)("refuses %j", (line, error) => {
    expect(() => parse(line)).toThrow(error);
  });
});

describe("tokenize", () => {
  const cases: [string, string[][]][] = [
    ["echo hi", [["echo", "hi"]]],
    ["  echo   spaced  ", [["echo", "spaced"]]],
    ["echo 'a  b' \"c \\\"d\\\"\"", [["echo", "a  b", 'c "d"']]],
    ["echo a\\ b", [["echo", "a b"]]],
    ["echo a; echo b;", [["echo", "a"], ["echo", "b"]]],
    ["echo 'x;y'", [["echo", "x;y"]]],
    ["echo a # comment; echo b", [["echo", "a"]]],
    ["echo a#b", [["echo", "a#b"]]],
    ["# only a comment", []],
    ["", []],
  ];
  it.each(cases)("splits %j", (line, expected) => {
    expect(tokenize(line)).toEqual(expected);
  });

  it("refuses an unterminated quote", () => {
    expect(() => tokenize("echo 'open")).toThrow(/unterminated single quote/);
  });
});
