// Making many files durable at once: fdatasync of each, spread over a few worker threads, while
// the calling thread waits (Atomics.wait on shared memory), so the command path stays synchronous.
// A file system commits the syncs that overlap in one journal transaction, which is what makes a
// command's 64 chunk files cost about what one 64 MiB file does; one after another they cost a
// transaction each. The threads start on first use and never keep the process alive.
//
// A failed fdatasync is reported once, as the errno it failed with, naming the file; it is never
// retried (after a failed fsync the kernel may have dropped the pages: a retry would succeed and lie).

import * as fs from "node:fs";
import { constants } from "node:os";
import { Worker } from "node:worker_threads";
import { SYNC_THREADS } from "../limits.js";

const SERIAL_BELOW = 2; // files: fewer are synced on the calling thread

// [0]: files finished; [1 + i]: 0, or the (negative) errno file i failed with.
const WORKER_SOURCE = `
const fs = require("node:fs");
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ paths, first, step, state }) => {
  const shared = new Int32Array(state);
  for (let i = first; i < paths.length; i += step) {
    try {
      const fd = fs.openSync(paths[i], "r");
      try { fs.fdatasyncSync(fd); } finally { fs.closeSync(fd); }
    } catch (error) {
      Atomics.store(shared, 1 + i, typeof error.errno === "number" && error.errno < 0 ? error.errno : -5);
    }
    Atomics.add(shared, 0, 1);
    Atomics.notify(shared, 0);
  }
});
`;

let workers: Worker[] | undefined;

function pool(): Worker[] {
  workers ??= Array.from({ length: SYNC_THREADS }, () => {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    return worker;
  });
  return workers;
}

/** fdatasyncs every file in `paths` (in parallel when there are several); throws the first failure, as an errno error naming its file. */
export function fdatasyncAll(paths: readonly string[]): void {
  if (paths.length < SERIAL_BELOW) {
    for (const path of paths) fdatasyncPath(path);
    return;
  }
  startFdatasync(paths)();
}

/**
 * Starts fdatasyncs of every file in `paths` on the worker threads and returns at once, so the
 * caller can work meanwhile; the function returned waits for them all, then throws the first
 * failure as fdatasyncAll does.
 */
export function startFdatasync(paths: readonly string[]): () => void {
  if (paths.length === 0) return () => {};
  const state = new Int32Array(new SharedArrayBuffer(4 * (1 + paths.length)));
  const threads = pool();
  const step = Math.min(threads.length, paths.length);
  for (let first = 0; first < step; first++) threads[first]!.postMessage({ paths, first, step, state: state.buffer });
  return () => {
    for (let done = Atomics.load(state, 0); done < paths.length; done = Atomics.load(state, 0)) Atomics.wait(state, 0, done);
    for (let i = 0; i < paths.length; i++) if (state[1 + i] !== 0) throw errnoError(state[1 + i]!, paths[i]!);
  };
}

function fdatasyncPath(path: string): void {
  const fd = fs.openSync(path, "r");
  try {
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** An error like the one fs would throw for `errno` (negative) on `path`. */
function errnoError(errno: number, path: string): NodeJS.ErrnoException {
  const code = Object.entries(constants.errno).find(([, value]) => value === -errno)?.[0] ?? "EIO";
  const error: NodeJS.ErrnoException = new Error(`${code}: fdatasync failed, '${path}'`);
  Object.assign(error, { errno, code, syscall: "fdatasync", path });
  return error;
}
