// What a session is started with (main.ts and tests build these), and what follows from them
// alone: the key that seals its state, and the directories no host-file command may reach.

import type { ChunkFolders } from "../src/chunks/chunk-folders.js";
import { assert } from "../src/assert.js";
import type { StateStore } from "../src/persistence/state-store.js";
import type { Registry } from "./registry.js";
import type { ProgressSink } from "./progress-line.js";

export interface SessionOptions {
  readonly seed: number;
  readonly sealKey?: Uint8Array; // seals the audit trail and files written by save; defaults to the store's key
  readonly interactive?: boolean;
  readonly color?: boolean;
  /** The terminal's width now (undefined when stdout is not one): wide tables such as ctr list fit it. */
  readonly columns?: () => number | undefined;
  readonly json?: boolean;
  readonly store?: StateStore;
  readonly chunkFolders?: ChunkFolders; // where chunk bytes live: the store's chunks/ by default, else memory
  readonly privateDirs?: readonly string[]; // other kshell state no host-file command may touch (the default state dir)
  readonly registry?: Registry;
  readonly wallClockMs?: () => number; // the interactive clock's source; injectable for tests
  readonly jobSliceMs?: number; // wall time a long command runs between yields (JOB_SLICE_MS); 0 in tests
  readonly progress?: ProgressSink; // where a replay at start that takes over a second says how far it got (stderr)
}

/** The key given, else the state directory's (read only once the snapshot is known good). */
export function sealKeyOf(options: SessionOptions): Uint8Array {
  const key = options.sealKey ?? options.store?.sealKey();
  assert(key !== undefined, "a session has a seal key or a store to take it from");
  return key;
}

/** Directories whose files are kshell's own: this session's state and the user's default state (its key seals runs without --state). */
export function privateDirsOf(options: SessionOptions): string[] {
  const dirs = [...(options.privateDirs ?? [])];
  if (options.store !== undefined) dirs.push(options.store.dir);
  return dirs;
}
