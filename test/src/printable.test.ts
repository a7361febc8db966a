// printable() escapes every control character (C0 but tab, DEL, C1) as \xHH and leaves the rest,
// printable text and other Unicode, as it was; firstControl finds the first and its column.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstControl, printable } from "../../src/printable.js";

describe("printable text", () => {
  it.each([
    ["plain text", "plain text"],
    ["tab\tkept", "tab\tkept"],
    ["\x1b[2J\x1b[31mx", "\\x1b[2J\\x1b[31mx"],
    ["a\nb\r", "a\\x0ab\\x0d"],
    ["nul\0del\x7fc1\x9b", "nul\\x00del\\x7fc1\\x9b"],
    ["é€ 日本", "é€ 日本"],
  ])("%j -> %j", (text, shown) => {
    expect(printable(text)).toBe(shown);
  });

  it("leaves no control character in any string, and changes none without one", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const shown = printable(text);
        expect(firstControl(shown)).toBeUndefined();
        if (firstControl(text) === undefined) expect(shown).toBe(text);
      }),
    );
  });

  it("names the first control character and its column", () => {
    expect(firstControl("vol read \x1b[2Jx 0 1")).toEqual({ escaped: "\\x1b", column: 10 });
    expect(firstControl("vol list")).toBeUndefined();
  });
});
