// Snapshot files through lowdb (LowSync over an adapter of our own: written to a temporary file
// with mode 0600, synced and renamed, so a file is either the old snapshot or the new one, never
// half of each, and never readable by others: it holds the password hashes). JSONFilePreset is
// not used: under NODE_ENV=test it silently keeps data in memory.

import { readFileSync, statSync } from "node:fs";
import { LowSync, type SyncAdapter } from "lowdb";
import type { KernelSnapshot } from "../kernel.js";
import { StateFileError } from "./state-file-error.js";
import { writeRegularFile } from "./user-file.js";
import { validateSnapshot } from "./validate-snapshot.js";

export const STATE_FILE_MODE = 0o600;

class PrivateJsonFile<T> implements SyncAdapter<T> {
  lastRead: unknown; // what the file held: lowdb keeps its default for null, 0, "" or false

  constructor(private readonly path: string) {}

  read(): T | null {
    const text = readFileSync(this.path, { encoding: "utf8", flag: "r" });
    this.lastRead = JSON.parse(text);
    return this.lastRead as T;
  }

  write(data: T): void {
    writeRegularFile(this.path, JSON.stringify(data, null, 2), STATE_FILE_MODE);
  }
}

/**
 * The snapshot in `path`, undefined if there is no file; bad content is a StateFileError. Errors
 * of the file system (a directory, no permission) go up as they are, for the caller to report.
 */
export function readSnapshotFile(path: string): KernelSnapshot | undefined {
  // A device or a pipe may never end (/dev/zero): only a regular file is read (a directory fails on reading, EISDIR).
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isFile() && !stat.isDirectory()) throw new StateFileError(path, "not a regular file");
  const file = new PrivateJsonFile(path);
  const db = new LowSync<unknown>(file, null);
  try {
    db.read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    if (error instanceof SyntaxError) throw new StateFileError(path, `not valid JSON (${error.message})`);
    throw error;
  }
  const checked = validateSnapshot(file.lastRead); // `null` in the file is corrupt, not "no snapshot yet"
  if ("problem" in checked) throw new StateFileError(path, checked.problem);
  return checked.snapshot;
}

export function writeSnapshotFile(path: string, snapshot: KernelSnapshot): void {
  const db = new LowSync<KernelSnapshot>(new PrivateJsonFile(path), snapshot);
  db.data = snapshot;
  db.write();
}
