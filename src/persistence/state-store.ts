// A state directory: the kernel's snapshot plus an append-only journal of the commands run since
// it (the Redis RDB + AOF pattern). The kernel is deterministic, so replaying the journal over
// the snapshot rebuilds the state exactly; a command is appended as it runs, and synced before the
// shell shows its result, so anything acknowledged survives `kill -9`. One fdatasync may cover a
// batch of records (group commit, as PostgreSQL and Redis do: `sync`); a sync that fails cuts the
// journal back to the last record known durable, so no record whose sync failed is ever replayed.
// Compaction writes a new snapshot and empties the journal.
//
// Both are sealed with the directory's key (audit.key): the snapshot carries an HMAC and names
// the last journal record it contains; each journal record is numbered and MAC-chained from it
// (journal-records.ts). A file edited outside kshell stops the load with its path; a missing
// key next to existing state is an error, never silently replaced by a new one.
//
//   state.json      the snapshot (lowdb)          journal.jsonl   commands since the snapshot, and their payloads
//   audit.key       HMAC key for the audit seal    history         root's interactive history
//   history.<user>  another user's history         lock            pid of the kshell using it
//
// Every file is 0600 (older ones are brought down to it when the directory is opened), and a
// directory kshell creates is 0700: the snapshot holds password hashes, the key seals the trail.
// The journal never holds a typed password: the commands journal its hash instead.

import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { KernelSnapshot } from "../kernel.js";
import type { InstalledList } from "../subsystem.js";
import { fsyncPath } from "./fsync.js";
import { JournalCursor } from "./journal-cursor.js";
import { readRecords, sealRecord, type JournalEntry, type JournalRead, type ReplayEntry } from "./journal-records.js";
import { JOURNAL_START, readSnapshotFile, STATE_FILE_MODE, writeSnapshotFile, type JournalAnchor } from "./snapshot-file.js";
import { StateFileError } from "./state-file-error.js";
import { StateLock } from "./state-lock.js";
import { errnoProblem } from "./user-file.js";

const KEY_BYTES = 32;
const NEWLINE = Buffer.from("\n");

export class StateStore {
  readonly snapshotPath: string;
  readonly journalPath: string;
  readonly keyPath: string;
  private lock: StateLock | undefined;
  private journalFd: number | undefined;
  private key: Uint8Array | undefined;
  private journalAnchor: JournalAnchor = JOURNAL_START; // the last record written or read, which the next chains from
  private journalSize = 0; // the journal file's bytes: as read at start, then grown by each append
  private synced = { size: 0, anchor: JOURNAL_START }; // the journal as last made durable: where a failed sync cuts it back to
  private unsynced = 0; // records appended since the last sync
  private journalRead = false; // the journal has been read once (at start)

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

  /** The sealed snapshot, undefined if there is none yet; sets where the journal resumes. */
  readSnapshot(subsystems: InstalledList): KernelSnapshot | undefined {
    ownFileOrNone(this.snapshotPath);
    try {
      const read = readSnapshotFile(this.snapshotPath, () => this.sealKey(), "state", subsystems);
      this.journalAnchor = read?.journal ?? JOURNAL_START;
      return read?.snapshot;
    } catch (error) {
      const errno = (error as NodeJS.ErrnoException).code;
      if (typeof errno === "string") throw new StateFileError(this.snapshotPath, `cannot be read (${errno})`);
      throw error;
    }
  }

  /**
   * The journal's entries after the snapshot read by `readSnapshot`, their chain checked; records
   * the snapshot already holds are skipped and a torn last record is ignored. Read a record at a
   * time, never whole; a payload is read when its entry's `payload()` is called. `progress` hears
   * the bytes checked so far of the journal's total.
   */
  readJournal(progress?: (bytes: number, total: number) => void): ReplayEntry[] {
    const atStart = !this.journalRead; // later (a rebuild), this session's unsynced records are still to sync
    this.journalRead = true;
    this.journalSize = 0;
    if (!ownFileOrNone(this.journalPath)) {
      if (atStart) this.markSynced();
      return [];
    }
    const fd = fs.openSync(this.journalPath, "r");
    let read: JournalRead;
    try {
      const size = fs.fstatSync(fd).size;
      read = readRecords(new JournalCursor(fd, size), this.journalPath, this.sealKey(), this.journalAnchor, progress && ((bytes) => progress(bytes, size)));
      this.journalSize = read.tornAt ?? size;
    } finally {
      fs.closeSync(fd);
    }
    // The torn tail was never acknowledged: cut it, or the next record would be glued onto it.
    if (read.tornAt !== undefined) fs.truncateSync(this.journalPath, read.tornAt);
    if (read.newlineMissing === true) {
      fs.appendFileSync(this.journalPath, "\n"); // the same, for a whole record cut just before its newline
      this.journalSize += 1;
    }
    this.journalAnchor = read.last;
    if (atStart) this.startSynced();
    return read.entries;
  }

  /**
   * What a killed run left in the journal may still be only in the page cache: made durable once
   * at start, before anything built on it is acknowledged.
   */
  private startSynced(): void {
    if (this.journalSize > 0) fsyncPath(this.journalPath);
    this.markSynced();
  }

  /** The journal's bytes (records and payloads): past JOURNAL_BYTES_MAX the session compacts it. */
  get journalBytes(): number {
    return this.journalSize;
  }

  /** Journal records appended and not yet synced, and their bytes: the batch the next `sync` covers. */
  get unsyncedRecords(): number {
    return this.unsynced;
  }

  get unsyncedBytes(): number {
    return this.journalSize - this.synced.size;
  }

