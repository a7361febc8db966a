// The Day-5 baseline: the bytes a two-copy volume stores, written the plainest way Node can.
// One file per storage node, each command's bytes written to both with fs.writeSync from one
// preallocated buffer, then one fsync per command (kshell syncs its journal once per command; the
// chunk copies reach the disk at compaction). Files are fresh each run, as a new volume's chunks
// are; opening before and closing and removing after are not timed.

import { closeSync, fsyncSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

const COPIES = 2;

function writeAll(fd, buffer, position) {
  for (let done = 0; done < buffer.length; ) done += writeSync(fd, buffer, done, buffer.length - done, position + done);
}

/** Milliseconds to write `buffer` `count` times at consecutive offsets into each copy's file under `dir`. */
export function writeTwoCopies(dir, buffer, count) {
  const paths = Array.from({ length: COPIES }, (_, copy) => join(dir, `node${copy + 1}.bin`));
  const fds = paths.map((path) => openSync(path, "w"));
  const start = performance.now();
  for (let command = 0; command < count; command++) {
    for (const fd of fds) writeAll(fd, buffer, command * buffer.length);
    fsyncSync(fds[0]);
  }
  const ms = performance.now() - start;
  for (const fd of fds) closeSync(fd);
  for (const path of paths) rmSync(path);
  return ms;
}
