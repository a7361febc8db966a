// A chunk copied from one device to another (or within one: copy-on-write) through a buffer the
// caller keeps for it: bytes the source holds in memory go straight to the target (one memory
// copy, as a DMA from one disk's buffer to another); bytes in a file are read into the kept buffer
// first, never a fresh chunk per copy (rebuilds, migrations and copy-on-write make thousands). The
// source's checksum is checked on the way: EIO, nothing written.

import { assert } from "../assert.js";
import type { ChunkDevice } from "./chunk-device.js";

/** Chunk `to` of `target` becomes a copy of chunk `from` of `source`, through `through` (one chunk, overwritten) when it must be read; a source with no bytes leaves `to` none. */
export function copyChunkThrough(source: ChunkDevice, from: number, target: ChunkDevice, to: number, through: Uint8Array): void {
  assert(through.length === source.chunkSize && target.chunkSize === source.chunkSize, "a chunk copies between devices of one chunk size, through one chunk");
  target.copy(source, from, to, through);
}
