// What the chunk-store tests share: a host of each kind (memory, files in a scratch folder removed
// after the test), recognisable bytes, a chunk read whole, slot files by number.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach } from "vitest";
import type { ChunkDevice } from "../../src/chunks/chunk-device.js";
import { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";

const scratch: string[] = [];

afterEach(() => {
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder removed after the running test. */
export function scratchDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kshell-chunks-"));
  scratch.push(dir);
  return dir;
}

export type HostKind = "memory" | "files";
export const HOST_KINDS: readonly HostKind[] = ["memory", "files"];

export function newHost(kind: HostKind): ChunkHost {
  return kind === "memory" ? ChunkHost.inMemory() : ChunkHost.inFolder(path.join(scratchDir(), "chunks"));
}

export function newSpace(kind: HostKind): ChunkSpace {
  return new ChunkSpace(newHost(kind));
}

/** `length` bytes counting up from `seed` (mod 256): no two offsets of a small chunk alike. */
export function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (seed + i) & 0xff;
  return bytes;
}

export function filled(length: number, value: number): Uint8Array {
  return new Uint8Array(length).fill(value);
}

/** The slot files of device `name` in a file host, by slot number, sorted. */
export function slotFiles(host: ChunkHost, name: string): number[] {
  const folder = path.join(host.folder!, name);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((file) => /^\d+\.chunk$/.test(file))
    .map((file) => Number(file.slice(0, -".chunk".length)))
    .sort((a, b) => a - b);
}

export function slotFile(host: ChunkHost, name: string, slot: number): string {
  return path.join(host.folder!, name, `${slot}.chunk`);
}

/** Chunk `id` of `device`, read whole. */
export function readAll(device: ChunkDevice, id: number): Uint8Array {
  const out = new Uint8Array(device.chunkSize);
  device.read(id, 0, device.chunkSize, out, 0);
  return out;
}
