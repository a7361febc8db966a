// How `vol read` shows bytes on the screen: printable UTF-8 text as text, anything else as an
// xxd-style hex dump (offset, 16 bytes in hex, the printable ASCII with '.' for the rest), the same
// way piped and interactive, so no byte read can put a control character or an unreadable
// 64K-column line on the terminal.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { VOL_DUMP_LINES_MAX } from "../../src/limits.js";
import { newSession, ok } from "../helpers.js";

const session = newSession();
ok(session, "vol create d --size 1M");

function shown(bytes: Uint8Array, offset = 4096): string[] {
  ok(session, `vol write d ${offset} --hex ${Buffer.from(bytes).toString("hex")}`);
  return ok(session, `vol read d ${offset} ${bytes.length}`);
}

/** The bytes a dump's hex columns spell, to check the dump against what was written. */
function bytesOfDump(lines: readonly string[]): number[] {
  return lines.flatMap((line) => Buffer.from(line.slice(10, 49).replace(/ /g, ""), "hex").toJSON().data);
}

const DUMP_LINE = /^[0-9a-f]{8}: [0-9a-f ]{39}  [\x20-\x7e]{1,16}$/;

describe("vol read on the screen", () => {
  it("shows 64K of 0xab as a hex dump of 4,096 lines, not one 64K-character line", () => {
    ok(session, "vol write d 0 --pattern 0xab --len 64K");
    const lines = ok(session, "vol read d 0 64K");
    expect(lines).toHaveLength(4096);
    expect(lines[0]).toBe("00000000: abab abab abab abab abab abab abab abab  ................");
    expect(lines.at(-1)).toBe("0000fff0: abab abab abab abab abab abab abab abab  ................");
  });

  it("shows text as text, UTF-8 included, with its newlines and tabs", () => {
    expect(shown(new TextEncoder().encode("héllo wörld — ✓\nsecond\tline"))).toEqual(["héllo wörld — ✓\nsecond\tline"]);
  });

  it("adds no blank line after text that already ends in a newline", () => {
    expect(shown(new TextEncoder().encode("hello\nworld\n"))).toEqual(["hello\nworld"]);
    expect(shown(new TextEncoder().encode("\n\n"))).toEqual(["\n"]); // two empty lines, as cat shows them
  });

  it.each([
    ["an escape sequence", "1b5b324a", "00001000: 1b5b 324a                                .[2J"],
    ["a carriage return", "610d62", "00001000: 610d 62                                  a.b"],
    ["a NUL", "680069", "00001000: 6800 69                                   h.i"],
    ["a C1 control in valid UTF-8", "c29b41", "00001000: c29b 41                                   ..A"],
    ["a UTF-8 character cut in half", "41e29c", "00001000: 41e2 9c                                   A.."],
  ])("shows %s as a hex dump", (_, hex, line) => {
    const lines = shown(new Uint8Array(Buffer.from(hex, "hex")));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(DUMP_LINE);
    expect(lines[0]!.replace(/ {2,}/g, " ")).toBe(line.replace(/ {2,}/g, " "));
  });

  it("keeps --hex: always a dump, even of text", () => {
    ok(session, "vol write d 0 --data hi");
    expect(ok(session, "vol read d 0 2 --hex")).toEqual(["00000000: 6869                                     hi"]);
  });

  it("stops a dump at VOL_DUMP_LINES_MAX lines and says how many bytes it left out", () => {
    const lines = ok(session, `vol read d 0 ${VOL_DUMP_LINES_MAX * 16 + 100} --hex`);
    expect(lines).toHaveLength(VOL_DUMP_LINES_MAX + 1);
    expect(lines.at(-1)).toBe("(100 more bytes; use --out <file>)");
  });

  test.prop([fc.uint8Array({ minLength: 1, maxLength: 200 })], { numRuns: 200 })(
    "never puts a control character on the screen; a dump spells exactly the bytes read",
    (bytes) => {
      const lines = shown(bytes);
      for (const line of lines) expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/);
      if (lines.length === 1 && !DUMP_LINE.test(lines[0]!)) {
        const text = bytes.at(-1) === 0x0a ? bytes.subarray(0, -1) : bytes; // one trailing newline ends the shown line
        expect(new TextEncoder().encode(lines[0]!)).toEqual(text); // shown as text: exactly the bytes
      } else {
        for (const line of lines) expect(line).toMatch(DUMP_LINE);
        expect(bytesOfDump(lines)).toEqual([...bytes]);
      }
    },
  );
});
