// What vol write writes and how vol read shows what it read: text, hex, a file's bytes, or a
// repeated byte; output as text, an xxd-style hex dump, or raw bytes to a file.

import { closeSync, openSync, readSync, statSync } from "node:fs";
import { checkIoLength } from "../../../modules/storage/index.js";
import { fail } from "../../../src/errors.js";
import { IO_LENGTH_MAX } from "../../../src/limits.js";
import { onUserPath } from "../../../src/persistence/user-file.js";
import type { ParsedInput } from "../../command.js";
import { parseSize } from "../../values.js";

const DUMP_LINES_MAX = 4096; // beyond this, --out is the way to see the bytes

export function payloadOf(input: ParsedInput): Uint8Array {
  const o = input.options;
  const given = ["data", "hex", "file", "pattern"].filter((name) => o[name] !== undefined);
  if (given.length !== 1) fail("EINVAL", given.length === 0 ? "vol write: say what to write" : `vol write: give one of --${given.join(", --")}`, "--data <text>, --hex <hex>, --file <path>, or --pattern <byte> --len <n>");
  if (o.data !== undefined) return new TextEncoder().encode(o.data as string);
  if (o.hex !== undefined) return hexBytes(o.hex as string);
  if (o.file !== undefined) return fileBytes(o.file as string);
  if (o.len === undefined) fail("EINVAL", "vol write --pattern needs --len <n>");
  checkIoLength(o.len as number); // before the buffer is allocated
  return new Uint8Array(o.len as number).fill(patternByte(o.pattern as string));
}

function hexBytes(text: string): Uint8Array {
  const clean = text.replace(/^0x/i, "").replace(/[\s:]/g, "");
  if (!/^([0-9a-f]{2})*$/i.test(clean)) fail("EINVAL", `bad --hex '${text.slice(0, 20)}': expected pairs of hex digits`);
  return new Uint8Array(Buffer.from(clean, "hex"));
}

/** A file's bytes; more than one command's IO is refused, read from a device or pipe or not. */
function fileBytes(path: string): Uint8Array {
  if (path === "") fail("EINVAL", "vol write --file needs a path");
  return onUserPath("read", path, "read", () => {
    const stats = statSync(path);
    if (stats.isFile()) checkIoLength(stats.size);
    return readAtMost(path, IO_LENGTH_MAX);
  });
}

/** Reads up to `limit` bytes, failing if there are more (/dev/zero never ends). */
function readAtMost(path: string, limit: number): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const part = new Uint8Array(Math.min(1024 ** 2, limit + 1 - total));
      const count = readSync(fd, part);
      if (count === 0) break;
      parts.push(part.subarray(0, count));
      total += count;
      if (total > limit) checkIoLength(total);
    }
    return new Uint8Array(Buffer.concat(parts));
  } finally {
    closeSync(fd);
  }
}

function patternByte(text: string): number {
  const value = /^0x[0-9a-f]{1,2}$/i.test(text) ? Number.parseInt(text, 16) : /^\d{1,3}$/.test(text) ? Number(text) : text.length === 1 ? text.charCodeAt(0) : -1;
  if (!(value >= 0 && value <= 255)) fail("EINVAL", `bad --pattern '${text}'`, "a byte: 0..255, 0x00..0xff, or one character");
  return value;
}

/** An offset in bytes, with units allowed (4K). */
export function offsetOf(text: string): number {
  return parseSize(text, "offset");
}

/** For the journal: a --file write becomes the --hex of the bytes it wrote, so replay needs no file. */
export function journalAsHex(words: readonly string[], input: ParsedInput): readonly string[] {
  const file = input.options.file as string | undefined;
  if (file === undefined) return words;
  let bytes: Uint8Array;
  try {
    bytes = fileBytes(file);
  } catch {
    return words; // unreadable: the command fails, and fails again on replay
  }
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === "--file") i++;
    else if (!words[i]!.startsWith("--file=")) kept.push(words[i]!);
  }
  return [...kept, "--hex", Buffer.from(bytes).toString("hex")];
}

/** xxd's layout: offset, eight groups of two bytes, the printable characters. */
export function hexDump(bytes: Uint8Array, offset: number): string[] {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length && lines.length < DUMP_LINES_MAX; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, "0")).join("").replace(/(.{4})/g, "$1 ").trimEnd();
    const text = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${(offset + at).toString(16).padStart(8, "0")}: ${hex.padEnd(39)}  ${text}`);
  }
  if (bytes.length > DUMP_LINES_MAX * 16) lines.push(`(${bytes.length - DUMP_LINES_MAX * 16} more bytes; use --out <file>)`);
  return lines;
}

/** Printable text (and newlines/tabs) shows as text; anything else as a hex dump. */
export function isText(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x09 || b >= 0x80);
}
