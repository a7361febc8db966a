// The CRC-32 of each slot of a device (stored-device.ts), and whether it is known yet. A chunk's
// CRC-32 is taken when its slot is synced (or verified, or saved), not on every write: as ZFS and
// btrfs checksum data when it is written out, not at write(2). Checksumming runs at ~5 GB/s, a
// copy at 10-25: taken per write it was most of a write's cost. Until then the slot is `PENDING`:
// its bytes are the ones this kernel just wrote, read back unchecked (a crash drops live slots
// anyway: the journal replays onto committed ones), and a write to it that failed half way leaves
// it `TORN`, failing reads until it is written whole again.

import { fail } from "../errors.js";
import { crc32 } from "./crc.js";
import { grown } from "./slot-tables.js";
import type { SlotStore } from "./slot-files.js";

export const CHECKED = 0; // by slot: crc[slot] is the CRC-32 of its stored bytes
export const PENDING = 1; // written since: its CRC is taken at the next sync, verify or save
export const TORN = 2; // a write to it failed part way: its bytes are unknown until written whole

export class SlotChecksums {
  crc = new Uint32Array(0); // by slot
  state = new Uint8Array(0); // by slot: CHECKED, PENDING or TORN
  private scratch: Uint8Array | undefined; // one chunk, for taking a pending slot's CRC

  constructor(
    private readonly slots: SlotStore,
    private readonly chunkSize: number,
  ) {}

  /** Room for `length` slots. */
  grow(length: number): void {
    this.crc = grown(this.crc, new Uint32Array(length));
    this.state = grown(this.state, new Uint8Array(length));
  }

  /** Takes a pending slot's CRC from its stored bytes (a torn one's never matches them). */
  take(slot: number): void {
    if (this.state[slot] === CHECKED) return;
    const bytes = (this.scratch ??= new Uint8Array(this.chunkSize));
    this.ofRead(slot, bytes, this.slots.readWhole(slot, bytes, 0));
  }

  /** Whether the slot's stored bytes match its CRC (a pending slot's is taken from this one read). */
  verify(slot: number): boolean {
    if (this.state[slot] === TORN) return false;
    const bytes = (this.scratch ??= new Uint8Array(this.chunkSize));
    const got = this.slots.readWhole(slot, bytes, 0);
    return this.ofRead(slot, bytes, got) === this.crc[slot] && got === this.chunkSize;
  }

  /** The CRC-32 of the `got` bytes just read from `slot` into `bytes`; a slot not yet checked takes its CRC from them. */
  private ofRead(slot: number, bytes: Uint8Array, got: number): number {
    const crc = crc32(bytes.subarray(0, got));
    const state = this.state[slot]!;
    if (state !== CHECKED) {
      this.crc[slot] = state === TORN || got !== this.chunkSize ? ~crc >>> 0 : crc; // torn: reads fail after a restart too
      this.state[slot] = CHECKED;
    }
    return crc;
  }

  /** Reads the slot's whole chunk into `out` at `at`, failing with EIO (named by `describe`) if it is torn, short or does not match its CRC. */
  readChecked(slot: number, out: Uint8Array, at: number, describe: () => string): void {
    if (this.state[slot] === TORN) fail("EIO", `${describe()}: stored chunk is torn (a write to it failed)`);
    const got = this.slots.readWhole(slot, out, at);
    if (got !== this.chunkSize) fail("EIO", `${describe()}: stored chunk is ${got === 0 ? "missing" : `torn (${got} of ${this.chunkSize} bytes)`}`);
    if (this.state[slot] === CHECKED && crc32(out.subarray(at, at + this.chunkSize)) !== this.crc[slot]) fail("EIO", `${describe()}: stored bytes do not match their checksum`);
  }

  /** Whether in-memory `bytes` of the slot would fail a checked read. */
  failsCheck(slot: number, bytes: Uint8Array): boolean {
    return this.state[slot] === TORN || bytes.length !== this.chunkSize || (this.state[slot] === CHECKED && crc32(bytes) !== this.crc[slot]);
  }
}
