// The journal's records: one JSON line per command run since the snapshot, each numbered and
// MAC-chained. A record is { seq, t, user, line, failed?, payload?, chunks?, mac }, where seq counts every
// record the state directory has journaled (it does not restart at compaction), and mac is the
// HMAC (seal.ts, domain "journal") of the MAC before it, the record's own JSON text and its
// payload. A payload is bytes the command read that replay cannot read again (vol write --file):
// `payload` gives their length, and they follow the line raw, then a newline, so 64 MiB written
// costs 64 MiB of journal (older journals kept them as --file-hex inside the line; those still
// read). With a chunk store, such bytes are not journaled at all: `chunks` names the chunk slots
// the command wrote them to, one copy, pinned and synced with the record, with a CRC-32 of each
// piece (src/chunks/chunk-pins.ts); replay reads them back from there. The MAC covers the names
// and CRCs, so a changed piece fails its CRC. The chain is anchored at the snapshot, which names the last record it contains
// (snapshot-file.ts), so:
//
//   - an edited, injected, reordered or dropped record breaks the chain at a named record, and so
//     does a changed payload byte;
//   - records the snapshot already holds (a crash between writing the snapshot and emptying the
//     journal) are skipped, never applied twice;
//   - a torn last record (the process died mid-write: its line, or its payload, cut short) is
//     ignored: it was never acknowledged.
//
// The journal is read forward through a JournalCursor, never whole: a payload is checked in
// pieces and read again only when its command replays.

import type { Hmac } from "node:crypto";
import type { ChunkRefs } from "../chunks/chunk-pins.js";
import { DEVICE_NAME } from "../chunks/chunk-space.js";
import { ERROR_CODES, isKernelError, type ErrorCode } from "../errors.js";
import { CHUNK_DEVICE_MAX, CLOCK_MS_MAX, INPUT_LINE_LENGTH_MAX, IO_LENGTH_MAX, JOURNAL_HEX_LINE_LENGTH_MAX, JOURNAL_LINE_LENGTH_MAX, JOURNAL_RECORD_TEXT_BYTES_MAX, USER_NAME_LENGTH_MAX } from "../limits.js";
import { validateName } from "../table/slot-table.js";
import { readPayloadAt, type JournalCursor } from "./journal-cursor.js";
import { digestMatches, macStart } from "./seal.js";
import type { JournalAnchor } from "./snapshot-file.js";
import { StateFileError } from "./state-file-error.js";

/** What a session journals about one command. */
export interface JournalEntry {
  readonly t: number; // simulated time the command ran at
  readonly user: string;
  readonly line: string;
  readonly failed?: { readonly code: ErrorCode; readonly message: string }; // it failed on a person's file (save, export)
  readonly payload?: Uint8Array; // bytes it read from a host file, which replay hands back instead of reading the file
  readonly chunks?: ChunkRefs; // instead of the payload: the chunk slots that hold those bytes
}

/** An entry read back for replay: its payload is read only when asked (a journal can outgrow memory). */
export interface ReplayEntry extends Omit<JournalEntry, "payload"> {
  readonly payload?: () => Uint8Array;
  readonly endBytes: number; // the journal's bytes up to the end of this record (replay's progress)
}

/** A record ready to be written: its JSON line (no newline) and the payload that follows it. */
export interface SealedRecord {
  readonly seq: number;
  readonly mac: string;
  readonly text: string;
  readonly payload?: Uint8Array;
}

/** `entry` as record number `previous.seq + 1`, chained from the MAC of the record before it. */
export function sealRecord(key: Uint8Array, previous: JournalAnchor, entry: JournalEntry): SealedRecord {
  const { payload, ...fields } = entry;
  const seq = previous.seq + 1;
  const body = payload === undefined ? { seq, ...fields } : { seq, ...fields, payload: payload.length };
  const hmac = macStart(key, "journal", `${previous.mac}\n${JSON.stringify(body)}`);
  if (payload !== undefined) hmac.update(payload);
  const mac = hmac.digest("hex");
  return { seq, mac, text: JSON.stringify({ ...body, mac }), payload };
}

