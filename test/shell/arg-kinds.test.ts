// The value kinds of arguments and options (shell/arg-kinds.ts): legal values, illegal ones and the
// boundaries, from tables and from generated values.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { parseCidr, parseMac, parseValue, type ValueSpec } from "../../shell/arg-kinds.js";
import { VLAN_ID_MAX } from "../../src/limits.js";

const value = (spec: Omit<ValueSpec, "name">, text: string) => parseValue({ name: "x", ...spec }, text, "x");

describe("argument kinds", () => {
  const accepted: [Omit<ValueSpec, "name">, string, string | number][] = [
    [{ kind: "size" }, "4K", 4096],
    [{ kind: "size" }, "0", 0],
    [{ kind: "offset" }, "1M", 1024 ** 2],
    [{ kind: "duration" }, "500ms", 500],
    [{ kind: "duration" }, "2", 2000],
    [{ kind: "count" }, "0", 0],
    [{ kind: "count", min: 1, max: 3 }, "3", 3],
    [{ kind: "rule" }, "1", 1],
    [{ kind: "audit-filter" }, "12", 12],
    [{ kind: "vlan" }, "1", 1],
    [{ kind: "vlan" }, String(VLAN_ID_MAX), VLAN_ID_MAX],
    [{ kind: "choice", choices: ["jsonl", "csv"] }, "CSV", "csv"],
    [{ kind: "name" }, "db-1", "db-1"],
    [{ kind: "mac" }, "52:54:00:AB:cd:EF", "52:54:00:ab:cd:ef"],
    [{ kind: "mac" }, "52-54-00-ab-cd-ef", "52:54:00:ab:cd:ef"],
    [{ kind: "cidr" }, "10.0.0.0/24", "10.0.0.0/24"],
    [{ kind: "cidr" }, "0.0.0.0/0", "0.0.0.0/0"],
    [{ kind: "cidr" }, "192.168.1.7/32", "192.168.1.7/32"],
    [{ kind: "volume" }, "anything@at-all", "anything@at-all"], // existence is the kernel's to say
    [{}, "text", "text"],
  ];
  it.each(accepted)("%j takes %j", (spec, text, expected) => {
    expect(value(spec, text)).toBe(expected);
  });

  const refused: [Omit<ValueSpec, "name">, string, RegExp][] = [
    [{ kind: "size" }, "4Q", /^bad x '4Q'$/],
    [{ kind: "offset" }, "-1", /^bad x '-1'$/],
    [{ kind: "duration" }, "soon", /^bad x 'soon'$/],
    [{ kind: "duration" }, "366d", /longer than a year/],
    [{ kind: "count" }, "1.5", /expected a whole number/],
    [{ kind: "count", min: 1, max: 3 }, "0", /^x 0 is out of range \(1\.\.3\)$/],
    [{ kind: "count", min: 1, max: 3 }, "4", /^x 4 is out of range \(1\.\.3\)$/],
    [{ kind: "rule" }, "0", /out of range \(1\.\./],
    [{ kind: "alert" }, "x", /expected a whole number/],
    [{ kind: "vlan" }, "0", /out of range \(1\.\.4094\)/],
    [{ kind: "vlan" }, "4095", /out of range \(1\.\.4094\)/],
    [{ kind: "choice", choices: ["jsonl", "csv"] }, "xml", /^bad x 'xml'$/],
    [{ kind: "name" }, "", /./],
    [{ kind: "name" }, "a/b", /./],
    [{ kind: "mac" }, "52:54:00:ab:cd", /^bad x/],
    [{ kind: "mac" }, "52:54-00:ab:cd:ef", /^bad x/],
    [{ kind: "mac" }, "52:54:00:ab:cd:eg", /^bad x/],
    [{ kind: "cidr" }, "10.0.0.1/24", /host bits are set/],
    [{ kind: "cidr" }, "10.0.0.0/33", /^bad x/],
    [{ kind: "cidr" }, "256.0.0.0/8", /^bad x/],
    [{ kind: "cidr" }, "010.0.0.0/8", /^bad x/],
    [{ kind: "cidr" }, "10.0.0.0", /^bad x/],
  ];
  it.each(refused)("%j refuses %j", (spec, text, error) => {
    expect(() => value(spec, text)).toThrow(error);
  });

  it("names the network when host bits are set", () => {
    expect(() => parseCidr("10.1.2.3/16", "--cidr")).toThrow(expect.objectContaining({ hint: "the network is 10.1.0.0/16" }));
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })])("a CIDR is taken exactly when no host bit is set", (address, prefix) => {
    const text = `${[24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join(".")}/${prefix}`;
    const aligned = prefix === 0 ? address === 0 : address % 2 ** (32 - prefix) === 0;
    if (aligned) expect(parseCidr(text, "cidr")).toBe(text);
    else expect(() => parseCidr(text, "cidr")).toThrow(/host bits are set/);
  });

  test.prop([fc.uint8Array({ minLength: 6, maxLength: 6 })])("every six bytes make a MAC, read back as written", (bytes) => {
    const text = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(":");
    expect(parseMac(text.toUpperCase(), "mac")).toBe(text);
  });

  test.prop([fc.integer({ min: -10, max: VLAN_ID_MAX + 10 })])("a VLAN id is 1..4094", (id) => {
    if (id >= 1 && id <= VLAN_ID_MAX) expect(value({ kind: "vlan" }, String(id))).toBe(id);
    else expect(() => value({ kind: "vlan" }, String(id))).toThrow();
  });

  test.prop([fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 60 })])("a count is taken exactly within its bounds", (min, span, n) => {
    const max = min + span;
    if (n >= min && n <= max) expect(value({ kind: "count", min, max }, String(n))).toBe(n);
    else expect(() => value({ kind: "count", min, max }, String(n))).toThrow(`x ${n} is out of range (${min}..${max})`);
  });
});
