// The bytes that travel with a snapshot file (`save <file>`): every chunk the kernel holds,
// device by device, in one binary file beside it (<file>.chunks), so a snapshot moves between
// state directories with its bytes. The snapshot names each chunk's place in the bundle and its
// CRC, and the bundle's length and SHA-256, all under the snapshot's seal. A load reads it once,
// in order, hashing as it goes.

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fail } from "../errors.js";
import type { ChunkSpace, SavedChunkSpace } from "./chunk-space.js";
import type { SavedDevice } from "./stored-device.js";

const bundlePath = (file: string): string => `${file}.chunks`;

/** Writes `space`'s chunks beside `file` (atomically, synced) and returns the saved form naming them. */
export function writeBundle(space: ChunkSpace, file: string): SavedChunkSpace {
  const target = bundlePath(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.tmp`);
  fs.rmSync(temporary, { force: true });
  try {
    const fd = fs.openSync(temporary, "wx", 0o600);
    let written: SavedChunkSpace;
    try {
      written = writeChunks(space, fd);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, target);
    return written;
  } catch (error) {
    fs.rmSync(temporary, { force: true }); // a full disk leaves no half-written bundle behind
    throw error;
  }
}

/** Each device's chunks, in order, into `fd`; the saved form names each chunk's place there. */
function writeChunks(space: ChunkSpace, fd: number): SavedChunkSpace {
  const hash = createHash("sha256");
  const devices: Record<string, SavedDevice> = {};
  let bytes = 0;
  for (const [name, saved] of Object.entries(space.toJSON().devices)) {
    const device = space.device(name, saved.chunkSize, saved.idMax);
    const buffer = new Uint8Array(saved.chunkSize);
    const chunks = saved.chunks.map(([id, , crc], index): [number, number, number] => {
      device.read(id, 0, saved.chunkSize, buffer, 0);
      for (let done = 0; done < buffer.length; ) done += fs.writeSync(fd, buffer, done, buffer.length - done);
      hash.update(buffer);
      bytes += buffer.length;
      return [id, index, crc];
    });
    devices[name] = { ...saved, chunks };
  }
  return { folder: space.host.generation, devices, bundle: { bytes, sha256: hash.digest("hex") } };
}

/** Where a loaded snapshot's chunk bytes come from, read in order; `finish` checks what was read. */
export interface ChunkSource {
  read(device: string, chunkSize: number, index: number): Uint8Array;
  finish(): void;
}

/**
 * The source of the snapshot file `file`'s chunks: its bundle, or, for a copy of a state
 * directory's state.json, the chunk files of the generation it names beside it.
 */
export function chunkSourceOf(file: string, saved: SavedChunkSpace): ChunkSource {
  if (saved.bundle === undefined) {
    const folder = path.join(path.dirname(file), saved.folder);
    return {
      read: (device, chunkSize, slot) => readExactly(path.join(folder, device, `${slot}.chunk`), 0, chunkSize),
      finish: () => {},
    };
  }
  const bundle = saved.bundle;
  const target = bundlePath(file);
  const stats = fs.statSync(target, { throwIfNoEntry: false });
  if (stats === undefined || !stats.isFile()) fail("EINVAL", `${target} (the snapshot's chunk bytes) is missing or not a regular file`);
  if (stats.size !== bundle.bytes) fail("EINVAL", `${target} holds ${stats.size} bytes, the snapshot names ${bundle.bytes}`);
  const hash = createHash("sha256");
  let offset = 0;
  return {
    read: (_device, chunkSize) => {
      const bytes = readExactly(target, offset, chunkSize);
      offset += chunkSize;
      hash.update(bytes);
      return bytes;
    },
    finish: () => {
      if (offset !== bundle.bytes || hash.digest("hex") !== bundle.sha256) fail("EINVAL", `${target} does not match the snapshot's SHA-256 of its chunk bytes (edited or replaced)`);
    },
  };
}

function readExactly(file: string, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    fail("EINVAL", `chunk file ${file} cannot be read`);
  }
  try {
    let got = 0;
    while (got < length) {
      const n = fs.readSync(fd, out, got, length - got, offset + got);
      if (n === 0) fail("EINVAL", `${file} ends before the chunk bytes the snapshot names`);
      got += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}
