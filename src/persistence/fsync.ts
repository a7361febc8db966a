// Durability for a path: a file's bytes, or a directory's entries (so a rename or a new file in it
// survives a crash), made durable by one fsync.

import * as fs from "node:fs";

/** Opens `path` (a file or a directory), fsyncs it and closes it. */
export function fsyncPath(path: string): void {
  const fd = fs.openSync(path, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
