// One device's chunks as one kernel sees them: chunk id -> slot (a file), each slot with its
// CRC-32. Slots follow shadow paging (as LMDB and ZFS do): a slot the last committed snapshot
// names is never changed or reused before the next snapshot commits. Writing such a chunk takes
// a fresh slot; freeing it retires the slot until the commit. So replaying the journal over the
// last snapshot always finds the bytes that snapshot saw, whatever a crashed run wrote since.
// A slot a journal record names (`PINNED`: chunk-pins.ts) is kept the same way, as are those the
// journal being replayed names (reserved: retired from the start), so replay finds their bytes.
//
// A chunk's CRC-32 is taken when its slot is synced, not on every write (slot-checksums.ts).

import { assert } from "../assert.js";
import { fail } from "../errors.js";
import type { ChunkDevice } from "./chunk-device.js";
import type { ChunkHost } from "./chunk-host.js";
import { pinsOf, type ChunkPins, type PinTarget } from "./chunk-pins.js";
import { crc32, crc32Patch } from "./crc.js";
import { CHECKED, PENDING, SlotChecksums, TORN } from "./slot-checksums.js";
import { DirtySlots, grown, grownLength, slotsMax } from "./slot-tables.js";
import type { SlotStore } from "./slot-files.js";

const FREE = 0; // no chunk (a leftover file may still be there: `onDisk`)
const LIVE = 1; // written since the last commit: changed in place
const COMMITTED = 2; // named by the last committed snapshot: never changed
const RETIRED = 3; // committed or pinned, then freed (or named by the journal being replayed): not reused before the next commit
const PINNED = 4; // written since the last commit and named by a journal record (chunk-pins.ts): never changed, as if committed

const NO_SLOT = -1;

/** A device's chunks as saved: [id, slot, crc] for each chunk holding bytes, by id. */
export type SavedDevice = { readonly chunkSize: number; readonly idMax: number; readonly chunks: [number, number, number][] };

export class StoredDevice implements ChunkDevice, PinTarget {
  // Tables grow by doubling up to their fixed limits (ids to idMax, slots to slotsMax: every id
  // live, as many retired, and the pinned), so a device costs what it holds.
  private slotOf = new Int32Array(0); // by id
  private state = new Uint8Array(0); // by slot
  private readonly sums: SlotChecksums; // by slot: its CRC-32, and whether it is taken yet
  private onDisk = new Uint8Array(0); // by slot: a file (or memory) holds bytes for it
  private readonly dirty = new DirtySlots(); // written since the last sync
  private lowestFree = 0;
  private held = 0;
  private scanned = false; // leftover slot files looked for (scanLeftovers)
  private readonly slots: SlotStore;
  private readonly number: number;
  private readonly pins: ChunkPins;

  constructor(
    private readonly host: ChunkHost,
    readonly name: string,
    readonly chunkSize: number,
    readonly idMax: number,
  ) {
    ({ slots: this.slots, number: this.number } = host.slotsOf(name, chunkSize));
    this.sums = new SlotChecksums(this.slots, chunkSize);
    this.pins = pinsOf(host);
    this.pins.register(this);
  }

  private get slotMax(): number {
    return slotsMax(this.idMax, this.chunkSize);
  }

  /** Room for ids up to `id`. */
  private coverId(id: number): void {
    if (id < this.slotOf.length) return;
    const old = this.slotOf;
    this.slotOf = new Int32Array(grownLength(old.length, id, this.idMax + 1)).fill(NO_SLOT);
    this.slotOf.set(old);
  }

  /** Room for slots up to `slot`, and the slot files an earlier run left noted as on disk. */
  private coverSlot(slot: number): void {
    if (slot < this.state.length) return;
    const length = grownLength(this.state.length, slot, this.slotMax);
    this.state = grown(this.state, new Uint8Array(length));
    this.sums.grow(length);
    this.onDisk = grown(this.onDisk, new Uint8Array(length));
    this.dirty.grow(length);
  }

  /**
   * Notes the slot files an earlier run left (a crashed one's), so the commit removes those no
   * chunk names; once, at the first commit, not at start-up (a folder of thousands of files).
   */
  private scanLeftovers(): void {
    this.scanned = true;
    for (const found of this.slots.present()) {
      if (found >= this.slotMax) {
        this.slots.remove(found); // no snapshot of this device can name it
        continue;
      }
      this.coverSlot(found);
      this.onDisk[found] = 1;
    }
  }

  private checkId(id: number): void {
    if (!(Number.isInteger(id) && id >= 0 && id <= this.idMax)) assert(false, `chunk id ${id} of ${this.name} is 0..${this.idMax}`);
  }

