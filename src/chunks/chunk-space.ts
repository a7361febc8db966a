// The chunk devices of one kernel, saved with its snapshot (each device's id -> slot and
// checksums: metadata, a few bytes a chunk; the bytes stay in the slots) and committed with it:
// `sync` before the snapshot is written, `committed` once it is (stored-device.ts says why).

import * as v from "valibot";
import { fail } from "../errors.js";
import { int, list, object, tuple } from "../persistence/schema-parts.js";
import type { ChunkDevice, ChunkDevices } from "./chunk-device.js";
import type { ChunkHost } from "./chunk-host.js";
import { StoredDevice, type SavedDevice } from "./stored-device.js";
import { CHUNK_DEVICE_MAX, CHUNK_DEVICE_IDS_MAX } from "../limits.js";

export type SavedChunkSpace = Record<string, SavedDevice>;

const DEVICE_NAME = /^[a-z]+\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const SAVED_CHUNK_SPACE_SCHEMA = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(DEVICE_NAME, "a device name such as sds/sds1")),
    object({
      chunkSize: int(1, 2 ** 30, "a chunk size"),
      chunks: list(tuple([int(0, CHUNK_DEVICE_IDS_MAX, "a chunk id"), int(0, 2 * CHUNK_DEVICE_IDS_MAX + 1, "a slot"), int(0, 0xffffffff, "a CRC-32")], "[id, slot, crc]"), CHUNK_DEVICE_IDS_MAX + 1, "CHUNK_DEVICE_IDS_MAX"),
    }),
  ),
  v.check((devices) => Object.keys(devices).length <= CHUNK_DEVICE_MAX, `at most ${CHUNK_DEVICE_MAX} devices (CHUNK_DEVICE_MAX)`),
);

export class ChunkSpace implements ChunkDevices {
  private readonly devices = new Map<string, StoredDevice>();
  private pending: SavedChunkSpace = {}; // restored devices nobody has asked for yet

  constructor(readonly host: ChunkHost) {}

  device(name: string, chunkSize: number, idMax: number): ChunkDevice {
    let device = this.devices.get(name);
    if (device === undefined) {
      if (!DEVICE_NAME.test(name)) fail("EINVAL", `chunk device name ${name} is not kind/name`);
      if (this.devices.size >= CHUNK_DEVICE_MAX) fail("ENOSPC", `no room for chunk device ${name}: ${CHUNK_DEVICE_MAX} in use (CHUNK_DEVICE_MAX)`);
      device = new StoredDevice(this.host, name, chunkSize, idMax);
      const saved = this.pending[name];
      if (saved !== undefined) {
        device.restore(saved);
        delete this.pending[name];
      }
      this.devices.set(name, device);
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
    const all: SavedChunkSpace = { ...this.pending };
    for (const [name, device] of this.devices) if (device.count() > 0) all[name] = device.toJSON();
    const saved: SavedChunkSpace = {}; // by name, whichever devices were asked for since the restore
    for (const name of Object.keys(all).sort()) saved[name] = all[name]!;
    return saved;
  }

  restore(saved: SavedChunkSpace): void {
    this.pending = { ...saved };
  }

  sync(): void {
    for (const device of this.devices.values()) device.sync();
  }

  committed(): void {
    for (const device of this.devices.values()) device.committed();
  }
}
