// Making many files durable at once: fsync of each (and of their folder, for new files' entries),
// all issued together from one worker thread as asynchronous calls that libuv's thread pool runs
// (UV_THREADPOOL_SIZE, 4 by default), while the calling thread waits (Atomics.wait on shared
// memory), so the command path stays synchronous. A file system commits the syncs that overlap in
// one journal transaction, which is what makes a command's 64 chunk files cost about what one
// 64 MiB file does; one after another they cost a transaction each. One worker, not one per sync:
// a Node thread costs ~8 MB and tens of ms to start, a pool thread almost nothing. It starts on
// first use (or `warmSync`) and never keeps the process alive.
//
// A failed sync is reported once, as the errno it failed with, naming the file; it is never
// retried (after a failed fsync the kernel may have dropped the pages: a retry would succeed and lie).

import { constants } from "node:os";
import type * as WorkerThreads from "node:worker_threads";
import { builtin } from "../builtin.js";
import { fdatasyncPath } from "./fsync.js";

const SERIAL_BELOW = 2; // files: fewer are synced on the calling thread

// [0]: files finished; [1 + i]: 0, or the (negative) errno file i failed with.
const WORKER_SOURCE = `
const fs = require("node:fs");
require("node:worker_threads").parentPort.on("message", ({ paths, state }) => {
  const shared = new Int32Array(state);
  const finish = (i, error) => {
    if (error) Atomics.store(shared, 1 + i, typeof error.errno === "number" && error.errno < 0 ? error.errno : -5);
    Atomics.add(shared, 0, 1);
    Atomics.notify(shared, 0);
  };
  paths.forEach((path, i) => fs.open(path, "r", (error, fd) => {
    if (error) return finish(i, error);
    fs.fsync(fd, (failed) => fs.close(fd, () => finish(i, failed))); // fsync: a folder's entries are what it holds
  }));
});
`;

let worker: WorkerThreads.Worker | undefined;

/** Starts the syncing thread now, so a first sync does not wait for it. */
export function warmSync(): WorkerThreads.Worker {
  if (worker === undefined) {
    const { Worker } = builtin<typeof WorkerThreads>("node:worker_threads"); // loaded here: a run that never syncs in parallel does not pay for it
    worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
  }
  return worker;
}

/** Makes every file (or folder) in `paths` durable (in parallel when there are several); throws the first failure, as an errno error naming its file. */
export function syncAll(paths: readonly string[]): void {
  if (paths.length < SERIAL_BELOW) {
    for (const path of paths) fdatasyncPath(path);
    return;
  }
  startSyncs(paths)();
}

/**
 * Starts syncs of every file or folder in `paths` on the syncing thread and returns at once, so the
 * caller can work meanwhile; the function returned waits for them all, then throws the first
 * failure as syncAll does.
 */
export function startSyncs(paths: readonly string[]): () => void {
  if (paths.length === 0) return () => {};
  const state = new Int32Array(new SharedArrayBuffer(4 * (1 + paths.length)));
  warmSync().postMessage({ paths, state: state.buffer });
  return () => {
    for (let done = Atomics.load(state, 0); done < paths.length; done = Atomics.load(state, 0)) Atomics.wait(state, 0, done);
    for (let i = 0; i < paths.length; i++) if (state[1 + i] !== 0) throw errnoError(state[1 + i]!, paths[i]!);
  };
}

/** An error like the one fs would throw for `errno` (negative) on `path`. */
function errnoError(errno: number, path: string): NodeJS.ErrnoException {
  const code = Object.entries(constants.errno).find(([, value]) => value === -errno)?.[0] ?? "EIO";
  const error: NodeJS.ErrnoException = new Error(`${code}: fsync failed, '${path}'`);
  Object.assign(error, { errno, code, syscall: "fsync", path });
  return error;
}
