// A state directory: the kernel's snapshot plus an append-only journal of the commands run since
// it (the Redis RDB + AOF pattern). The kernel is deterministic, so replaying the journal over
// the snapshot rebuilds the state exactly; a command is appended (and fsynced) before the shell
// shows its result, so anything acknowledged survives `kill -9`. Compaction writes a new
// snapshot and empties the journal.
//
//   state.json      the snapshot (lowdb)          journal.jsonl   commands since the snapshot
//   audit.key       HMAC key for the audit seal    history         the interactive shell's history
//   lock            pid of the kshell using the directory; a second one is refused

import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { KernelSnapshot } from "../kernel.js";
import { readSnapshotFile, writeSnapshotFile } from "./snapshot-file.js";
import { StateFileError } from "./state-file-error.js";

export interface JournalRecord {
  readonly t: number; // simulated time the command ran at
  readonly user: string;
  readonly line: string;
}

const KEY_BYTES = 32;

export class StateStore {
  readonly snapshotPath: string;
  readonly journalPath: string;
  readonly keyPath: string;
  readonly historyPath: string;
  private readonly lockPath: string;
  private journalFd: number | undefined;

  private constructor(readonly dir: string) {
    this.snapshotPath = path.join(dir, "state.json");
    this.journalPath = path.join(dir, "journal.jsonl");
    this.keyPath = path.join(dir, "audit.key");
    this.historyPath = path.join(dir, "history");
    this.lockPath = path.join(dir, "lock");
  }

  /** Opens (creating if needed) and locks `dir`; refuses if another live kshell holds it. */
  static open(dir: string): StateStore {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const store = new StateStore(path.resolve(dir));
    store.lock();
    return store;
  }

  private lock(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(this.lockPath, `${process.pid}\n`, { flag: "wx" });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const owner = Number.parseInt(fs.readFileSync(this.lockPath, "utf8"), 10);
      if (Number.isInteger(owner) && owner !== process.pid && processIsAlive(owner)) {
        throw new StateFileError(this.dir, `in use by another kshell (pid ${owner}); close it first, or use another --state`);
      }
      fs.rmSync(this.lockPath, { force: true }); // the owner died without unlocking
    }
    throw new StateFileError(this.lockPath, "could not take the lock");
  }

  close(): void {
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    this.journalFd = undefined;
    fs.rmSync(this.lockPath, { force: true });
  }

  readSnapshot(): KernelSnapshot | undefined {
    return readSnapshotFile(this.snapshotPath);
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
    this.journalFd ??= fs.openSync(this.journalPath, "a", 0o600);
    fs.writeSync(this.journalFd, `${JSON.stringify(record)}\n`);
    fs.fdatasyncSync(this.journalFd);
  }

  /** Writes a new snapshot, then empties the journal it supersedes. */
  compact(snapshot: KernelSnapshot): void {
    writeSnapshotFile(this.snapshotPath, snapshot);
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    this.journalFd = undefined;
    fs.writeFileSync(this.journalPath, "", { mode: 0o600 });
  }

  /** The audit seal key, created (mode 0600) on first use. */
  sealKey(): Uint8Array {
    if (fs.existsSync(this.keyPath)) {
      const key = fs.readFileSync(this.keyPath);
      if (key.length !== KEY_BYTES) throw new StateFileError(this.keyPath, `audit key is ${key.length} bytes, expected ${KEY_BYTES}`);
      return key;
    }
    const key = randomBytes(KEY_BYTES);
    fs.writeFileSync(this.keyPath, key, { mode: 0o600, flag: "wx" });
    return key;
  }

  readHistory(): string[] {
    return fs.existsSync(this.historyPath) ? fs.readFileSync(this.historyPath, "utf8").split("\n").filter((line) => line !== "") : [];
  }

  appendHistory(line: string): void {
    fs.appendFileSync(this.historyPath, `${line}\n`, { mode: 0o600 });
  }

  /** Keeps only the newest `limit` history lines on disk. */
  trimHistory(limit: number): void {
    const lines = this.readHistory();
    if (lines.length > limit) fs.writeFileSync(this.historyPath, `${lines.slice(-limit).join("\n")}\n`, { mode: 0o600 });
  }
}

function parseJournalLine(line: string): JournalRecord | undefined {
  try {
    const value = JSON.parse(line) as Partial<JournalRecord>;
    if (typeof value.t === "number" && typeof value.user === "string" && typeof value.line === "string") return value as JournalRecord;
  } catch {
    // not JSON: the caller decides whether that is a torn tail or corruption
  }
  return undefined;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
