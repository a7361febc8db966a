// The host's read cache is bounded by CHUNK_CACHE_BYTES across all devices: reading or partly
// writing more chunks than it holds still reads every byte right, and the bytes it keeps stay at
// or under the bound. It never serves bytes a later write, free or reuse of the slot replaced.

import { describe, expect, it } from "vitest";
import type { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";
import { CHUNK_CACHE_BYTES } from "../../src/limits.js";
import { filled, HOST_KINDS, newHost } from "./fixtures.js";

const MIB = 1024 ** 2;
const CHUNKS = CHUNK_CACHE_BYTES / MIB + 8; // more 1 MiB chunks than the cache holds

/** The host's private cache, reached for the bound: its byte count and what it really holds. */
function cacheOf(host: ChunkHost): { counted: number; held: number; entries: number } {
  const inside = host as unknown as { cachedBytes: number; cache: Map<number, Uint8Array> };
  let held = 0;
  for (const bytes of inside.cache.values()) held += bytes.length;
  return { counted: inside.cachedBytes, held, entries: inside.cache.size };
}

describe.each(HOST_KINDS)("the chunk cache on a %s host", (kind) => {
  it("stays within CHUNK_CACHE_BYTES over two devices while every chunk reads back right", () => {
    const host = newHost(kind);
    const space = new ChunkSpace(host);
    const devices = [space.device("sds/sds1", MIB, CHUNKS), space.device("sds/sds2", MIB, CHUNKS)];
    for (let id = 0; id < CHUNKS; id++) {
      const device = devices[id % 2]!;
      device.write(id, 0, filled(MIB, id)); // whole: past the cache
      device.write(id, 100, filled(3, 0xff - id)); // partial: changed in place (its CRC is taken at the sync)
      device.read(id, 100, 1, new Uint8Array(1), 0); // partial: loads the chunk into the cache
      const cache = cacheOf(host);
      expect(cache.counted).toBe(cache.held);
      expect(cache.counted).toBeLessThanOrEqual(CHUNK_CACHE_BYTES);
    }
    expect(cacheOf(host).counted).toBeGreaterThan(CHUNK_CACHE_BYTES - 2 * MIB); // it was full, not unused
    const out = new Uint8Array(MIB);
    const part = new Uint8Array(8);
    for (let id = CHUNKS - 1; id >= 0; id--) {
      const device = devices[id % 2]!;
      device.read(id, 96, 8, part, 0); // partial: through the cache, evicting as it goes
      expect([...part]).toEqual([id, id, id, id, 0xff - id, 0xff - id, 0xff - id, id]);
      device.read(id, 0, MIB, out, 0);
      expect(out[0]).toBe(id);
      expect(out[101]).toBe(0xff - id);
      expect(out[MIB - 1]).toBe(id);
    }
    const cache = cacheOf(host);
    expect(cache.counted).toBe(cache.held);
    expect(cache.entries).toBeLessThanOrEqual(CHUNK_CACHE_BYTES / MIB);
  });

  it("evicts the least recently used chunk first", () => {
    const host = newHost(kind);
    const device = new ChunkSpace(host).device("sds/sds1", MIB, CHUNKS);
    const capacity = CHUNK_CACHE_BYTES / MIB;
    for (let id = 0; id <= capacity; id++) device.write(id, 0, filled(MIB, id)); // slot = id, none cached
    const part = new Uint8Array(1);
    for (let id = 0; id < capacity; id++) device.read(id, 0, 1, part, 0); // the cache is full
    device.read(0, 0, 1, part, 0); // chunk 0 is the most recent now; chunk 1 the least
    device.read(capacity, 0, 1, part, 0);
    const slots = [...(host as unknown as { cache: Map<number, Uint8Array> }).cache.keys()].map((key) => key % 2 ** 32);
    expect(slots.length).toBe(capacity);
    expect(slots).toContain(0);
    expect(slots).not.toContain(1);
    expect(slots.at(-1)).toBe(capacity);
  });

  it("never serves bytes a write, a free or a reused slot replaced", () => {
    const host = newHost(kind);
    const space = new ChunkSpace(host);
    const device = space.device("local/ssd", 16, 3);
    const part = new Uint8Array(2);
    device.write(0, 0, filled(16, 1));
    device.read(0, 0, 2, part, 0); // cached
    device.write(0, 0, filled(16, 2)); // whole, in place
    device.read(0, 0, 2, part, 0);
    expect([...part]).toEqual([2, 2]);
    device.free(0);
    device.write(1, 0, filled(16, 3)); // takes the freed slot
    device.read(1, 0, 2, part, 0);
    expect([...part]).toEqual([3, 3]);
    device.read(0, 0, 2, part, 0);
    expect([...part]).toEqual([0, 0]);
  });
});
