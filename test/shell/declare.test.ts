// Declared option rules (required, exclusive, requires), the typed input `run` receives, and the
// gate binding that follows from a command's path and its object argument (shell/input.ts,
// shell/declare.ts).

import { describe, expect, it } from "vitest";
import { command, type CommandSpec, type OptionSpec, type ParsedInput, type RunContext } from "../../shell/command.js";
import { actionOf, objectOf } from "../../shell/declare.js";
import { checkOptionRules, typedInput, typedInputOf } from "../../shell/input.js";
import { operationOf } from "../../shell/operation.js";
import { Registry } from "../../shell/registry.js";

const NO_VIEW = {} as never; // these gates name their object from the words alone

const OPTIONS: readonly OptionSpec[] = [
  { name: "size", kind: "size", required: true, example: "1G", summary: "" },
  { name: "type", kind: "choice", choices: ["block", "distributed"], summary: "" },
  { name: "thin", kind: "flag", summary: "" },
  { name: "thick", kind: "flag", summary: "" },
  { name: "pool", kind: "pool", requires: { option: "type", value: "distributed" }, summary: "" },
  { name: "seed", kind: "count", requires: { option: "thin", message: "--seed needs thin volumes" }, summary: "" },
];
const spec = { path: ["vol", "create"], options: OPTIONS, exclusive: [["thin", "thick"]] };
const rules = (options: ParsedInput["options"]) => () => checkOptionRules(spec, options);

describe("option rules", () => {
  it("takes options that keep every rule", () => {
    expect(rules({ size: 1 })).not.toThrow();
    expect(rules({ size: 1, thin: true, pool: "pd/sp", type: "distributed", seed: 0 })).not.toThrow();
  });

  it("names a missing required option with the example as hint", () => {
    expect(rules({})).toThrow(expect.objectContaining({ message: "vol create: --size is required", hint: "e.g. --size 1G" }));
  });

  it("names every required option together when one is missing, in declaration order", () => {
    const both = { path: ["cluster", "sds", "add"], options: [{ name: "pool", kind: "pool", required: true, example: "pd1/sp1", summary: "" }, { name: "capacity", kind: "size", required: true, example: "1G", summary: "" }] satisfies OptionSpec[] };
    expect(() => checkOptionRules(both, { pool: "p" })).toThrow(expect.objectContaining({ message: "cluster sds add: --pool and --capacity are required", hint: "e.g. --pool pd1/sp1 --capacity 1G" }));
    expect(() => checkOptionRules(both, { pool: "p", capacity: 1 })).not.toThrow();
  });

  it("offers a required choice's words as the hint", () => {
    const choice = { path: ["audit", "filter", "add"], options: [{ name: "effect", kind: "choice", choices: ["keep", "drop"], required: true, summary: "" }] satisfies OptionSpec[] };
    expect(() => checkOptionRules(choice, {})).toThrow(expect.objectContaining({ message: "audit filter add: --effect is required", hint: "choose one of: keep, drop" }));
  });

  it("refuses options that exclude each other, but not a flag given as false", () => {
    expect(rules({ size: 1, thin: true, thick: true })).toThrow(/^vol create: --thin and --thick exclude each other$/);
    expect(rules({ size: 1, thin: false, thick: true })).not.toThrow();
  });

  it("refuses an option without the option (and value) it requires", () => {
    expect(rules({ size: 1, pool: "pd/sp" })).toThrow(/^vol create: --pool requires --type distributed$/);
    expect(rules({ size: 1, pool: "pd/sp", type: "block" })).toThrow(/^vol create: --pool requires --type distributed$/);
    expect(rules({ size: 1, seed: 3 })).toThrow(/^vol create: --seed needs thin volumes$/);
  });

  it("checks required first, then exclusive, then requires (the order run bodies checked them)", () => {
    expect(rules({ thin: true, thick: true, pool: "x" })).toThrow(/--size is required/);
    expect(rules({ size: 1, thin: true, thick: true, pool: "x" })).toThrow(/exclude each other/);
  });
});

