// Where a device's chunk slots keep their bytes: one file per slot under the device's folder
// (<state>/chunks/sds/sds1/17.chunk, so `ls | wc -l` counts what a node holds, as the seed's
// Day-5 check does), or a map in memory for kernels with no folder (unit tests). A slot's file
// is always whole: written once whole when the slot is taken, changed in place after. A chunk
// first written in part is a sparse file: the bytes written, and a hole (zeros) for the rest.

import * as fs from "node:fs";
import * as path from "node:path";
import { fail } from "../errors.js";
import { fsyncPath } from "../persistence/fsync.js";
import { syncAll, startSyncs } from "../persistence/parallel-sync.js";
import { unfilledBytes } from "./bytes.js";

export interface SlotStore {
  /**
   * Replaces the slot's bytes with `data` (exactly one chunk). `nonZero` [start, end): where the
   * only bytes that are not zeros may be (a chunk's first small write), so only those are written.
   */
  writeWhole(slot: number, data: Uint8Array, nonZero?: readonly [number, number]): void;
  /** Changes bytes of a slot already written whole. */
  writeAt(slot: number, inner: number, data: Uint8Array): void;
  /** Reads the slot's whole chunk into `out` at `at`; returns the bytes found (fewer: a torn or missing file). */
  readWhole(slot: number, out: Uint8Array, at: number): number;
  /** Reads `length` bytes from byte `inner` of the slot into `out` at `at`; returns the bytes found (fewer: a torn or missing file). */
  readAt(slot: number, inner: number, length: number, out: Uint8Array, at: number): number;
  /** The slot's bytes where they are kept, when that is memory (a copy can take them from there, unread); undefined: read them. Never to be changed. */
  inPlace(slot: number): Uint8Array | undefined;
  /** Where people find the slot's bytes (a file's path; in memory, a name). */
  where(slot: number): string;
  /** The bytes the slot holds now (a file cut short holds fewer); -1 when it holds none (its file is missing). */
  length(slot: number): number;
  remove(slot: number): void;
  /** Makes the slots' bytes (and the folder's entries) durable; `synced` hears of each slot done. */
  sync(slots: Iterable<number>, synced?: () => void): void;
  /** Starts making the slots durable and returns at once; the function returned waits until they are (or throws why not). */
  startSync(slots: readonly number[]): () => void;
  /** The slots that hold bytes (files left by an earlier run included). */
  present(): number[];
}

const SUFFIX = ".chunk";
const FILE_MODE = 0o600;
const SYNC_BATCH_FILES = 256; // files synced together between two progress reports

export class FileSlots implements SlotStore {
  private made = false;

  constructor(
    readonly folder: string,
    private readonly chunkSize: number,
  ) {}

  private file(slot: number): string {
    return path.join(this.folder, `${slot}${SUFFIX}`);
  }

  writeWhole(slot: number, data: Uint8Array, nonZero?: readonly [number, number]): void {
    if (!this.made) {
      fs.mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      this.made = true;
    }
    const fd = fs.openSync(this.file(slot), "w", FILE_MODE);
    try {
      if (nonZero === undefined) writeAll(fd, data, 0);
      else {
        // A 64 KiB write into a new 1 MiB distributed chunk writes 64 KiB, not the 1 MiB (of two or three copies) that made page-cache writeback throttle long scripts.
        writeAll(fd, data.subarray(nonZero[0], nonZero[1]), nonZero[0]);
        fs.ftruncateSync(fd, data.length);
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  writeAt(slot: number, inner: number, data: Uint8Array): void {
    const fd = fs.openSync(this.file(slot), "r+");
    try {
      writeAll(fd, data, inner);
    } finally {
      fs.closeSync(fd);
    }
  }

  readWhole(slot: number, out: Uint8Array, at: number): number {
    return this.readAt(slot, 0, this.chunkSize, out, at);
  }

  readAt(slot: number, inner: number, length: number, out: Uint8Array, at: number): number {
    let fd: number;
    try {
      fd = fs.openSync(this.file(slot), "r");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw error;
    }
    try {
      let got = 0;
      while (got < length) {
        const n = fs.readSync(fd, out, at + got, length - got, inner + got);
        if (n === 0) break;
        got += n;
      }
      return got;
    } finally {
      fs.closeSync(fd);
    }
  }

  inPlace(): undefined {
    return undefined; // the bytes are in a file
  }

  where(slot: number): string {
    return this.file(slot);
  }

  length(slot: number): number {
    try {
      return fs.statSync(this.file(slot)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return -1;
      throw error;
    }
  }

  remove(slot: number): void {
    fs.rmSync(this.file(slot), { force: true });
  }

  sync(slots: Iterable<number>, synced?: () => void): void {
    const paths = Array.from(slots, (slot) => this.file(slot));
    for (let first = 0; first < paths.length; first += SYNC_BATCH_FILES) {
      const batch = paths.slice(first, first + SYNC_BATCH_FILES);
      syncAll(batch); // together: one file-system commit covers many
      if (synced !== undefined) for (let i = 0; i < batch.length; i++) synced();
    }
    if (paths.length > 0) fsyncPath(this.folder); // the new files' entries
  }

  startSync(slots: readonly number[]): () => void {
    return startSyncs(slots.length === 0 ? [] : [...slots.map((slot) => this.file(slot)), this.folder]); // the folder too, for the new files' entries, at the same time
  }

  present(): number[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const slots: number[] = [];
    for (const name of names) {
      if (!name.endsWith(SUFFIX)) continue;
      const slot = Number(name.slice(0, -SUFFIX.length));
      if (Number.isSafeInteger(slot) && slot >= 0) slots.push(slot);
    }
    return slots;
  }
}

function writeAll(fd: number, data: Uint8Array, position: number): void {
  for (let done = 0; done < data.length; ) {
    const n = fs.writeSync(fd, data, done, data.length - done, position + done);
    if (n === 0) fail("EIO", "a chunk write wrote nothing");
    done += n;
  }
}

export class MemorySlots implements SlotStore {
  private readonly slots = new Map<number, Uint8Array>();

  writeWhole(slot: number, data: Uint8Array): void {
    const held = this.slots.get(slot);
    if (held !== undefined && held.length === data.length) held.set(data); // rewritten in place: no fresh (page-faulting) memory per write
    else {
      const bytes = unfilledBytes(data.length);
      bytes.set(data);
      this.slots.set(slot, bytes);
    }
  }

  writeAt(slot: number, inner: number, data: Uint8Array): void {
    this.slots.get(slot)!.set(data, inner);
  }

  readWhole(slot: number, out: Uint8Array, at: number): number {
    const bytes = this.slots.get(slot);
    if (bytes === undefined) return 0;
    out.set(bytes, at);
    return bytes.length;
  }

  readAt(slot: number, inner: number, length: number, out: Uint8Array, at: number): number {
    const bytes = this.slots.get(slot)?.subarray(inner, inner + length);
    if (bytes === undefined) return 0;
    out.set(bytes, at);
    return bytes.length;
  }

  inPlace(slot: number): Uint8Array | undefined {
    return this.slots.get(slot);
  }

  length(slot: number): number {
    return this.slots.get(slot)?.length ?? -1;
  }

  where(slot: number): string {
    return `slot ${slot} in memory`;
  }

  remove(slot: number): void {
    this.slots.delete(slot);
  }

  sync(): void {}

  startSync(): () => void {
    return () => {};
  }

  present(): number[] {
    return [...this.slots.keys()];
  }
}
