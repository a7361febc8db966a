// The journal's records: one JSON line per command run since the snapshot, each numbered and
// MAC-chained. A record is { seq, t, user, line, failed?, mac }, where seq counts every record
// the state directory has journaled (it does not restart at compaction), and mac is the HMAC
// (seal.ts, domain "journal") of the MAC before it and the record's own JSON text. The chain is
// anchored at the snapshot, which names the last record it contains (snapshot-file.ts), so:
//
//   - an edited, injected, reordered or dropped record breaks the chain at a named record;
//   - records the snapshot already holds (a crash between writing the snapshot and emptying the
//     journal) are skipped, never applied twice;
//   - a torn last line (the process died mid-write) is ignored: it was never acknowledged.

import { ERROR_CODES, isKernelError, type ErrorCode } from "../errors.js";
import { INPUT_LINE_LENGTH_MAX, JOURNAL_LINE_LENGTH_MAX, CLOCK_MS_MAX, USER_NAME_LENGTH_MAX } from "../limits.js";
import { validateName } from "../table/slot-table.js";
import { macMatches, macOf } from "./seal.js";
import type { JournalAnchor } from "./snapshot-file.js";
import { StateFileError } from "./state-file-error.js";

/** What a session journals about one command. */
export interface JournalEntry {
  readonly t: number; // simulated time the command ran at
  readonly user: string;
  readonly line: string;
  readonly failed?: { readonly code: ErrorCode; readonly message: string }; // it failed on a person's file (save, export)
}

export interface JournalRecord extends JournalEntry {
  readonly seq: number;
  readonly mac: string;
}

/** `entry` as record number `seq`, chained from the MAC of the record before it. */
export function sealRecord(key: Uint8Array, previous: JournalAnchor, entry: JournalEntry): JournalRecord {
  const body = { seq: previous.seq + 1, ...entry };
  return { ...body, mac: macOf(key, "journal", `${previous.mac}\n${JSON.stringify(body)}`) };
}

export interface JournalRead {
  readonly entries: JournalEntry[];
  readonly last: JournalAnchor; // where the next record chains from
  readonly tornAt?: number; // the byte length before a torn last line, if there is one
}

/**
 * The entries of the journal `bytes` (of the file `path`) that come after `anchor`, and the
 * anchor its last record leaves; any record that is malformed or breaks the chain is a
 * StateFileError naming the record. Read as bytes, a line at a time: a journal of large writes
 * can outgrow the longest string JavaScript allows, though no single record does.
 */
export function readRecords(bytes: Uint8Array, path: string, key: Uint8Array, anchor: JournalAnchor): JournalRead {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: JournalEntry[] = [];
  let last = anchor;
  for (let start = 0, index = 0; start < text.length; index++) {
    const newline = text.indexOf(0x0a, start);
    const end = newline === -1 ? text.length : newline;
    const line = text.toString("utf8", start, end);
    const lineStart = start;
    start = end + 1;
    if (line === "") continue;
    const where = `record ${index + 1}`;
    const value = parseJson(line);
    if (value === undefined && newline === -1) return { entries, last, tornAt: lineStart }; // torn by a crash mid-write
    const problem = recordProblem(value);
    if (problem !== undefined) throw new StateFileError(path, `${where}: ${problem}`);
    const record = value as JournalRecord;
    if (record.seq <= anchor.seq && entries.length === 0) {
      // already in the snapshot; the last of those must be the record the snapshot names
      if (record.seq === anchor.seq && record.mac !== anchor.mac) throw new StateFileError(path, `${where} (#${record.seq}) is not the record the snapshot ends with`);
      continue;
    }
    if (record.seq !== last.seq + 1) {
      const missing = last.seq === 0 ? ` (no state.json holds #1 to #${record.seq - 1}: was it deleted or replaced?)` : " (a record dropped, injected or reordered)";
      throw new StateFileError(path, `${where} is #${record.seq} where #${last.seq + 1} was expected${missing}`);
    }
    const { mac, ...body } = record;
    if (!macMatches(key, "journal", `${last.mac}\n${JSON.stringify(body)}`, mac)) {
      throw new StateFileError(path, `${where} (#${record.seq}) does not match its MAC (edited or written outside kshell)`);
    }
    const { seq: _seq, mac: _mac, ...entry } = record;
    entries.push(entry);
    last = { seq: record.seq, mac };
  }
  return { entries, last };
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
  const { seq, t, user, line, failed, mac } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return "seq: not a record number";
  if (typeof t !== "number" || !Number.isFinite(t) || t < 0 || t > CLOCK_MS_MAX) return `t: not a time from 0 to ${CLOCK_MS_MAX} ms`;
  if (typeof user !== "string" || nameProblem(user)) return "user: not a user name";
  if (typeof line !== "string" || line.length > JOURNAL_LINE_LENGTH_MAX) return `line: not a command line of at most ${JOURNAL_LINE_LENGTH_MAX} characters`;
  if (failed !== undefined && !isFailure(failed)) return "failed: not { code, message }";
  if (typeof mac !== "string") return "mac: missing";
  return undefined;
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
