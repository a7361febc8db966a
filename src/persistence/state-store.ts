// A state directory: the kernel's snapshot plus an append-only journal of the commands run since
// it (the Redis RDB + AOF pattern). The kernel is deterministic, so replaying the journal over
// the snapshot rebuilds the state exactly; a command is appended (and fsynced) before the shell
// shows its result, so anything acknowledged survives `kill -9`. Compaction writes a new
// snapshot and empties the journal.
//
//   state.json      the snapshot (lowdb)          journal.jsonl   commands since the snapshot
//   audit.key       HMAC key for the audit seal    history         root's interactive history
//   history.<user>  another user's history         lock            pid of the kshell using it
//
// Every file is 0600 (older ones are brought down to it when the directory is opened), and a
// directory kshell creates is 0700: the snapshot holds password hashes, the key seals the trail.
// The journal never holds a typed password: the commands journal its hash instead.

import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ERROR_CODES, type ErrorCode } from "../errors.js";
import type { KernelSnapshot } from "../kernel.js";
import { readSnapshotFile, STATE_FILE_MODE, writeSnapshotFile } from "./snapshot-file.js";
import { StateFileError } from "./state-file-error.js";
import { StateLock } from "./state-lock.js";
import { errnoProblem } from "./user-file.js";

export interface JournalRecord {
  readonly t: number; // simulated time the command ran at
  readonly user: string;
  readonly line: string;
  readonly failed?: { readonly code: ErrorCode; readonly message: string }; // it failed on a person's file (save, export)
}

const KEY_BYTES = 32;

export class StateStore {
  readonly snapshotPath: string;
  readonly journalPath: string;
  readonly keyPath: string;
  private lock: StateLock | undefined;
  private journalFd: number | undefined;

  private constructor(readonly dir: string) {
    this.snapshotPath = path.join(dir, "state.json");
    this.journalPath = path.join(dir, "journal.jsonl");
    this.keyPath = path.join(dir, "audit.key");
  }

  /** Opens (creating if needed) and locks `dir`; refuses if another live kshell holds it. */
  static open(dir: string): StateStore {
    const store = new StateStore(path.resolve(dir));
    try {
      makeDirectory(store.dir);
      store.lock = StateLock.take(store.dir);
      store.restrictFiles();
    } catch (error) {
      store.lock?.release();
      const problem = errnoProblem(error, "write");
      if (problem === undefined) throw error;
      throw new StateFileError(store.dir, problem[1]);
    }
    return store;
  }

  /** Brings files an older kshell left readable by others down to 0600. */
  private restrictFiles(): void {
    for (const name of fs.readdirSync(this.dir)) {
      if (!STATE_FILE_NAME.test(name)) continue;
      const file = path.join(this.dir, name);
      const stats = fs.lstatSync(file);
      if (stats.isFile() && (stats.mode & 0o777) !== STATE_FILE_MODE) fs.chmodSync(file, STATE_FILE_MODE);
    }
  }

  close(): void {
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    this.journalFd = undefined;
    this.lock?.release();
  }

  readSnapshot(): KernelSnapshot | undefined {
    try {
      return readSnapshotFile(this.snapshotPath);
    } catch (error) {
      const errno = (error as NodeJS.ErrnoException).code;
      if (typeof errno === "string") throw new StateFileError(this.snapshotPath, `cannot be read (${errno})`);
      throw error;
    }
  }

  /** Journal records in order. A torn last line (the process died mid-write) is ignored. */
  readJournal(): JournalRecord[] {
    if (!fs.existsSync(this.journalPath)) return [];
    const lines = fs.readFileSync(this.journalPath, "utf8").split("\n");
    const records: JournalRecord[] = [];
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!;
      if (line === "") continue;
      const record = parseJournalLine(line);
      if (record !== undefined) records.push(record);
      else if (index < lines.length - 1) throw new StateFileError(this.journalPath, `line ${index + 1} is not a journal record`);
    }
    return records;
  }

  /** Appends one acknowledged command and forces it to disk. */
  append(record: JournalRecord): void {
    this.journalFd ??= fs.openSync(this.journalPath, "a", STATE_FILE_MODE);
    fs.writeSync(this.journalFd, `${JSON.stringify(record)}\n`);
    fs.fdatasyncSync(this.journalFd);
  }

  /** Writes a new snapshot, then empties the journal it supersedes. */
  compact(snapshot: KernelSnapshot): void {
    writeSnapshotFile(this.snapshotPath, snapshot);
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    this.journalFd = undefined;
    fs.writeFileSync(this.journalPath, "", { mode: STATE_FILE_MODE });
  }

  /** The audit seal key, created (mode 0600) on first use. */
  sealKey(): Uint8Array {
    if (fs.existsSync(this.keyPath)) {
      const key = fs.readFileSync(this.keyPath);
      if (key.length !== KEY_BYTES) throw new StateFileError(this.keyPath, `audit key is ${key.length} bytes, expected ${KEY_BYTES}`);
      return key;
    }
    const key = randomBytes(KEY_BYTES);
    fs.writeFileSync(this.keyPath, key, { mode: STATE_FILE_MODE, flag: "wx" });
    return key;
  }

  /** `user`'s history file: root keeps the one older kshells wrote, the others their own. */
  historyPath(user: string): string {
    return path.join(this.dir, user === "root" ? "history" : `history.${user}`);
  }

  readHistory(user: string): string[] {
    const file = this.historyPath(user);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter((line) => line !== "") : [];
  }

  appendHistory(user: string, line: string): void {
    fs.appendFileSync(this.historyPath(user), `${line}\n`, { mode: STATE_FILE_MODE });
  }

  writeHistory(user: string, lines: readonly string[]): void {
    fs.writeFileSync(this.historyPath(user), lines.map((line) => `${line}\n`).join(""), { mode: STATE_FILE_MODE });
  }

  /** Keeps only the newest `limit` lines of `user`'s history on disk. */
  trimHistory(user: string, limit: number): void {
    const lines = this.readHistory(user);
    if (lines.length > limit) this.writeHistory(user, lines.slice(-limit));
  }
}

const STATE_FILE_NAME = /^(state\.json|journal\.jsonl|audit\.key|lock|history(\.[A-Za-z0-9][A-Za-z0-9._-]*)?)$/;

function parseJournalLine(line: string): JournalRecord | undefined {
  try {
    const value = JSON.parse(line) as Partial<JournalRecord>;
    const failed = value.failed;
    const failedOk = failed === undefined || (typeof failed === "object" && failed !== null && Object.hasOwn(ERROR_CODES, failed.code) && typeof failed.message === "string");
    if (typeof value.t === "number" && typeof value.user === "string" && typeof value.line === "string" && failedOk) return value as JournalRecord;
  } catch {
    // not JSON: the caller decides whether that is a torn tail or corruption
  }
  return undefined;
}

/** mkdir -p with mode 0700, one level at a time (Node's recursive mkdir spins forever under /proc). */
function makeDirectory(dir: string): void {
  const stats = fs.statSync(dir, { throwIfNoEntry: false });
  if (stats?.isDirectory()) return;
  const parent = path.dirname(dir);
  if (stats === undefined && parent !== dir) makeDirectory(parent);
  fs.mkdirSync(dir, { mode: 0o700 }); // over a file: EEXIST
}
