// A chunk copied from one device to another (or within one: copy-on-write) through a buffer the
// caller keeps for it. ChunkDevice.copy reads the source into a fresh, zeroed chunk each time;
// a kept buffer makes a copy cost its two memory copies and nothing else (rebuilds, migrations and
// copy-on-write make thousands). The source's checksum is checked on the way: EIO, nothing written.

import { assert } from "../assert.js";
import type { ChunkDevice } from "./chunk-device.js";

/** Chunk `to` of `target` becomes a copy of chunk `from` of `source`, through `through` (one chunk, overwritten); a source with no bytes leaves `to` none. */
export function copyChunkThrough(source: ChunkDevice, from: number, target: ChunkDevice, to: number, through: Uint8Array): void {
  assert(through.length === source.chunkSize && target.chunkSize === source.chunkSize, "a chunk copies between devices of one chunk size, through one chunk");
  if (!source.holds(from)) return target.free(to);
  source.read(from, 0, source.chunkSize, through, 0); // every byte is written: the buffer's old bytes never show
  target.write(to, 0, through);
}
