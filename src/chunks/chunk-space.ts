// The chunk devices of one kernel, saved with its snapshot (each device's id -> slot and
// checksums: metadata, a few bytes a chunk; the bytes stay in the slots) and committed with it:
// `sync` before the snapshot is written, `committed` once it is (stored-device.ts says why).

import * as v from "valibot";
import { fail } from "../errors.js";
import { amount, hash, int, object } from "../persistence/schema-parts.js";
import type { ChunkDevice, ChunkDevices } from "./chunk-device.js";
import type { ChunkHost } from "./chunk-host.js";
import { StoredDevice, type SavedDevice } from "./stored-device.js";
import { CHUNK_DEVICE_MAX, CHUNK_DEVICE_IDS_MAX } from "../limits.js";

/**
 * `folder`: the generation the slots are in (chunk-folders.ts); `devices`: each device's chunks;
 * `bundle`: in a snapshot file, the length and SHA-256 of the bytes beside it (chunk-bundle.ts),
 * where each chunk's "slot" is its place in the bundle.
 */
export type SavedChunkSpace = { readonly folder: string; readonly devices: Record<string, SavedDevice>; readonly bundle?: { readonly bytes: number; readonly sha256: string } };

export const DEVICE_NAME = /^[a-z]+\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

const ROW_LIMITS = [CHUNK_DEVICE_IDS_MAX, 2 * CHUNK_DEVICE_IDS_MAX + 1, 0xffffffff] as const; // id, slot, crc
const ROWS = `a list of at most ${CHUNK_DEVICE_IDS_MAX + 1} [id 0..${ROW_LIMITS[0]}, slot 0..${ROW_LIMITS[1]}, CRC-32] (CHUNK_DEVICE_IDS_MAX)`;

/** One loop over a device's rows: thousands of them, checked at every start (a schema per row costs more than the rest of state.json). */
const CHUNK_ROWS = v.pipe(
  v.array(v.unknown(), ROWS),
  v.maxLength(CHUNK_DEVICE_IDS_MAX + 1, ROWS),
  v.check((rows) => rows.every((row) => Array.isArray(row) && row.length === 3 && row.every((n, i) => Number.isInteger(n) && n >= 0 && n <= ROW_LIMITS[i]!)), ROWS),
) as unknown as v.GenericSchema<[number, number, number][]>;

const DEVICES_SCHEMA = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(DEVICE_NAME, "a device name such as sds/sds1")),
    object({
      chunkSize: int(1, 2 ** 30, "a chunk size"),
      idMax: int(0, CHUNK_DEVICE_IDS_MAX, "the highest chunk id"),
      chunks: CHUNK_ROWS,
    }),
  ),
  v.check((devices) => Object.keys(devices).length <= CHUNK_DEVICE_MAX, `at most ${CHUNK_DEVICE_MAX} devices (CHUNK_DEVICE_MAX)`),
);

export const SAVED_CHUNK_SPACE_SCHEMA = object({
  folder: v.pipe(v.string(), v.regex(/^chunks(\.\d+)?$/, "a chunk folder such as chunks.2")),
  devices: DEVICES_SCHEMA,
  bundle: v.optional(object({ bytes: amount, sha256: hash })),
});

export class ChunkSpace implements ChunkDevices {
  private readonly devices = new Map<string, StoredDevice>();

  constructor(readonly host: ChunkHost) {}

  device(name: string, chunkSize: number, idMax: number): ChunkDevice {
    let device = this.devices.get(name);
    if (device === undefined) {
      if (!DEVICE_NAME.test(name)) fail("EINVAL", `chunk device name ${name} is not kind/name`);
      if (this.devices.size >= CHUNK_DEVICE_MAX) fail("ENOSPC", `no room for chunk device ${name}: ${CHUNK_DEVICE_MAX} in use (CHUNK_DEVICE_MAX)`);
      device = this.make(name, chunkSize, idMax);
    }
    if (device.chunkSize !== chunkSize || device.idMax !== idMax) fail("EINVAL", `chunk device ${name} has ${device.chunkSize}-byte chunks and ids to ${device.idMax}, not ${chunkSize} and ${idMax}`);
    return device;
  }

  /** Chunks held on every device (for status). */
  chunkCount(): number {
    let count = 0;
    for (const device of this.devices.values()) count += device.count();
    return count;
  }

  toJSON(): SavedChunkSpace {
    const devices: Record<string, SavedDevice> = {};
    for (const [name, device] of [...this.devices].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (device.count() > 0) devices[name] = device.toJSON();
    return { folder: this.host.generation, devices };
  }

  private make(name: string, chunkSize: number, idMax: number): StoredDevice {
    const device = new StoredDevice(this.host, name, chunkSize, idMax);
    this.devices.set(name, device);
    return device;
  }

  /**
   * The devices of a snapshot: its slots are in this space's host, or, for a snapshot file
   * (`save <file>`), `source` reads chunk `index` of a device from the file's bundle of bytes.
   */
  restore(saved: SavedChunkSpace, source?: (device: string, chunkSize: number, index: number) => Uint8Array): void {
    for (const [name, devices] of Object.entries(saved.devices)) {
      if (this.devices.has(name)) fail("EINVAL", `saved chunk device ${name} is listed twice`);
      const device = this.make(name, devices.chunkSize, devices.idMax);
      if (source === undefined) device.restore(devices);
      else device.import(devices, (index) => source(name, devices.chunkSize, index));
    }
  }

  /** Makes every chunk written since the last commit durable; `progress` hears of each chunk synced. */
  sync(progress?: (done: number, total: number) => void): void {
    let total = 0;
    for (const device of this.devices.values()) total += device.unsynced();
    let done = 0;
    for (const device of this.devices.values()) device.sync(() => progress?.(++done, total));
  }

  committed(): void {
    for (const device of this.devices.values()) device.committed();
  }
}