  holds(id: number): boolean {
    this.checkId(id); // past idMax, slotOf[id] is undefined, which is not NO_SLOT: it would say "held"
    return id < this.slotOf.length && this.slotOf[id]! !== NO_SLOT;
  }

  count(): number {
    return this.held;
  }

  private takeSlot(): number {
    let slot = this.lowestFree;
    while (slot < this.state.length && this.state[slot] !== FREE) slot++;
    assert(slot < this.slotMax, "a free slot exists: live and retired slots are at most twice the ids, plus the pinned ones");
    this.coverSlot(slot);
    this.state[slot] = LIVE;
    this.lowestFree = slot + 1;
    return slot;
  }

  private writeWhole(slot: number, data: Uint8Array, nonZero?: readonly [number, number]): void {
    this.host.forget(this.number, slot);
    this.onDisk[slot] = 1; // first: a write that fails half-way may leave a file, which the commit removes
    this.sums.state[slot] = TORN; // until the write is whole
    this.slots.writeWhole(slot, data, nonZero);
    this.sums.state[slot] = PENDING;
    this.dirty.mark(slot);
  }

  /** The slot's whole chunk, checked against its CRC (from the cache, or read and kept there). */
  private load(slot: number, describe: () => string): Uint8Array {
    const cached = this.host.cached(this.number, slot);
    if (cached !== undefined) return cached;
    const bytes = new Uint8Array(this.chunkSize);
    this.sums.readChecked(slot, bytes, 0, describe);
    this.host.keep(this.number, slot, bytes);
    return bytes;
  }

  private describe(id: number): string {
    return `chunk ${id} on ${this.name}`;
  }