export interface JournalRead {
  readonly entries: ReplayEntry[];
  readonly last: JournalAnchor; // where the next record chains from
  readonly tornAt?: number; // the byte length before a torn last record, if there is one
  readonly newlineMissing?: boolean; // the last record is whole but for its final newline (cut just before it)
}

/** A record's fields as its JSON line holds them. */
interface StoredRecord extends Omit<JournalEntry, "payload"> {
  readonly seq: number;
  readonly payload?: number;
  readonly mac: string;
}

/**
 * The entries of the journal `path` (read through `cursor`) that come after `anchor`, and the
 * anchor its last record leaves; any record that is malformed or breaks the chain is a
 * StateFileError naming the record. `progress` hears the bytes checked after each record.
 */
export function readRecords(cursor: JournalCursor, path: string, key: Uint8Array, anchor: JournalAnchor, progress?: (bytes: number) => void): JournalRead {
  const entries: ReplayEntry[] = [];
  let last = anchor;
  for (let index = 0; !cursor.atEnd; index++) {
    const recordAt = cursor.offset;
    const where = `record ${index + 1}`;
    const read = readRecord(cursor, path, where);
    if (read === "torn") return { entries, last, tornAt: recordAt };
    if (read === "empty") continue;
    const { record, line } = read;
    const skipped = record.seq <= anchor.seq && entries.length === 0; // already in the snapshot
    checkSequence(record, skipped, anchor, last, path, where);
    const { mac, ...body } = record;
    const hmac = skipped ? undefined : macStart(key, "journal", `${last.mac}\n${JSON.stringify(body)}`);
    const payloadAt = cursor.offset;
    const end = record.payload === undefined ? (line.complete ? "newline" : "end") : passPayload(cursor, record.payload, line.complete, hmac, path, `${where} (#${record.seq})`);
    if (end === "torn") return { entries, last, tornAt: recordAt };
    if (!skipped) {
      if (!digestMatches(hmac!, mac)) throw new StateFileError(path, `${where} (#${record.seq}) does not match its MAC (edited or written outside kshell)`);
      entries.push(replayEntry(record, path, payloadAt, cursor.offset));
      last = { seq: record.seq, mac };
      progress?.(cursor.offset);
    }
    if (end === "end") return { entries, last, newlineMissing: true };
  }
  return { entries, last };
}

/** The next record's line, parsed and its fields checked; "torn" if the file ends inside it, "empty" for a blank line. */
function readRecord(cursor: JournalCursor, path: string, where: string): { record: StoredRecord; line: { complete: boolean } } | "torn" | "empty" {
  const line = cursor.line(JOURNAL_RECORD_TEXT_BYTES_MAX);
  if (line === "long") throw new StateFileError(path, `${where}: a line longer than ${JOURNAL_RECORD_TEXT_BYTES_MAX} bytes`);
  if (line.bytes.length === 0) return line.complete ? "empty" : "torn";
  const value = parseJson(line.bytes.toString("utf8"));
  if (value === undefined && !line.complete) return "torn"; // torn by a crash mid-write
  const problem = recordProblem(value);
  if (problem !== undefined) throw new StateFileError(path, `${where}: ${problem}`);
  return { record: value as StoredRecord, line: { complete: line.complete } };
}

/** Checks that `record` comes next: after `last`, or (skipped) among those the snapshot holds, ending with its last. */
function checkSequence(record: StoredRecord, skipped: boolean, anchor: JournalAnchor, last: JournalAnchor, path: string, where: string): void {
  if (skipped) {
    // the last of those must be the record the snapshot names
    if (record.seq === anchor.seq && record.mac !== anchor.mac) throw new StateFileError(path, `${where} (#${record.seq}) is not the record the snapshot ends with`);
    return;
  }
  if (record.seq !== last.seq + 1) {
    const missing = last.seq === 0 ? ` (no state.json holds #1 to #${record.seq - 1}: was it deleted or replaced?)` : " (a record dropped, injected or reordered)";
    throw new StateFileError(path, `${where} is #${record.seq} where #${last.seq + 1} was expected${missing}`);
  }
}

/**
 * Passes over a record's payload, feeding it to its MAC, and the newline after it: "torn" if the
 * file ends before the payload is whole (or before it starts: `lineComplete` false), "end" if it
 * ends just after it (the newline missing).
 */
