// The Day-5 baseline: the bytes a two-copy volume stores, written the plainest durable way Node
// can. Both copies of each command's bytes go with fs.writeSync from one preallocated buffer into
// one file (copy c of command i at its own offset), then one fsync per command makes
// both copies durable: the issue's "the same two copies with fs.writeSync plus one fsync per
// command". (kshell makes a command durable by syncing its journal, which holds the bytes once,
// and syncs the chunk copies when it compacts.) Opening, closing and removing the
// file are not timed.

import { closeSync, fsyncSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

const COPIES = 2;

function writeAll(fd, buffer, position) {
  for (let done = 0; done < buffer.length; ) done += writeSync(fd, buffer, done, buffer.length - done, position + done);
}

/** Milliseconds to write `buffer` `count` times, as COPIES copies each, into one file under `dir`. */
export function writeTwoCopies(dir, buffer, count) {
  const path = join(dir, "copies.bin");
  const fd = openSync(path, "w");
  const start = performance.now();
  for (let command = 0; command < count; command++) {
    for (let copy = 0; copy < COPIES; copy++) writeAll(fd, buffer, (copy * count + command) * buffer.length);
    fsyncSync(fd);
  }
  const ms = performance.now() - start;
  closeSync(fd);
  rmSync(path);
  return ms;
}
