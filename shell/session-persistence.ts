// What a session keeps on disk and brings back: the journal it appends to after every gated
// command and syncs before the output is shown, so anything acknowledged survives kill -9 — after
// each command, or, for a script's runner that holds their output meanwhile, once for a batch of
// them (group commit: `groupCommits`, `commit`), compaction of
// that journal into a fresh snapshot (on save, on exit, past JOURNAL_RECORD_MAX records or
// JOURNAL_BYTES_MAX bytes, after a load or reset), the replay of the journal at boot (each record
// at the simulated time it first ran, as the user who ran it, failing on its host file the way it
// failed then or handed the bytes it read then; a progress line if that takes a while), and kernels
// restored from snapshots (the store's or a `load <file>`). Without a state directory the journal
// is kept in memory (memory-journal.ts), so that either way a kernel can be rebuilt as of the
// last acknowledged command: at boot, and to undo a command a kernel bug stopped.
//
// The bytes a `vol write --file` read are not journaled when its writes put them in chunk slots:
// its record names those slots (src/chunks/chunk-pins.ts), which are synced before the record is
// and kept unchanged until the next snapshot; they count towards JOURNAL_BYTES_MAX as journal does.
// Replay reserves every slot the journal names before it runs a record, and reads each back checked.
//
// Typical sequence: rebuild at boot; then for each command append (and, grouped, commit before the
// batch's output is shown); compact when asked.

import { SUBSYSTEMS } from "../modules/subsystems.js";
import { fail, isKernelError } from "../src/errors.js";
import type { Subject } from "../src/gate.js";
import type { ChunkFolders } from "../src/chunks/chunk-folders.js";
import { PinnedPieceError, pinnedLength, pinsOf, readPinned, type ChunkPins } from "../src/chunks/chunk-pins.js";
import { chunkSourceOf, writeBundle, type ChunkSource } from "../src/chunks/chunk-bundle.js";
import type { ChunkHost } from "../src/chunks/chunk-host.js";
import { Kernel, type KernelSnapshot } from "../src/kernel.js";
import { GROUP_COMMIT_BYTES_MAX, GROUP_COMMIT_RECORDS_MAX, JOURNAL_BYTES_MAX, JOURNAL_RECORD_MAX } from "../src/limits.js";
import { readSnapshotFile, type SnapshotRead } from "../src/persistence/snapshot-file.js";
import { StateFileError } from "../src/persistence/state-file-error.js";
import type { JournalEntry, ReplayEntry } from "../src/persistence/journal-records.js";
import type { StateStore } from "../src/persistence/state-store.js";
import { notFoundText, UserFileError } from "../src/persistence/user-file.js";
import { MemoryJournal } from "./memory-journal.js";
import { isHostIoError, unsyncedOutcome, type Outcome } from "./session-outcome.js";
import { quoteWords } from "./quote.js";
import { ProgressLine, type ProgressSink } from "./progress-line.js";

const NOT_JOURNALED = ["load", "reset"]; // replaced kernels: a snapshot is written instead of a journal record

/** Whether these words replace the kernel (load, reset), which writes a snapshot instead of a record. */
export function replacesKernel(words: readonly string[]): boolean {
  return NOT_JOURNALED.includes(words[0]!);
}

/** Runs one journaled line as the user who ran it, failing on its host file the way it failed then, or given the bytes it read then. */
export type ReplayRun = (subject: Subject, line: string, fileError: UserFileError | undefined, payload: Uint8Array | undefined) => void;

/** The journal of one session: its store's, or one in memory without a store. */
export class SessionJournal {
  private records = 0;
  private snapshotHolds = false; // the store's snapshot holds everything: nothing journaled since it was read or written
  private compactionRequested = false; // by `save`: done once the command's own entries are in
  private grouped = false; // whoever shows the output syncs a batch of records at once (commit) instead of each as it comes
  private readonly store: StateStore | MemoryJournal;
  private readonly memory: MemoryJournal | undefined = undefined;

  constructor(
    store: StateStore | undefined,
    private readonly kernel: () => Kernel,
    private readonly folders: ChunkFolders,
    private readonly progress?: ProgressSink, // where a slow save says how far it got (stderr)
    private readonly journalBytesMax = JOURNAL_BYTES_MAX, // smaller in tests
  ) {
    if (store === undefined) this.store = this.memory = new MemoryJournal();
    else this.store = store;
  }

  /** The kernel replay starts from: the last snapshot's (over the chunk generation it names), or `fresh()` when there is none yet. */
  startingKernel(sealKey: () => Uint8Array, fresh: (host: ChunkHost) => Kernel): Kernel {
    const snapshot = this.store.readSnapshot(SUBSYSTEMS);
    this.snapshotHolds = snapshot !== undefined;
    const host = this.folders.open(snapshot?.chunks?.folder);
    return snapshot !== undefined ? restoreKernel(snapshot, sealKey(), this.store.snapshotPath, host) : fresh(host);
  }