  /**
   * Appends one command, numbered and chained, written but not yet synced: `sync` makes it durable,
   * and nothing of the command may be shown before. Its payload is written as it is, after the
   * record's line, in the same call: never copied or turned into text.
   */
  append(entry: JournalEntry): void {
    const record = sealRecord(this.sealKey(), this.journalAnchor, entry);
    this.journalFd ??= fs.openSync(this.journalPath, "a", STATE_FILE_MODE);
    const line = Buffer.from(`${record.text}\n`);
    try {
      this.journalSize += writeAll(this.journalFd, record.payload === undefined ? [line] : [line, record.payload, NEWLINE]);
    } catch (error) {
      // A full disk mid-record: cut what got written, or the next record would be glued onto it.
      fs.ftruncateSync(this.journalFd, this.journalSize);
      throw error;
    }
    this.journalAnchor = { seq: record.seq, mac: record.mac };
    this.unsynced++;
  }

  /**
   * Makes every record appended since the last sync durable, with one fdatasync, after `first`
   * (what the records name must be durable before they are). If either fails, the kernel may have
   * dropped those pages (a failed fsync is reported once): the records are cut off and the next
   * chains from the last durable one; the caller undoes their commands.
   */
  sync(first?: () => void): void {
    if (this.unsynced === 0) return;
    try {
      first?.();
      fs.fdatasyncSync(this.journalFd!);
    } catch (error) {
      fs.ftruncateSync(this.journalFd!, this.synced.size);
      this.journalSize = this.synced.size;
      this.journalAnchor = this.synced.anchor;
      this.unsynced = 0;
      throw error;
    }
    this.markSynced();
  }

  private markSynced(): void {
    this.synced = { size: this.journalSize, anchor: this.journalAnchor };
    this.unsynced = 0;
  }

  /**
   * Writes a new snapshot naming the last journal record it holds (file and directory synced),
   * then empties the journal. A crash between the two leaves records replay knows to skip.
   */
  compact(snapshot: KernelSnapshot): void {
    writeSnapshotFile(this.snapshotPath, this.sealKey(), snapshot, this.journalAnchor);
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    this.journalFd = undefined;
    fs.writeFileSync(this.journalPath, "", { mode: STATE_FILE_MODE });
    this.journalSize = 0;
    this.markSynced(); // the synced snapshot holds every record the journal held
  }

  /**
   * The key that seals the audit trail, the snapshot and the journal, created (mode 0600) in a
   * directory that holds no state yet. Missing next to existing state it is an error: a new key
   * would make every seal fail, and would let anyone reseal edited files by deleting the old one.
   */
  sealKey(): Uint8Array {
    this.key ??= readOrMakeKey(this.dir);
    return this.key;
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

/**
 * Whether the state directory holds `file`; a file there that is not a regular one (a symbolic
 * link, a device such as /dev/full, a directory) is refused before it is read or written.
 */
function ownFileOrNone(file: string): boolean {
  const stats = fs.lstatSync(file, { throwIfNoEntry: false });
  if (stats === undefined) return false;
  if (!stats.isFile()) throw new StateFileError(file, "is not a regular file (a link, a device or a directory): kshell reads and writes only its own files there");
  return true;
}

/** Writes `pieces` in order, in one call unless the system writes less; returns the bytes written. */
function writeAll(fd: number, pieces: readonly Uint8Array[]): number {
  let left = pieces.filter((piece) => piece.length > 0);
  let total = 0;
  while (left.length > 0) {
    let written = fs.writevSync(fd, left);
    total += written;
    // a partial write (rare: a signal, a nearly full disk): go on from the first byte not written
    while (written > 0 && written >= left[0]!.length) written -= left.shift()!.length;
    if (written > 0) left = [left[0]!.subarray(written), ...left.slice(1)];
  }
  return total;
}

/** See StateStore.sealKey: `dir`'s key, made if `dir` holds no state yet. */
function readOrMakeKey(dir: string): Uint8Array {
  const keyPath = path.join(dir, "audit.key");
  if (ownFileOrNone(keyPath)) {
    const key = fs.readFileSync(keyPath);
    if (key.length !== KEY_BYTES) throw new StateFileError(keyPath, `audit key is ${key.length} bytes, expected ${KEY_BYTES}`);
    return key;
  }
  const journal = path.join(dir, "journal.jsonl");
  const journalHolds = fs.existsSync(journal) && fs.statSync(journal).size > 0;
  if (fs.existsSync(path.join(dir, "state.json")) || journalHolds) {
    throw new StateFileError(keyPath, "is missing, but the directory holds state sealed with it; restore the key from a backup, or use a new --state");
  }
  const key = randomBytes(KEY_BYTES);
  fs.writeFileSync(keyPath, key, { mode: STATE_FILE_MODE, flag: "wx" });
  return key;
}

/**
 * The key for a run without --state: the default state directory's, so a `save <file>` made in
 * one run loads in the next. Made there only where it creates nothing else: beside state whose
 * key is missing, or where the directory cannot be made, the run gets a key of its own.
 */
export function keyWithoutStore(defaultDir: string): Uint8Array {
  try {
    makeDirectory(defaultDir);
    return readOrMakeKey(defaultDir);
  } catch {
    return randomBytes(KEY_BYTES); // good for this run's files only
  }
}

/** mkdir -p with mode 0700, one level at a time (Node's recursive mkdir spins forever under /proc). */
function makeDirectory(dir: string): void {
  const stats = fs.statSync(dir, { throwIfNoEntry: false });
  if (stats?.isDirectory()) return;
  const parent = path.dirname(dir);
  if (stats === undefined && parent !== dir) makeDirectory(parent);
  fs.mkdirSync(dir, { mode: 0o700 }); // over a file: EEXIST
}
