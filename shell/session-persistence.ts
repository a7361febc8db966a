// What a session keeps on disk and brings back: the journal it appends to after every gated
// command (before the output is shown, so anything acknowledged survives kill -9), compaction of
// that journal into a fresh snapshot (on save, on exit, past JOURNAL_RECORD_MAX records, after a
// load or reset), the replay of the journal at boot (each record at the simulated time it first
// ran, as the user who ran it, failing on its host file the way it failed then), and kernels
// restored from snapshots (the store's or a `load <file>`). Without a state directory the journal
// is kept in memory (memory-journal.ts), so that either way a kernel can be rebuilt as of the
// last acknowledged command: at boot, and to undo a command a kernel bug stopped.
//
// Typical sequence: rebuild at boot; then for each command append; compact when asked.

import * as path from "node:path";
import { SUBSYSTEMS } from "../modules/subsystems.js";
import { ChunkHost } from "../src/chunks/chunk-host.js";
import { fail, isKernelError } from "../src/errors.js";
import type { Subject } from "../src/gate.js";
import { Kernel, type KernelSnapshot } from "../src/kernel.js";
import { JOURNAL_RECORD_MAX } from "../src/limits.js";
import { readSnapshotFile, type SnapshotRead } from "../src/persistence/snapshot-file.js";
import { StateFileError } from "../src/persistence/state-file-error.js";
import type { JournalEntry } from "../src/persistence/journal-records.js";
import type { StateStore } from "../src/persistence/state-store.js";
import { UserFileError } from "../src/persistence/user-file.js";
import { MemoryJournal } from "./memory-journal.js";
import { quoteWords } from "./quote.js";

const NOT_JOURNALED = ["load", "reset"]; // replaced kernels: a snapshot is written instead of a journal record

/** Whether these words replace the kernel (load, reset), which writes a snapshot instead of a record. */
export function replacesKernel(words: readonly string[]): boolean {
  return NOT_JOURNALED.includes(words[0]!);
}

/** Runs one journaled line as the user who ran it, failing on its host file the way it failed then. */
export type ReplayRun = (subject: Subject, line: string, fileError: UserFileError | undefined) => void;

/** The journal of one session: its store's, or one in memory without a store. */
export class SessionJournal {
  private records = 0;
  private compactionRequested = false; // by `save`: done once the command's own entries are in
  private readonly store: StateStore | MemoryJournal;
  private readonly memory: MemoryJournal | undefined = undefined;

  /** Where every kernel of the session keeps chunk bytes: the state directory's chunks/, else memory. */
  readonly chunkHost: ChunkHost;

  constructor(
    store: StateStore | undefined,
    private readonly kernel: () => Kernel,
  ) {
    if (store === undefined) this.store = this.memory = new MemoryJournal();
    else this.store = store;
    this.chunkHost = store === undefined ? ChunkHost.inMemory() : ChunkHost.inFolder(path.join(store.dir, "chunks"));
  }

  /** The kernel replay starts from: the last snapshot's, or `fresh()` when there is none yet. */
  startingKernel(sealKey: () => Uint8Array, fresh: () => Kernel): Kernel {
    const snapshot = this.store.readSnapshot(SUBSYSTEMS);
    return snapshot !== undefined ? restoreKernel(snapshot, sealKey(), this.store.snapshotPath, this.chunkHost) : fresh();
  }

  /**
   * Replays the journal over `kernel`: moves its clock to each record's time and hands `run` the
   * record's user, line and, if its host file failed, how.
   */
  replay(kernel: Kernel, run: ReplayRun): void {
    const store = this.store;
    const records = store.readJournal();
    this.records = records.length;
    for (const [index, record] of records.entries()) {
      kernel.advanceClockTo(record.t);
      let subject: Subject;
      try {
        subject = kernel.view.subjectOf(record.user);
      } catch (error) {
        if (!isKernelError(error)) throw error; // a bug, not a bad record
        throw new StateFileError(store.journalPath, `record ${index + 1} runs as unknown user '${record.user}'`);
      }
      run(subject, record.line, record.failed === undefined ? undefined : new UserFileError(record.failed.code, record.failed.message));
    }
  }

  /** Appends what `subject` ran at `startedMs`, with how its host file failed, if it did. */
  append(words: readonly string[], startedMs: number, subject: Subject, fileError: UserFileError | undefined): void {
    if (replacesKernel(words)) return; // they write a snapshot instead
    const failed = fileError === undefined ? undefined : { code: fileError.code, message: fileError.message };
    // Bounds replay time at start: past the limit, fold the journal into a fresh snapshot (in memory, past its own).
    if (this.store instanceof MemoryJournal) {
      this.store.append(startedMs, subject.name, words, failed); // quoted only if an undo reads it
      if (this.store.full()) this.compact();
      return;
    }
    const record: JournalEntry = { t: startedMs, user: subject.name, line: quoteWords(words) };
    this.store.append(failed === undefined ? record : { ...record, failed });
    if (++this.records >= JOURNAL_RECORD_MAX) this.compact();
  }

  /** Asks for a compaction once the running command's own entries are in (`save`). */
  requestCompaction(): void {
    this.compactionRequested = true;
  }

  compactIfRequested(): void {
    if (this.compactionRequested) this.compact();
  }

  /** Drops a requested compaction: the command that asked for it failed. */
  dropCompactionRequest(): void {
    this.compactionRequested = false;
  }

  /** Folds the journal into a new snapshot of the kernel as it is now: chunk bytes made durable first, committed once it is written. */
  compact(): void {
    this.compactionRequested = false;
    const kernel = this.kernel();
    kernel.chunks.sync();
    this.store.compact(kernel.toSnapshot());
    kernel.chunks.committed();
    this.records = 0;
  }

  /** Compacts a state directory's journal (a clean exit); in memory there is nothing to keep. */
  close(): void {
    if (this.memory === undefined) this.compact();
  }
}

/** A kernel from a snapshot; content the kernel refuses (a bad rule glob, a duplicate uid) is a StateFileError. */
export function restoreKernel(snapshot: KernelSnapshot, sealKey: Uint8Array, path: string, chunkHost: ChunkHost): Kernel {
  try {
    return Kernel.fromSnapshot(snapshot, { sealKey, subsystems: SUBSYSTEMS, chunkHost });
  } catch (error) {
    if (isKernelError(error)) throw new StateFileError(path, `cannot be restored: ${error.message}`);
    throw error;
  }
}

/**
 * The kernel `load <file>` brings in. `read` runs the file's reading (through the gate, as the
 * session's userFile does); a file that is not a good snapshot is one EINVAL naming it.
 */
export function loadKernel(
  file: string,
  sealKey: () => Uint8Array,
  read: (readFile: () => SnapshotRead | undefined) => SnapshotRead | undefined,
  chunkHost: ChunkHost,
): Kernel {
  const snapshot = asLoadError(() => read(() => readSnapshotFile(file, sealKey, "saved", SUBSYSTEMS))?.snapshot);
  if (snapshot === undefined) fail("ENOENT", `no snapshot file ${file}`);
  return asLoadError(() => restoreKernel(snapshot, sealKey(), file, chunkHost));
}

function asLoadError<T>(op: () => T): T {
  try {
    return op();
  } catch (error) {
    if (error instanceof StateFileError) fail("EINVAL", `cannot load ${error.path}: ${error.problem}`);
    throw error;
  }
}
