// Chunk slots a journal record names instead of carrying the bytes (a write-ahead log that points
// at its data, as ZFS's ZIL does for large writes). A `vol write --file` writes its bytes to chunk
// slots anyway; with a state directory the session watches those writes (`watch`), and after the
// command `take` finds slots that together hold every byte it read, one copy of each: the record
// names them, with a CRC-32 of each piece, and they are pinned: never changed or reused before the
// next snapshot commits (shadow paging, as for committed slots: stored-device.ts). Before the
// record's sync acknowledges the command, `sync` makes the pinned slots durable, all together
// (parallel-sync.ts); the other copies are derived data, synced when the snapshot is written, as
// before. Replay reads the named pieces back (`readPinned`, each checked against its CRC) and
// reserves every slot the journal names first (`reserve`), so replayed writes never take one.
//
// Pins are kept per chunk host (one folder generation), shared by every kernel built over it: a
// rollback's kernel reserves what the one before pinned. Typical sequence: watch(bytes); the
// command writes; take(bytes) -> refs for its record; sync() before the record's sync; committed()
// once a snapshot holds everything.

import { assert } from "../assert.js";
import type { ChunkHost } from "./chunk-host.js";
import { crc32 } from "./crc.js";
import { warmSync } from "../persistence/parallel-sync.js";

/** What a record names: each device once ([name, chunk size]), then the pieces in payload order: [device, slot, inner, length, crc]. */
export type ChunkRefs = { readonly devices: [string, number][]; readonly pieces: [number, number, number, number, number][] };

/** What a device offers its pins (stored-device.ts). */
export interface PinTarget {
  readonly name: string;
  readonly chunkSize: number;
  /** Whether `slot` holds whole bytes written since the last commit (a torn or committed one cannot be named). */
  pinnable(slot: number): boolean;
  /** The slot keeps its bytes until the next commit; `crc`: the whole chunk's, when known. */
  pin(slot: number, crc: number | undefined): void;
  /** A slot a journal record names: not taken before the next commit. */
  reserve(slot: number): void;
  /** Starts making pinned slots durable; the function returned waits until they are. */
  syncPinned(slots: readonly number[]): () => void;
}

interface Piece {
  readonly device: PinTarget;
  readonly slot: number;
  readonly inner: number;
  readonly data: Uint8Array;
  alive: boolean;
}

export class ChunkPins {
  private watched: Uint8Array | undefined;
  private pieces: Piece[] = [];
  private readonly latest = new Map<PinTarget, Map<number, Piece>>(); // the last piece written to each slot
  private readonly devices = new Map<string, PinTarget>(); // the newest device of each name
  private reserved = new Map<string, number[]>();
  private syncing: (() => void)[] = []; // waits for the pinned slots' syncs, started as they were pinned
  private failure: unknown; // a pinned slot's sync failed: every sync fails until a rebuild reserves what the journal still names
  /** Slot bytes pinned or reserved since the last commit: past a bound the session compacts. */
  pinnedBytes = 0;
  /** Slot bytes pinned and not yet synced. */
  unsyncedBytes = 0;

  /** A device of this host: the slots the journal names are reserved on it at once. */
  register(device: PinTarget): void {
    this.devices.set(device.name, device);
    for (const slot of this.reserved.get(device.name) ?? []) device.reserve(slot);
  }

  /** From now until `take`, writes of views of `bytes` are noted. */
  watch(bytes: Uint8Array): void {
    warmSync(); // its thread starts while the command writes
    this.watched = bytes;
    this.pieces = [];
    this.latest.clear();
  }

  get watching(): boolean {
    return this.watched !== undefined;
  }

  /** `device` wrote `data` at `inner` of `slot`: a piece of the watched bytes, or bytes over one noted before. */
  wrote(device: PinTarget, slot: number, inner: number, data: Uint8Array): void {
    const slots = this.latest.get(device) ?? new Map<number, Piece>();
    this.latest.set(device, slots);
    const before = slots.get(slot);
    if (before !== undefined && inner < before.inner + before.data.length && before.inner < inner + data.length) before.alive = false;
    if (data.buffer !== this.watched!.buffer || data.length === 0) return;
    const piece = { device, slot, inner, data, alive: true };
    this.pieces.push(piece);
    slots.set(slot, piece);
  }

  /** `device` let `slot` go (freed, or moved): what was noted in it may be overwritten. */
  released(device: PinTarget, slot: number): void {
    const piece = this.latest.get(device)?.get(slot);
    if (piece !== undefined) piece.alive = false;
  }

