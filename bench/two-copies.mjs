// The Day-5 baseline: the bytes a two-copy volume stores, written the plainest durable way Node
// can. Both copies of each command's bytes go with fs.writeSync from one preallocated buffer into
// one file (copy c of command i at its own offset), then one fsync per command makes
// both copies durable: the issue's "the same two copies with fs.writeSync plus one fsync per
// command". (kshell makes a command durable by syncing one copy's chunk files, all together, and a
// journal record naming them; the other copy is synced when it compacts.) Opening, closing and
// removing the file are not timed.

import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

const COPIES = 2;

// fdatasync of many files at once from a worker thread (libuv's pool runs them) while this one
// waits, as src/persistence/parallel-sync.ts does
const SYNC_WORKER = `const fs = require("node:fs");
require("node:worker_threads").parentPort.on("message", ({ paths, state }) => {
  const done = new Int32Array(state);
  for (const path of paths) fs.open(path, "r", (error, fd) => fs.fdatasync(fd, () => fs.close(fd, () => {
    Atomics.add(done, 0, 1);
    Atomics.notify(done, 0);
  })));
});`;
let worker;

function fdatasyncAll(paths) {
  if (worker === undefined) {
    worker = new Worker(SYNC_WORKER, { eval: true });
    worker.unref();
  }
  const done = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ paths, state: done.buffer });
  for (let seen = Atomics.load(done, 0); seen < paths.length; seen = Atomics.load(done, 0)) Atomics.wait(done, 0, seen);
}

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
 * Milliseconds for the same bytes in kshell's own layout, with no kshell code: per command each
 * copy as one file per 1 MiB chunk, the first copy's files fdatasynced together (a worker thread)
 * and their folder fsynced, then a short journal record naming them appended and fdatasynced.
 * Not the goal's baseline: it shows how much of kshell's time its file layout itself costs.
 */
export function writeChunkLayout(dir, buffer, count, chunkBytes) {
  const journal = openSync(join(dir, "journal"), "a");
  const folders = Array.from({ length: COPIES }, (_, copy) => join(dir, `copy${copy + 1}`));
  for (const folder of folders) mkdirSync(folder, { recursive: true });
  fdatasyncAll([join(dir, "journal")]); // the threads start before the clock does
  const record = Buffer.alloc(4096, 0x20); // about what a record naming 64 chunks takes
  const start = performance.now();
  for (let command = 0; command < count; command++) {
    const named = [];
    for (const folder of folders) {
      for (let chunk = 0; chunk * chunkBytes < buffer.length; chunk++) {
        const path = join(folder, `${command * (buffer.length / chunkBytes) + chunk}.chunk`);
        const fd = openSync(path, "w");
        writeAll(fd, buffer.subarray(chunk * chunkBytes, (chunk + 1) * chunkBytes), 0);
        closeSync(fd);
        if (folder === folders[0]) named.push(path);
      }
    }
    fdatasyncAll(named);
    const folder = openSync(folders[0], "r");
    fsyncSync(folder);
    closeSync(folder);
    writeAll(journal, record, command * record.length);
    fdatasyncSync(journal);
  }
  const ms = performance.now() - start;
  closeSync(journal);
  rmSync(join(dir, "journal"));
  for (const folder of folders) rmSync(folder, { recursive: true });
  return ms;
}