  /**
   * Replays the journal over `kernel`: moves its clock to each record's time and hands `run` the
   * record's user, line and, if its host file failed, how, or the payload it read. With
   * `progress`, a replay that takes over a second says how far it got.
   */
  replay(kernel: Kernel, run: ReplayRun, progress?: ProgressSink): void {
    const line = progress === undefined ? undefined : new ProgressLine(progress);
    try {
      const records = this.store.readJournal((bytes, total) => line?.show(`checking journal: ${mib(bytes)} of ${mib(total)} MiB`));
      this.records = records.length;
      if (records.length > 0) this.snapshotHolds = false;
      pinsOf(kernel.chunks.host).reserve(records.flatMap((record) => (record.chunks === undefined ? [] : [record.chunks]))); // replayed writes take other slots
      // Progress counts the journal's bytes and the bytes its records name in chunk slots, as each piece is read back checked.
      const total = (records.at(-1)?.endBytes ?? 0) + records.reduce((sum, record) => sum + (record.chunks === undefined ? 0 : pinnedLength(record.chunks)), 0);
      let pinnedDone = 0;
      const show = (record: ReplayEntry, index: number) =>
        line?.show(`replaying journal: ${mib(record.endBytes + pinnedDone)} of ${mib(total)} MiB, record ${index + 1} of ${records.length}`);
      for (const [index, record] of records.entries()) {
        kernel.advanceClockTo(record.t);
        const fileError = record.failed === undefined ? undefined : new UserFileError(record.failed.code, record.failed.message);
        const checked = (bytes: number) => {
          pinnedDone += bytes;
          show(record, index);
        };
        run(this.subjectOf(kernel, record.user, index), record.line, fileError, record.payload?.() ?? this.pinnedPayload(kernel, record, index, checked));
        show(record, index);
      }
      line?.finish();
    } catch (error) {
      line?.abandon();
      throw error;
    }
  }

  /** The bytes a record names in chunk slots (chunk-pins.ts), read back and checked; a piece that fails names the record and its file. */
  private pinnedPayload(kernel: Kernel, record: ReplayEntry, index: number, checked: (bytes: number) => void): Uint8Array | undefined {
    if (record.chunks === undefined) return undefined;
    try {
      return readPinned(kernel.chunks.host, record.chunks, checked);
    } catch (error) {
      if (!(error instanceof PinnedPieceError)) throw error;
      throw new StateFileError(this.store.journalPath, `record ${index + 1} (${record.line}): ${error.message}`);
    }
  }

  /** The pins of the current kernel's chunk store; none without a state directory (nothing there outlives the process). */
  private pins(): ChunkPins | undefined {
    return this.memory === undefined ? pinsOf(this.kernel().chunks.host) : undefined;
  }

  /**
   * What the running command read from a host file (nothing while replaying), handed back: if it
   * is bytes that the command writes to chunk slots, its record names those slots instead of
   * carrying the bytes (chunk-pins.ts).
   */
  watchPayload<T>(read: T): T {
    if (read instanceof Uint8Array) this.pins()?.watch(read);
    return read;
  }

  /** Syncs the records appended since the last sync, and first the chunk slots they name. */
  private syncRecords(): void {
    const pins = this.pins();
    (this.store as StateStore).sync(pins && (() => pins.sync()));
  }

  private subjectOf(kernel: Kernel, user: string, index: number): Subject {
    try {
      return kernel.view.subjectOf(user);
    } catch (error) {
      if (!isKernelError(error)) throw error; // a bug, not a bad record
      throw new StateFileError(this.store.journalPath, `record ${index + 1} runs as unknown user '${user}'`);
    }
  }

  /** Appends what `subject` ran at `startedMs`, with how its host file failed, if it did, or the bytes it read. */
  append(words: readonly string[], startedMs: number, subject: Subject, fileError: UserFileError | undefined, payload?: Uint8Array): void {
    if (replacesKernel(words)) return; // they write a snapshot instead
    const failed = fileError === undefined ? undefined : { code: fileError.code, message: fileError.message };
    // Bounds replay time at start: past the limits, fold the journal into a fresh snapshot (in memory, past its own).
    if (this.store instanceof MemoryJournal) {
      this.store.append(startedMs, subject.name, words, failed, payload); // quoted only if an undo reads it
      if (this.store.full()) this.compact();
      return;
    }
    const pins = this.pins()!;
    const chunks = payload === undefined ? undefined : pins.take(payload);
    const line = quoteWords(words);
    const bytes = chunks !== undefined ? { chunks } : payload !== undefined ? { payload } : undefined;
    // Nearly every record is the plain literal (spreads of optional fields cost more than the rest of the append).
    const record: JournalEntry = failed === undefined && bytes === undefined ? { t: startedMs, user: subject.name, line } : { t: startedMs, user: subject.name, line, ...(failed === undefined ? {} : { failed }), ...bytes };
    this.store.append(record);
    if (!this.grouped) this.syncRecords();
    this.snapshotHolds = false;
    if (++this.records >= JOURNAL_RECORD_MAX || this.store.journalBytes + pins.pinnedBytes >= this.journalBytesMax) this.compact();
  }

