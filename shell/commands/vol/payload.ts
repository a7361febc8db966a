// What vol write writes and how vol read shows what it read: text, hex, a file's bytes, or a
// repeated byte; output as text, an xxd-style hex dump, or raw bytes to a file.

import { readFileSync, statSync } from "node:fs";
import { checkIoLength } from "../../../modules/storage/index.js";
import { fail } from "../../../src/errors.js";
import { onUserPath } from "../../../src/persistence/user-file.js";
import type { ParsedInput } from "../../command.js";
import { parseSize } from "../../values.js";

const DUMP_LINES_MAX = 4096; // beyond this, --out is the way to see the bytes
const PAYLOAD_OPTIONS = ["data", "hex", "file", "pattern"] as const; // exactly one says what vol write writes

export function payloadOf(input: ParsedInput): Uint8Array {
  const o = input.options;
  const given = PAYLOAD_OPTIONS.filter((name) => o[name] !== undefined);
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

/** A regular file's bytes, sized before reading: a device (/dev/zero never ends), a named pipe (opening it waits for a writer) or a file over one IO is refused. */
function fileBytes(path: string): Uint8Array {
  if (path === "") fail("EINVAL", "vol write --file needs a path");
  return onUserPath("read", path, "read", () => {
    const stats = statSync(path);
    if (!stats.isFile() && !stats.isDirectory()) fail("EINVAL", `cannot read ${path}: not a regular file`);
    checkIoLength(stats.size);
    return new Uint8Array(readFileSync(path)); // a directory: EISDIR
  });
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
  const payloads = PAYLOAD_OPTIONS.filter((name) => input.options[name] !== undefined).length;
  if (file === undefined || payloads > 1) return words; // with other payloads it fails before reading, on replay too
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
  // right after `vol write`: never taken as another option's value, never after a closing --
  return [...kept.slice(0, 2), "--hex", Buffer.from(bytes).toString("hex"), ...kept.slice(2)];
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
