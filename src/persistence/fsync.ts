// Durability for a path: a file's bytes, or a directory's entries (so a rename or a new file in it
// survives a crash), made durable by one fsync (or, for a file's bytes alone, one fdatasync).

import * as fs from "node:fs";

/** Opens `path` (a file or a directory), fsyncs it and closes it. */
export function fsyncPath(path: string): void {
  syncOpened(path, fs.fsyncSync);
}

/** Opens the file `path`, fdatasyncs it (its bytes, not metadata a read does not need) and closes it. */
export function fdatasyncPath(path: string): void {
  syncOpened(path, fs.fdatasyncSync);
}

function syncOpened(path: string, sync: (fd: number) => void): void {
  const fd = fs.openSync(path, "r");
  try {
    sync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