  write(id: number, inner: number, data: Uint8Array): void {
    this.checkId(id);
    assert(inner >= 0 && inner + data.length <= this.chunkSize, "a write stays inside its chunk");
    this.coverId(id);
    const whole = inner === 0 && data.length === this.chunkSize;
    const slot = this.slotOf[id]!;
    if (slot !== NO_SLOT && this.state[slot] === LIVE && (whole ? this.sums.state[slot] !== TORN : this.sums.state[slot] === PENDING)) {
      try {
        this.writeInPlace(slot, inner, data); // no CRC to keep up: nothing to read first; a whole file is not truncated and refilled
      } catch (error) {
        if (!whole || (error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        this.writeWhole(slot, data); // its file was deleted behind the store's back (a scrub repairing it): a whole chunk makes it anew
      }
      this.noteWrite(slot, inner, data);
      return;
    }
    if (slot !== NO_SLOT && this.state[slot] === LIVE && !whole && this.sums.state[slot] === CHECKED) {
      const bytes = this.load(slot, () => this.describe(id));
      const crc = crc32Patch(this.sums.crc[slot]!, bytes.subarray(inner, inner + data.length), data, this.chunkSize - inner - data.length); // not the whole chunk again per small write
      try {
        this.slots.writeAt(slot, inner, data);
      } catch (error) {
        this.host.forget(this.number, slot); // the file may hold part of it: read it back, checked, rather than trust either
        throw error;
      }
      bytes.set(data, inner);
      this.sums.crc[slot] = crc;
      this.dirty.mark(slot);
      this.noteWrite(slot, inner, data);
      return;
    }
    let chunk = data;
    if (!whole) {
      chunk = slot === NO_SLOT ? new Uint8Array(this.chunkSize) : this.load(slot, () => this.describe(id)).slice();
      chunk.set(data, inner);
    }
    const target = slot !== NO_SLOT && this.state[slot] === LIVE ? slot : this.takeSlot();
    try {
      this.writeWhole(target, chunk, slot === NO_SLOT && !whole ? [inner, inner + data.length] : undefined);
    } catch (error) {
      if (target !== slot) this.release(target); // a slot taken for a write that failed (a full disk) goes back, not leaked
      throw error;
    }
    if (!whole) this.host.keep(this.number, target, chunk);
    if (slot === NO_SLOT) this.held++;
    else if (target !== slot) this.release(slot);
    this.slotOf[id] = target;
    this.noteWrite(target, inner, data);
  }

  /** Tells a watching journal what `slot` now holds (chunk-pins.ts). */
  private noteWrite(slot: number, inner: number, data: Uint8Array): void {
    if (this.pins.watching) this.pins.wrote(this, slot, inner, data);
  }

  /** Changes bytes of a live slot (whole, or pending) in place, and in its cached copy; its CRC is taken at the sync. */
  private writeInPlace(slot: number, inner: number, data: Uint8Array): void {
    try {
      this.slots.writeAt(slot, inner, data);
    } catch (error) {
      this.host.forget(this.number, slot);
      this.sums.state[slot] = TORN; // the file may hold part of it
      throw error;
    }
    this.host.cached(this.number, slot)?.set(data, inner);
    this.sums.state[slot] = PENDING;
    this.dirty.mark(slot);
  }

  read(id: number, inner: number, length: number, out: Uint8Array, at: number): void {
    this.checkId(id);
    assert(inner >= 0 && inner + length <= this.chunkSize, "a read stays inside its chunk");
    const slot = this.holds(id) ? this.slotOf[id]! : NO_SLOT;
    if (slot === NO_SLOT) {
      out.fill(0, at, at + length);
      return;
    }
    const cached = this.host.cached(this.number, slot);
    if (cached === undefined && inner === 0 && length === this.chunkSize) {
      this.sums.readChecked(slot, out, at, () => this.describe(id)); // a whole chunk goes straight to the reader, past the cache
      return;
    }
    const bytes = cached ?? this.load(slot, () => this.describe(id));
    out.set(bytes.subarray(inner, inner + length), at);
  }

  /** The whole chunk `id` holds (zeros if none), checked: for copies to another device. */
  wholeChunk(id: number): Uint8Array {
    const out = new Uint8Array(this.chunkSize);
    this.read(id, 0, this.chunkSize, out, 0);
    return out;
  }

  copy(source: ChunkDevice, from: number, to: number, through?: Uint8Array): void {
    assert(source instanceof StoredDevice && source.chunkSize === this.chunkSize, "chunks copy between devices of one store and one size");
    assert(through === undefined || through.length === this.chunkSize, "a chunk copies through one chunk");
    if (!source.holds(from)) {
      this.free(to);
      return;
    }
    let bytes = source.inMemory(from);
    if (bytes === undefined) {
      bytes = through ?? new Uint8Array(this.chunkSize);
      source.read(from, 0, this.chunkSize, bytes, 0); // every byte is written: the buffer's old bytes never show
    }
    this.write(to, 0, bytes); // the target keeps its own copy: one memory copy when the source is in memory
  }

  /**
   * Chunk `id`'s whole bytes where they already are in memory (the cache, or memory slots), checked
   * as a read checks them; undefined when they must be read (a file not cached). Never to be changed.
   */
  private inMemory(id: number): Uint8Array | undefined {
    const slot = this.slotOf[id]!;
    const cached = this.host.cached(this.number, slot);
    if (cached !== undefined) return cached; // cached chunks were checked when read in
    const bytes = this.slots.inPlace(slot);
    if (bytes === undefined) return undefined;
    if (this.sums.failsCheck(slot, bytes)) {
      this.sums.readChecked(slot, new Uint8Array(this.chunkSize), 0, () => this.describe(id)); // fails with the read's own EIO message
    }
    return bytes;
  }

  free(id: number): void {
    this.checkId(id);
    if (!this.holds(id)) return;
    this.release(this.slotOf[id]!);
    this.slotOf[id] = NO_SLOT;
    this.held--;
  }

  private release(slot: number): void {
    this.host.forget(this.number, slot);
    if (this.pins.watching) this.pins.released(this, slot);
    if (this.state[slot] === COMMITTED || this.state[slot] === PINNED) {
      this.state[slot] = RETIRED;
      return;
    }
    this.state[slot] = FREE; // still listed as dirty if it was: syncing it costs a little, harms nothing
    this.lowestFree = Math.min(this.lowestFree, slot);
  }

  stored(id: number): { where: string; bytes: number; torn: boolean } | undefined {
    if (!this.holds(id)) return undefined;
    const slot = this.slotOf[id]!;
    return { where: this.slots.where(slot), bytes: this.slots.length(slot), torn: this.sums.state[slot] === TORN };
  }

  verify(id: number): boolean {
    this.checkId(id);
    if (!this.holds(id)) return true;
    return this.sums.verify(this.slotOf[id]!); // a pending slot has nothing to fail yet: its CRC is taken from this one read
  }

  /** The slots written since the last sync that hold chunks (pinned ones not yet synced with their records included). */
  private unsyncedSlots(): number[] {
    return [...this.dirty.slots()].filter((slot) => this.state[slot] === LIVE || this.state[slot] === PINNED);
  }

  /** Chunks written since the last sync. */
  unsynced(): number {
    return this.unsyncedSlots().length;
  }

  /** Makes every chunk written since the last sync durable (before a snapshot names them); `synced` hears of each. A failed sync keeps them listed. */
  sync(synced?: () => void): void {
    const slots = this.unsyncedSlots();
    for (const slot of slots) this.sums.take(slot);
    this.slots.sync(slots, synced);
    this.dirty.reset();
  }

  /** The snapshot naming the current chunks is durable: they become immutable, retired slots free, leftover files go. */
  committed(): void {
    if (!this.scanned) this.scanLeftovers();
    for (let slot = 0; slot < this.state.length; slot++) {
      const state = this.state[slot]!;
      if (state === LIVE || state === PINNED) {
        this.sums.take(slot); // synced before the snapshot, so taken already: a snapshot names only checked slots
        this.state[slot] = COMMITTED;
      }
      else if (state === RETIRED) this.state[slot] = FREE;
      if (this.state[slot] === FREE && this.onDisk[slot] === 1) {
        this.slots.remove(slot);
        this.onDisk[slot] = 0;
      }
    }
    this.lowestFree = 0;
  }

  // PinTarget: slots a journal record names (chunk-pins.ts).

  pinnable(slot: number): boolean {
    return slot < this.state.length && this.state[slot] === LIVE && this.sums.state[slot] !== TORN;
  }

  pin(slot: number, crc: number | undefined): void {
    if (this.state[slot] === PINNED) return; // named twice by one record: pinned once
    assert(this.pinnable(slot), `slot ${slot} of ${this.name} holds bytes written since the last commit`);
    this.state[slot] = PINNED;
    if (crc !== undefined) [this.sums.crc[slot], this.sums.state[slot]] = [crc, CHECKED]; // the whole chunk's, taken from the bytes written: no read back at the commit
  }

  reserve(slot: number): void {
    if (slot >= this.slotMax) return; // no record of this device names it (the MAC said so): nothing to keep
    this.coverSlot(slot);
    if (this.state[slot] !== FREE) return; // committed already: kept anyway
    this.state[slot] = RETIRED;
    this.onDisk[slot] = 1; // its file goes at the commit
  }

  syncPinned(slots: readonly number[]): () => void {
    for (const slot of slots) this.dirty.clear(slot); // the snapshot's sync passes over it (and waits for this one first)
    return this.slots.startSync(slots);
  }

  toJSON(): SavedDevice {
    const chunks: [number, number, number][] = [];
    for (let id = 0; id < this.slotOf.length; id++) {
      const slot = this.slotOf[id]!;
      if (slot === NO_SLOT) continue;
      this.sums.take(slot);
      chunks.push([id, slot, this.sums.crc[slot]!]);
    }
    return { chunkSize: this.chunkSize, idMax: this.idMax, chunks };
  }

  /** The chunks of a committed snapshot (their slots immutable until the next commit). */
  restore(saved: SavedDevice): void {
    for (const [id, slot, crc] of saved.chunks) {
      if (id > this.idMax || slot >= this.slotMax) fail("EINVAL", `saved chunk ${id} of ${this.name} (slot ${slot}) is out of range`);
      this.coverId(id);
      this.coverSlot(slot);
      if (this.state[slot] !== FREE) fail("EINVAL", `saved slot ${slot} of ${this.name} holds two chunks`);
      if (this.slotOf[id] !== NO_SLOT) fail("EINVAL", `saved chunk ${id} of ${this.name} is listed twice`);
      this.slotOf[id] = slot;
      this.state[slot] = COMMITTED;
      this.sums.crc[slot] = crc;
      this.sums.state[slot] = CHECKED;
      this.held++;
    }
  }

  /** Writes the chunks of a snapshot file whose bytes come from `source` (its bundle) as chunks of this device. */
  import(saved: SavedDevice, source: (index: number) => Uint8Array): void {
    for (const [id, index, crc] of saved.chunks) {
      if (id > this.idMax) fail("EINVAL", `saved chunk ${id} of ${this.name} is out of range`); // the file's word, not an assertion
      if (this.holds(id)) fail("EINVAL", `saved chunk ${id} of ${this.name} is listed twice`);
      const bytes = source(index);
      if (bytes.length !== this.chunkSize || crc32(bytes) !== crc) fail("EINVAL", `chunk ${id} of ${this.name} does not match its checksum in the snapshot's bytes`);
      this.write(id, 0, bytes);
      const slot = this.slotOf[id]!;
      [this.sums.crc[slot], this.sums.state[slot]] = [crc, CHECKED]; // just checked against the snapshot's CRC: no need to take it again
    }
  }
}
