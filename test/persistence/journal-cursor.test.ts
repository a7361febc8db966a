// The journal is read forward through one bounded buffer: lines up to a bound (longer than the
// buffer when an older journal's line needs it), payloads passed over in pieces, the end of the
// file reported, never read past.

import { closeSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JOURNAL_READ_BYTES } from "../../src/limits.js";
import { JournalCursor, readPayloadAt } from "../../src/persistence/journal-cursor.js";
import { StateFileError } from "../../src/persistence/state-file-error.js";
import { tempDir } from "../helpers.js";

/** A cursor over a file holding `bytes`, handed to `use`, closed after. */
function over<T>(bytes: Buffer, use: (cursor: JournalCursor) => T): T {
  const file = join(tempDir(), "journal.jsonl");
  writeFileSync(file, bytes);
  const fd = openSync(file, "r");
  try {
    return use(new JournalCursor(fd, bytes.length));
  } finally {
    closeSync(fd);
  }
}

describe("the journal cursor", () => {
  it("takes lines, passes payloads in pieces, and reports the end", () => {
    const payload = Buffer.alloc(2 * JOURNAL_READ_BYTES + 7, 0x0a); // newlines inside are payload, not lines
    over(Buffer.concat([Buffer.from("one\ntwo\n"), payload, Buffer.from("\nlast")]), (cursor) => {
      expect(cursor.line(100)).toEqual({ bytes: Buffer.from("one"), complete: true });
      expect(cursor.line(100)).toEqual({ bytes: Buffer.from("two"), complete: true });
      const pieces: number[] = [];
      expect(cursor.pass(payload.length, (piece) => void pieces.push(piece.length))).toBe(payload.length);
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.reduce((a, b) => a + b)).toBe(payload.length);
      expect(cursor.byte()).toBe(0x0a);
      expect(cursor.line(100)).toEqual({ bytes: Buffer.from("last"), complete: false });
      expect(cursor.atEnd).toBe(true);
      expect(cursor.byte()).toBe(-1);
      expect(cursor.pass(10, () => undefined)).toBe(0);
    });
  });

  it("grows for a line longer than its buffer, up to the bound, and refuses one beyond it", () => {
    const long = Buffer.alloc(3 * JOURNAL_READ_BYTES, 0x61);
    over(Buffer.concat([long, Buffer.from("\nnext\n")]), (cursor) => {
      const line = cursor.line(3 * JOURNAL_READ_BYTES);
      expect(line !== "long" && line.bytes.equals(long) && line.complete).toBe(true);
      expect(cursor.line(10)).toEqual({ bytes: Buffer.from("next"), complete: true });
    });
    over(Buffer.concat([long, Buffer.from("\n")]), (cursor) => expect(cursor.line(3 * JOURNAL_READ_BYTES - 1)).toBe("long"));
    over(Buffer.from("0123456789"), (cursor) => expect(cursor.line(5)).toBe("long"));
  });

  it("passes over fewer bytes than asked when the file ends inside them", () => {
    over(Buffer.from("head\n12345"), (cursor) => {
      cursor.line(10);
      expect(cursor.pass(100, () => undefined)).toBe(5);
      expect(cursor.atEnd).toBe(true);
    });
  });

  it("reads a payload again at its offset, and names the file if it ends inside it", () => {
    const file = join(tempDir(), "journal.jsonl");
    writeFileSync(file, "head\npayload\n");
    expect(Buffer.from(readPayloadAt(file, 5, 7)).toString()).toBe("payload");
    expect(() => readPayloadAt(file, 5, 100)).toThrow(StateFileError);
    expect(() => readPayloadAt(file, 5, 100)).toThrow(`${file}: ends inside a payload`);
  });
});
