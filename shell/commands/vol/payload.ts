// What vol write writes and how vol read shows what it read: text, hex, a file's bytes, or a
// repeated byte; output as text, an xxd-style hex dump, or raw bytes to a file. Replay never reads
// a --file write's file again: its record names the chunk slots that hold the bytes (or, when they
// did not all land in slots, carries them), and replay takes them from there
// (SessionControl.replayPayload).

import { checkIoLength } from "../../../modules/storage/index.js";
import { assert } from "../../../src/assert.js";
import { fail } from "../../../src/errors.js";
import { IO_LENGTH_MAX, VOL_DUMP_LINES_MAX } from "../../../src/limits.js";
import { readRegularFile } from "../../../src/persistence/user-file.js";
import type { InputOptions, OptionSpec, OptionsOf, SessionControl } from "../../command.js";

const SOURCES = ["data", "hex", "file", "pattern"] as const; // exactly one says what vol write writes

/** vol write's options for what it writes. */
export const PAYLOAD_OPTIONS = [
  { name: "data", kind: "string", placeholder: "text", summary: "UTF-8 text" },
  { name: "hex", kind: "string", summary: "hex digits, e.g. deadbeef" },
  { name: "file", kind: "file", placeholder: "path", summary: "a host file's bytes: a regular file outside the state directory, at most 64M; needs CAP_DAC_READ_SEARCH" },
  { name: "file-hex", kind: "string", replayOnly: true, summary: "the bytes --file read, as older journals recorded them; refused when typed" },
  { name: "pattern", kind: "string", placeholder: "byte", summary: "a byte (0..255, 0xff or a character) repeated --len times" },
  { name: "len", kind: "size", summary: "length for --pattern (at most 64M, the per-command IO limit)" },
] as const satisfies readonly OptionSpec[];

type PayloadInput = { readonly options: OptionsOf<typeof PAYLOAD_OPTIONS> };

// What `vol write --file` read, for the journal to keep as its payload (bounded: one entry per live input).
const bytesRead = new WeakMap<InputOptions, Uint8Array>();

export function payloadOf(input: PayloadInput, session: SessionControl): Uint8Array {
  const o = input.options;
  const given = SOURCES.filter((name) => o[name] !== undefined);
  if (given.length !== 1) fail("EINVAL", given.length === 0 ? "vol write: say what to write" : `vol write: give one of --${given.join(", --")}`, "--data <text>, --hex <hex>, --file <path>, or --pattern <byte> --len <n>");
  if (o.data !== undefined) return new TextEncoder().encode(o.data);
  if (o.hex !== undefined) return hexBytes(o.hex);
  if (o.file !== undefined) return fileBytes(input, o.file, session);
  if (o.len === undefined) fail("EINVAL", "vol write --pattern needs --len <n>");
  checkIoLength(o.len); // before the buffer is allocated
  return new Uint8Array(o.len).fill(patternByte(o.pattern ?? "")); // --pattern: the one given
}

function hexBytes(text: string): Uint8Array {
  const clean = text.replace(/^0x/i, "").replace(/[\s:]/g, "");
  if (!/^([0-9a-f]{2})*$/i.test(clean)) fail("EINVAL", `bad --hex '${text.slice(0, 20)}': expected pairs of hex digits`);
  return new Uint8Array(Buffer.from(clean, "hex"));
}

/**
 * A host file's bytes, through the session's host-file gate: a device (/dev/zero never ends), a
 * named pipe, a state-directory file or a file over one IO is refused before a byte is read.
 */
function fileBytes(input: PayloadInput, path: string, session: SessionControl): Uint8Array {
  if (path === "") fail("EINVAL", "vol write --file needs a path");
  // On replay the gate decides and audits again, but the bytes come from the journal, not the file:
  // the chunk slots its record names or its payload, or, in an older journal, the --file-hex it added to the line.
  const read = session.userFile("read", path, "read", () => readRegularFile(path, IO_LENGTH_MAX));
  const replayedHex = input.options["file-hex"];
  const bytes = read ?? session.replayPayload ?? (replayedHex === undefined ? undefined : hexBytes(replayedHex));
  assert(bytes !== undefined, "replay takes --file bytes from the journal"); // a failed read replays as its error
  bytesRead.set(input, bytes);
  return bytes;
}

function patternByte(text: string): number {
  const value = /^0x[0-9a-f]{1,2}$/i.test(text) ? Number.parseInt(text, 16) : /^\d{1,3}$/.test(text) ? Number(text) : text.length === 1 ? text.charCodeAt(0) : -1;
  if (!(value >= 0 && value <= 255)) fail("EINVAL", `bad --pattern '${text}'`, "a byte: 0..255, 0x00..0xff, or one character");
  return value;
}

/**
 * For the journal, after the command ran: the bytes a --file write read, journaled raw after its
 * record (its words keep --file: replay passes the gate again), so replay needs neither the file
 * nor the right to read it. A command that read nothing (refused, failed first) journals none and
 * fails the same way on replay.
 */
export function journalPayload(input: InputOptions): Uint8Array | undefined {
  return bytesRead.get(input);
}

/** xxd's layout: offset, eight groups of two bytes, the printable characters. */
export function hexDump(bytes: Uint8Array, offset: number): string[] {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length && lines.length < VOL_DUMP_LINES_MAX; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, "0")).join("").replace(/(.{4})/g, "$1 ").trimEnd();
    const text = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${(offset + at).toString(16).padStart(8, "0")}: ${hex.padEnd(39)}  ${text}`);
  }
  if (bytes.length > VOL_DUMP_LINES_MAX * 16) lines.push(`(${bytes.length - VOL_DUMP_LINES_MAX * 16} more bytes; use --out <file>)`);
  return lines;
}

const UTF8_STRICT = new TextDecoder("utf-8", { fatal: true });
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/; // C0 but tab and newline, DEL, C1

/**
 * Printable UTF-8 text (newlines and tabs allowed) shows as text; anything else as a hex dump. A
 * byte that is not valid UTF-8 (64K of 0xab) or a control character (an escape sequence would
 * drive the terminal) is not text: shown raw it would be a screen of replacement characters, one
 * line tens of thousands of columns wide. Returns the text (decoded once: vol read shows what it checked), or undefined.
 */
export function textOf(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = UTF8_STRICT.decode(bytes);
  } catch {
    return undefined; // not UTF-8
  }
  return CONTROL_CHARACTERS.test(text) ? undefined : text;
}