  /**
   * Ends the watch: slots holding every byte of `bytes` (the ones watched), pinned, as a record
   * names them; undefined when the writes did not cover them (the record carries the bytes).
   * Their syncs start at once, on other threads, while the CRCs are taken here.
   */
  take(bytes: Uint8Array): ChunkRefs | undefined {
    const pieces = this.watched === bytes ? this.covering(bytes) : undefined;
    this.watched = undefined;
    this.pieces = [];
    this.latest.clear();
    if (pieces === undefined) return undefined;
    const devices: PinTarget[] = [];
    const slots: number[][] = [];
    const indexes = pieces.map((piece) => {
      let index = devices.indexOf(piece.device);
      if (index < 0) index = devices.push(piece.device) - 1;
      (slots[index] ??= []).push(piece.slot);
      return index;
    });
    for (const [index, device] of devices.entries()) this.syncing.push(device.syncPinned(slots[index]!));
    const rows = pieces.map((piece, i): [number, number, number, number, number] => {
      const crc = crc32(piece.data);
      piece.device.pin(piece.slot, piece.inner === 0 && piece.data.length === piece.device.chunkSize ? crc : undefined);
      this.pinnedBytes += piece.device.chunkSize;
      this.unsyncedBytes += piece.device.chunkSize;
      return [indexes[i]!, piece.slot, piece.inner, piece.data.length, crc];
    });
    return { devices: devices.map((device) => [device.name, device.chunkSize]), pieces: rows };
  }

  /** Live pieces that hold `bytes` end to end, one for each range (the first written), or undefined. */
  private covering(bytes: Uint8Array): Piece[] | undefined {
    const at = (piece: Piece) => piece.data.byteOffset - bytes.byteOffset;
    const alive = this.pieces.filter((piece) => piece.alive && at(piece) >= 0 && at(piece) + piece.data.length <= bytes.length && piece.device.pinnable(piece.slot));
    alive.sort((a, b) => at(a) - at(b)); // stable: the first written of equal offsets first
    const chosen: Piece[] = [];
    let next = 0;
    for (const piece of alive) {
      if (at(piece) !== next) continue; // another copy of a range taken, or a gap (then nothing covers `next`)
      chosen.push(piece);
      next += piece.data.length;
    }
    return next === bytes.length ? chosen : undefined;
  }

  /** Waits until every slot pinned since the last sync is durable; throws the first failure, once all are done. Whatever happens, they are no longer listed: a failed sync undoes their records. */
  sync(): void {
    const syncing = this.syncing;
    this.syncing = [];
    this.unsyncedBytes = 0;
    for (const wait of syncing) {
      try {
        wait();
      } catch (error) {
        this.failure ??= error; // kept: the records naming those slots must never be synced after it
      }
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** The slots journal records name (read back at replay): reserved on their devices, now and when made. */
  reserve(refs: readonly ChunkRefs[]): void {
    this.failure = undefined; // the journal replayed is the durable one
    this.reserved = new Map();
    this.pinnedBytes = 0;
    for (const { devices, pieces } of refs) {
      for (const [index, slot] of pieces) {
        const [name, chunkSize] = devices[index]!;
        const list = this.reserved.get(name) ?? [];
        list.push(slot);
        this.reserved.set(name, list);
        this.pinnedBytes += chunkSize;
        this.devices.get(name)?.reserve(slot);
      }
    }
  }

  /** A snapshot holds everything (its writer waited for `sync` first): no record names a slot any more. */
  committed(): void {
    assert(this.syncing.length === 0, "pinned slots are synced before the snapshot that holds them");
    this.reserved = new Map();
    this.pinnedBytes = this.unsyncedBytes = 0;
  }
}

const pinsByHost = new WeakMap<ChunkHost, ChunkPins>();

/** The pins of the chunk host `host`. */
export function pinsOf(host: ChunkHost): ChunkPins {
  let pins = pinsByHost.get(host);
  if (pins === undefined) {
    pins = new ChunkPins();
    pinsByHost.set(host, pins);
  }
  return pins;
}

/** Where a piece read back for replay went wrong, for the caller to name its record. */
export class PinnedPieceError extends Error {}

/**
 * The bytes a record's `refs` name, read back from their slots in `host`, each piece checked
 * against its CRC; a piece missing, short or changed is a PinnedPieceError naming its file and
 * the payload bytes it held.
 */
/** The number of payload bytes `refs` names. */
export function pinnedLength(refs: ChunkRefs): number {
  let total = 0;
  for (const piece of refs.pieces) total += piece[3];
  return total;
}

/** Reads back the payload `refs` names, each piece checked against its CRC; `checked(bytes)` after each piece that was. */
export function readPinned(host: ChunkHost, refs: ChunkRefs, checked?: (bytes: number) => void): Uint8Array {
  const out = new Uint8Array(pinnedLength(refs));
  let at = 0;
  for (const [index, slot, inner, length, crc] of refs.pieces) {
    const [name, chunkSize] = refs.devices[index]!;
    const { slots } = host.slotsOf(name, chunkSize);
    const got = slots.readAt(slot, inner, length, out, at);
    const range = `bytes ${at}..${at + length - 1} of its payload (${slots.where(slot)})`;
    if (got !== length) throw new PinnedPieceError(`${range} ${got === 0 ? "are missing" : `are torn (${got} of ${length})`}`);
    if (crc32(out.subarray(at, at + length)) !== crc) throw new PinnedPieceError(`${range} do not match their checksum`);
    at += length;
    checked?.(length);
  }
  return out;
}