function passPayload(cursor: JournalCursor, length: number, lineComplete: boolean, hmac: Hmac | undefined, path: string, where: string): "newline" | "end" | "torn" {
  if (!lineComplete) return "torn";
  const passed = cursor.pass(length, (piece) => hmac?.update(piece));
  if (passed < length) return "torn";
  const after = cursor.byte();
  if (after === -1) return "end";
  if (after !== 0x0a) throw new StateFileError(path, `${where}: its payload of ${length} bytes is not followed by a newline`);
  return "newline";
}

function replayEntry(record: StoredRecord, path: string, payloadAt: number, endBytes: number): ReplayEntry {
  const { seq: _seq, mac: _mac, payload: length, ...entry } = record;
  if (length === undefined) return { ...entry, endBytes };
  return { ...entry, endBytes, payload: () => readPayloadAt(path, payloadAt, length) };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined; // not JSON: the caller decides whether that is a torn tail or corruption
  }
}

/** What is wrong with a parsed journal record's fields, if anything. */
function recordProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "is not a journal record";
  const { seq, t, user, line, failed, payload, chunks, mac } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return "seq: not a record number";
  if (typeof t !== "number" || !Number.isFinite(t) || t < 0 || t > CLOCK_MS_MAX) return `t: not a time from 0 to ${CLOCK_MS_MAX} ms`;
  if (typeof user !== "string" || nameProblem(user)) return "user: not a user name";
  if (typeof line !== "string" || line.length > lineLengthMax(line)) return `line: not a command line of at most ${JOURNAL_LINE_LENGTH_MAX} characters`;
  if (failed !== undefined && !isFailure(failed)) return "failed: not { code, message }";
  if (payload !== undefined && !(Number.isSafeInteger(payload) && (payload as number) >= 0 && (payload as number) <= IO_LENGTH_MAX)) return `payload: not a byte length from 0 to ${IO_LENGTH_MAX}`;
  if (chunks !== undefined && (payload !== undefined || !isChunkRefs(chunks))) return `chunks: not a list of devices and pieces holding at most ${IO_LENGTH_MAX} bytes (and no payload beside it)`;
  if (typeof mac !== "string") return "mac: missing";
  return undefined;
}

const isInt = (value: unknown, max: number, min = 0): boolean => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;

/** Whether `value` is a record's ChunkRefs: named devices, and pieces inside their chunks, IO_LENGTH_MAX bytes at most in all. */
function isChunkRefs(value: unknown): value is ChunkRefs {
  if (typeof value !== "object" || value === null) return false;
  const { devices, pieces } = value as Record<string, unknown>;
  if (!Array.isArray(devices) || devices.length > CHUNK_DEVICE_MAX || !Array.isArray(pieces) || pieces.length > IO_LENGTH_MAX) return false;
  if (!devices.every((device) => Array.isArray(device) && device.length === 2 && typeof device[0] === "string" && DEVICE_NAME.test(device[0]) && isInt(device[1], 2 ** 30, 1))) return false;
  let total = 0;
  for (const piece of pieces) {
    if (!(Array.isArray(piece) && piece.length === 5 && isInt(piece[0], devices.length - 1))) return false;
    const [, slot, inner, length, crc] = piece as number[];
    const chunkSize = (devices[piece[0]] as [string, number])[1];
    if (!(isInt(slot, 2 ** 31 - 1) /* a typed array's index */ && isInt(inner, chunkSize - 1) && isInt(length, chunkSize - inner!, 1) && isInt(crc, 0xffffffff))) return false;
    total += length!;
  }
  return total <= IO_LENGTH_MAX;
}

/** An older journal's vol write --file line carried the bytes as hex: it may be that much longer. */
function lineLengthMax(line: string): number {
  return line.length > JOURNAL_LINE_LENGTH_MAX && line.includes(" --file-hex ") ? JOURNAL_HEX_LINE_LENGTH_MAX : JOURNAL_LINE_LENGTH_MAX;
}

function nameProblem(user: string): boolean {
  try {
    validateName("user", user, USER_NAME_LENGTH_MAX);
    return false;
  } catch (error) {
    if (isKernelError(error)) return true;
    throw error;
  }
}

function isFailure(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code) && typeof message === "string" && message.length <= INPUT_LINE_LENGTH_MAX;
}
