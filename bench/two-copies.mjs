// The Day-5 baseline: the bytes a two-copy volume stores, written the plainest durable way Node
// can. Both copies of each command's bytes go with fs.writeSync from one preallocated buffer into
// one file (copy c of command i at its own offset), then one fsync per command makes
// both copies durable: the issue's "the same two copies with fs.writeSync plus one fsync per
// command". (kshell makes a command durable by syncing its journal, which holds the bytes once,
// and syncs the chunk copies when it compacts.) Opening, closing and removing the
// file are not timed.

import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
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

/**
 * Milliseconds for the same bytes in kshell's own layout, with no kshell code: per command the
 * payload appended to a journal and fdatasynced, then each copy as one file per 1 MiB chunk. Not
 * the goal's baseline: it shows how much of kshell's time its file layout itself costs.
 */
export function writeChunkLayout(dir, buffer, count, chunkBytes) {
  const journal = openSync(join(dir, "journal"), "a");
  const folders = Array.from({ length: COPIES }, (_, copy) => join(dir, `copy${copy + 1}`));
  for (const folder of folders) mkdirSync(folder, { recursive: true });
  const start = performance.now();
  for (let command = 0; command < count; command++) {
    writeAll(journal, buffer, command * buffer.length);
    fdatasyncSync(journal);
    for (const folder of folders) {
      for (let chunk = 0; chunk * chunkBytes < buffer.length; chunk++) {
        const fd = openSync(join(folder, `${command * (buffer.length / chunkBytes) + chunk}.chunk`), "w");
        writeAll(fd, buffer.subarray(chunk * chunkBytes, (chunk + 1) * chunkBytes), 0);
        closeSync(fd);
      }
    }
  }
  const ms = performance.now() - start;
  closeSync(journal);
  rmSync(join(dir, "journal"));
  for (const folder of folders) rmSync(folder, { recursive: true });
  return ms;
}
