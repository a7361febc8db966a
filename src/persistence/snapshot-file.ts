// Snapshot files through lowdb (LowSync + JSONFileSync: written to a temporary file and renamed,
// so a file is either the old snapshot or the new one, never half of each). JSONFilePreset is not
// used: under NODE_ENV=test it silently keeps data in memory.

import { statSync } from "node:fs";
import { LowSync } from "lowdb";
import { JSONFileSync } from "lowdb/node";
import type { KernelSnapshot } from "../kernel.js";
import { StateFileError } from "./state-file-error.js";
import { validateSnapshot } from "./validate-snapshot.js";

/** The snapshot in `path`, undefined if there is no file; a bad file is a StateFileError. */
export function readSnapshotFile(path: string): KernelSnapshot | undefined {
  // A device or a pipe may never end (/dev/zero): only a regular file is read.
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isFile()) throw new StateFileError(path, "not a regular file");
  const db = new LowSync<unknown>(new JSONFileSync(path), null);
  try {
    db.read();
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not valid JSON (${error.message})` : String((error as Error).message);
    throw new StateFileError(path, reason);
  }
  if (db.data === null) return undefined;
  const checked = validateSnapshot(db.data);
  if ("problem" in checked) throw new StateFileError(path, checked.problem);
  return checked.snapshot;
}

export function writeSnapshotFile(path: string, snapshot: KernelSnapshot): void {
  const db = new LowSync<KernelSnapshot>(new JSONFileSync(path), snapshot);
  db.data = snapshot;
  db.write();
}