  /**
   * Group commit on or off. On, records are written as commands run and synced only by `commit`,
   * which the caller must call before it shows any output of theirs. Off (the default), each is
   * synced as it is appended (and with it any left unsynced before).
   */
  groupCommits(on: boolean): void {
    this.grouped = on;
  }

  /**
   * Makes the records appended since the last commit durable, with one sync: only then may their
   * commands' output be shown. A failed sync cuts them off the journal; `rollBack` then rebuilds
   * the kernel without them, and the outcome says their output must be dropped.
   */
  commit(rollBack: () => Outcome | undefined): Outcome | undefined {
    if (this.store instanceof MemoryJournal) return undefined;
    try {
      this.syncRecords();
      return undefined;
    } catch (error) {
      if (!isHostIoError(error)) throw error;
      return rollBack() ?? unsyncedOutcome(error);
    }
  }

  /** Whether the batch is as large as a batch may grow (GROUP_COMMIT_RECORDS_MAX records or GROUP_COMMIT_BYTES_MAX bytes): commit now. */
  commitDue(): boolean {
    if (this.store instanceof MemoryJournal) return false;
    return this.store.unsyncedRecords >= GROUP_COMMIT_RECORDS_MAX || this.store.unsyncedBytes + this.pins()!.unsyncedBytes >= GROUP_COMMIT_BYTES_MAX;
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

  /**
   * Folds the journal into a new snapshot of the kernel as it is now: the chunks it names are
   * synced first (on disk), and only once it is written may their slots change again and the
   * older chunk generations go (shadow paging: src/chunks/stored-device.ts).
   */
  compact(): void {
    this.compactionRequested = false;
    const kernel = this.kernel();
    const snapshot = kernel.toSnapshot();
    if (this.memory === undefined) {
      const line = this.progress === undefined ? undefined : new ProgressLine(this.progress);
      try {
        kernel.chunks.sync((done, total) => line?.show(`saving: synced ${done} of ${total} chunks`));
      } catch (error) {
        line?.abandon(); // the error's own line follows
        throw error;
      }
      line?.finish();
    }
    const pins = pinsOf(kernel.chunks.host);
    pins.sync(); // pinned slots whose syncs are still running: done before the snapshot names them
    this.store.compact(snapshot);
    kernel.chunks.committed();
    pins.committed();
    this.folders.keepOnly(kernel.chunks.host);
    this.records = 0;
    this.snapshotHolds = true;
  }

  /** Compacts a state directory's journal (a clean exit); in memory there is nothing to keep. */
  close(): void {
    if (this.memory === undefined && !this.snapshotHolds) this.compact(); // a run that journaled nothing leaves the snapshot as it is
  }
}

/** A kernel from a snapshot, its chunks in `chunkHost`; content the kernel refuses (a bad rule glob, a duplicate uid) is a StateFileError. */
function restoreKernel(snapshot: KernelSnapshot, sealKey: Uint8Array, path: string, chunkHost: ChunkHost, chunkSource?: ChunkSource): Kernel {
  try {
    return Kernel.fromSnapshot(snapshot, { sealKey, subsystems: SUBSYSTEMS, chunkHost, chunkSource });
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
  if (snapshot === undefined) fail("ENOENT", notFoundText("load", file, "read"));
  const chunks = snapshot.chunks;
  const source = chunks === undefined || Object.keys(chunks.devices).length === 0 ? undefined : chunkSourceOf(file, chunks);
  return asLoadError(() => restoreKernel(snapshot, sealKey(), file, chunkHost, source));
}

/** The kernel's snapshot for `save <file>`, its chunk bytes in a bundle beside the file (chunk-bundle.ts). */
export function snapshotWithBundle(kernel: Kernel, file: string): KernelSnapshot {
  const snapshot = kernel.toSnapshot();
  return kernel.chunks.chunkCount() === 0 ? snapshot : { ...snapshot, chunks: writeBundle(kernel.chunks, file) };
}

function asLoadError<T>(op: () => T): T {
  try {
    return op();
  } catch (error) {
    if (error instanceof StateFileError) fail("EINVAL", `cannot load ${error.path}: ${error.problem}`);
    throw error;
  }
}

const mib = (bytes: number): number => Math.round(bytes / 1024 ** 2);
