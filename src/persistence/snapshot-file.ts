// Snapshot files through lowdb (LowSync over an adapter of our own: written to a temporary file
// with mode 0600, synced and renamed, so a file is either the old snapshot or the new one, never
// half of each, and never readable by others: it holds the password hashes). JSONFilePreset is
// not used: under NODE_ENV=test it silently keeps data in memory.
//
// Every snapshot file is sealed (seal.ts): the file is the snapshot's fields, then for state.json
// `journal` (the last journal record it contains, which replay skips up to), then `seal`, the
// HMAC of the JSON text of everything before it. A file edited outside kshell, or sealed with
// another key, is refused with its path. The fields are checked against the schema first, so a
// malformed file gets the message naming its bad field.

import { readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { LowSync, type SyncAdapter } from "lowdb";
import type { KernelSnapshot } from "../kernel.js";
import { fsyncPath } from "./fsync.js";
import { macMatches, macOf } from "./seal.js";
import { StateFileError } from "./state-file-error.js";
import { writeRegularFile } from "./user-file.js";
import type { InstalledList } from "../subsystem.js";
import { validateSnapshot } from "./validate-snapshot.js";

export const STATE_FILE_MODE = 0o600;

class PrivateJsonFile<T> implements SyncAdapter<T> {
  lastRead: unknown; // what the file held: lowdb keeps its default for null, 0, "" or false
  lastText = ""; // the same, as text

  constructor(private readonly path: string) {}

  read(): T | null {
    const text = readFileSync(this.path, { encoding: "utf8", flag: "r" });
    this.lastRead = JSON.parse(text);
    this.lastText = text;
    return this.lastRead as T;
  }

  write(data: T): void {
    writeRegularFile(this.path, JSON.stringify(data), STATE_FILE_MODE); // compact: metadata only, read by programs
  }
}

/** Where replay resumes: the sequence and MAC of the last journal record the snapshot contains. */
export interface JournalAnchor {
  readonly seq: number;
  readonly mac: string; // "" before the first record
}

export const JOURNAL_START: JournalAnchor = { seq: 0, mac: "" };

/** `state`: a state directory's state.json (with its journal anchor); `saved`: a file from `save <file>`. */
export type SnapshotKind = "state" | "saved";

export interface SnapshotRead {
  readonly snapshot: KernelSnapshot;
  readonly journal: JournalAnchor; // JOURNAL_START for a saved file
}

/**
 * The sealed snapshot in `path`, undefined if there is no file; bad content or a broken seal is a
 * StateFileError. Errors of the file system (a directory, no permission) go up as they are, for
 * the caller to report. A `saved` read also takes a copy of a state.json sealed with the same key.
 * `key` is asked for only once the content is known good, so a malformed file is reported as such.
 */
export function readSnapshotFile(path: string, key: () => Uint8Array, kind: SnapshotKind, subsystems: InstalledList): SnapshotRead | undefined {
  // A device or a pipe may never end (/dev/zero): only a regular file is read (a directory fails on reading, EISDIR).
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isFile() && !stat.isDirectory()) throw new StateFileError(path, "not a regular file");
  const file = new PrivateJsonFile(path);
  const db = new LowSync<unknown>(file, null);
  try {
    db.read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    if (error instanceof SyntaxError) throw new StateFileError(path, `not valid JSON (${printable(error.message)})`);
    throw error;
  }
  const data = file.lastRead; // `null` in the file is corrupt, not "no snapshot yet"
  const { seal, journal, ...fields } = isRecord(data) ? data : { seal: undefined, journal: undefined };
  const checked = validateSnapshot(isRecord(data) ? fields : data, subsystems);
  if ("problem" in checked) throw new StateFileError(path, checked.problem);
  if (seal === undefined) throw new StateFileError(path, "has no seal (written by an older kshell, or the seal was removed)");
  if (kind === "state" && !isAnchor(journal)) throw new StateFileError(path, "journal: missing, or not { seq, mac } (edited outside kshell?)");
  // The sealed text is the file as written up to its seal; only a file reformatted since (still
  // sealed right) needs its fields serialized again, which for a full audit ring is ~20 ms of start-up.
  const writtenBody = sealedBody(file.lastText);
  const sealMatches = (domain: "state" | "saved", body: () => string) =>
    (writtenBody !== undefined && macMatches(key(), domain, writtenBody, seal)) || macMatches(key(), domain, body(), seal);
  const asState = isAnchor(journal) && sealMatches("state", () => JSON.stringify({ ...fields, journal }));
  if (!asState && (kind === "state" || !sealMatches("saved", () => JSON.stringify(fields)))) {
    throw new StateFileError(path, "does not match its seal: edited outside kshell, or sealed with another audit.key");
  }
  return { snapshot: checked.snapshot, journal: kind === "state" ? (journal as JournalAnchor) : JOURNAL_START };
}

/**
 * Writes `snapshot` sealed with `key` (with the journal anchor for state.json), atomically; for
 * state.json the directory is synced too, so the rename itself survives a crash.
 */
export function writeSnapshotFile(path: string, key: Uint8Array, snapshot: KernelSnapshot, journal?: JournalAnchor): void {
  const body = journal === undefined ? snapshot : { ...snapshot, journal };
  const sealed = { ...body, seal: macOf(key, journal === undefined ? "saved" : "state", JSON.stringify(body)) };
  const db = new LowSync<typeof sealed>(new PrivateJsonFile(path), sealed);
  db.data = sealed;
  db.write();
  if (journal !== undefined) fsyncPath(dirname(path));
}

const SEAL_AT_END = /,"seal":"[0-9a-f]{64}"\}$/;

/** What writeSnapshotFile sealed: the file's text before its closing `"seal"` field, when the file ends with one. */
function sealedBody(text: string): string | undefined {
  const seal = SEAL_AT_END.exec(text.slice(-80));
  return seal === null ? undefined : `${text.slice(0, text.length - seal[0].length)}}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isAnchor(value: unknown): value is JournalAnchor {
  if (!isRecord(value)) return false;
  const { seq, mac } = value;
  return Number.isSafeInteger(seq) && (seq as number) >= 0 && typeof mac === "string" && /^([0-9a-f]{64})?$/.test(mac);
}

/** A parser's message as one printable line: it quotes the file, which may be binary (a newline or an escape would break the line). */
function printable(message: string): string {
  const shown = message.replace(/[^\x20-\x7e]/g, "?");
  return shown.length > 120 ? `${shown.slice(0, 117)}...` : shown;
}