describe("typed input", () => {
  const seen: unknown[] = [];
  const declared = command({
    path: ["vol", "read"],
    summary: "",
    args: [
      { name: "volume", required: true, kind: "volume" },
      { name: "offset", required: true, kind: "offset" },
      { name: "n", required: false, kind: "count", min: 1, label: "entry count" },
    ],
    options: [{ name: "len", kind: "size", summary: "" }],
    examples: [],
    run: (_context, input) => {
      seen.push(input);
      return { volume: input.args.volume, end: input.args.offset + (input.args.n ?? 0) };
    },
    journalWords: (words, input) => (input === seen.at(-1) ? [...words, "same"] : words),
    display: () => [],
  }) as CommandSpec;
  const context = {} as RunContext;

  it("converts each argument by its kind before run", () => {
    expect(declared.run(context, { args: { volume: "db", offset: "4K", n: "2" }, rest: [], options: {} })).toEqual({ volume: "db", end: 4098 });
    expect(declared.run(context, { args: { volume: "db", offset: "0" }, rest: [], options: {} })).toEqual({ volume: "db", end: 0 });
  });

  it("refuses an argument its kind does not take, with the declared label", () => {
    expect(() => declared.run(context, { args: { volume: "db", offset: "4Q" }, rest: [], options: {} })).toThrow(/^bad offset '4Q'$/);
    expect(() => declared.run(context, { args: { volume: "db", offset: "0", n: "0" }, rest: [], options: {} })).toThrow(/^entry count 0 is out of range/);
  });

  it("makes one typed input per parsed input, the one journalWords sees", () => {
    const raw: ParsedInput = { args: { volume: "db", offset: "1" }, rest: [], options: {} };
    declared.run(context, raw);
    expect(typedInputOf(raw)).toBe(seen.at(-1));
    expect(typedInput(declared, raw)).toBe(seen.at(-1));
    expect(declared.journalWords!(["vol", "read"], raw)).toEqual(["vol", "read", "same"]);
  });
});

describe("the gate binding from the path", () => {
  const input = (args: Record<string, string | undefined>, options = {}): ParsedInput => ({ args, rest: [], options });

  it("joins the path words into the action; a one-word command takes its page's name", () => {
    expect(actionOf(["vol", "snap", "create"], undefined)).toBe("vol.snap.create");
    expect(actionOf(["sleep"], "kernel")).toBe("kernel.sleep");
    expect(actionOf(["su"], "user")).toBe("user.su");
  });

  it("takes the object from the argument naming one, else the collection, else the group", () => {
    const vol = objectOf({ path: ["vol", "stats"], args: [{ name: "volume", required: false, kind: "volume" }] });
    expect([vol(input({ volume: "db" })), vol(input({}))]).toEqual(["vol/db", "vol"]);
    expect(objectOf({ path: ["vol", "create"], args: [{ name: "name", required: true, of: "volume" }] })(input({ name: "db" }))).toBe("vol/db");
    expect(objectOf({ path: ["sec", "rule", "del"], args: [{ name: "id", required: true, kind: "rule" }] })(input({ id: "007" }))).toBe("sec/rule/007"); // the word typed
    expect(objectOf({ path: ["sec", "label"], args: [{ name: "object", required: true, kind: "object" }] })(input({ object: "vol/db" }))).toBe("vol/db");
    expect(objectOf({ path: ["audit", "filter", "list"], args: [] })(input({}))).toBe("audit/filter");
    expect(objectOf({ path: ["cluster", "sds", "fail"], args: [{ name: "name", required: true, kind: "sds" }] })(input({ name: "s1" }))).toBe("cluster");
    expect(objectOf({ path: ["status"], page: "kernel", args: [] })(input({}))).toBe("kernel");
  });

  it("binds every registered command as before: explicit actions only where the path says otherwise", () => {
    const explicit = new Registry().commands.filter((spec) => spec.gate !== undefined && spec.gate.action !== actionOf(spec.path, spec.page));
    expect(explicit.map((spec) => spec.gate!.action).sort()).toEqual(["kernel.top", "kernel.watch"]);
  });

  it("hands the gate the words typed, not the converted values", () => {
    const ack = new Registry().match(["audit", "ack"]);
    expect(operationOf(ack.gate!, input({ seq: "0012" }), NO_VIEW).object).toBe("audit/0012");
    expect(operationOf(ack.gate!, input({}, { all: true }), NO_VIEW).object).toBe("audit");
  });
});

describe("looking commands up", () => {
  it("finds the command gating an action, the first declared when several share it", () => {
    const registry = new Registry();
    expect(registry.gating("vol.write")?.path).toEqual(["vol", "write"]);
    expect(registry.gating("kernel.top")).toBe(registry.commands.find((spec) => spec.gate?.action === "kernel.top"));
    expect(registry.gating("no.such.action")).toBeUndefined();
  });

  it("gives the same capability number on every call, and refuses an unknown one every time", () => {
    const gate = { action: "x.y", type: "user", mutates: true, capability: (i: ParsedInput) => String(i.args.cap) } as const;
    const op = (cap: string) => operationOf(gate as never, { args: { cap }, rest: [], options: {} }, NO_VIEW);
    expect(op("sys_admin").capability).toBe(op("CAP_SYS_ADMIN").capability);
    expect(op("sys_admin").capability).toBe(op("sys_admin").capability);
    expect(op("sys_admin").object).toBe("x");
    expect(() => op("nonsense")).toThrow();
    expect(() => op("nonsense")).toThrow();
    const declared = (capability: string) => operationOf({ ...gate, capability } as never, { args: {}, rest: [], options: {} }, NO_VIEW).capability;
    expect(declared("sys_admin")).toBe(op("sys_admin").capability);
    expect(declared("sys_admin")).toBe(declared("CAP_SYS_ADMIN"));
    expect(() => declared("nonsense")).toThrow();
    expect(() => declared("nonsense")).toThrow();
  });
});
