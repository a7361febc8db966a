import { describe, expect, it } from "vitest";
import { ChunkArena } from "../../../src/table/chunk-arena.js";

describe("ChunkArena", () => {
  it("allocates count chunks and refuses one more with ENOSPC naming the limit", () => {
    const arena = new ChunkArena("test chunk", 3, 8, "TEST_CHUNK_MAX");
    expect([arena.allocate(), arena.allocate(), arena.allocate()]).toEqual([0, 1, 2]);
    expect(() => arena.allocate()).toThrow("test chunk arena full: 3 of 3 chunks in use (TEST_CHUNK_MAX)");
    arena.free(1);
    expect(arena.allocate()).toBe(1); // the lowest free id
  });

  it("reads what was written, and zeros after a free", () => {
    const arena = new ChunkArena("test chunk", 2, 8, "TEST_CHUNK_MAX");
    const id = arena.allocate();
    arena.write(id, 2, new Uint8Array([7, 8, 9]));
    expect(Array.from(arena.read(id, 0, 6))).toEqual([0, 0, 7, 8, 9, 0]);
    arena.free(id);
    expect(Array.from(arena.read(arena.allocate(), 0, 8))).toEqual(new Array(8).fill(0));
  });

  it("refuses ranges outside a chunk and chunks not allocated", () => {
    const arena = new ChunkArena("test chunk", 2, 8, "TEST_CHUNK_MAX");
    const id = arena.allocate();
    expect(() => arena.write(id, 6, new Uint8Array(3))).toThrow("test chunk 0: range 6+3 is outside its 8 bytes");
    expect(() => arena.read(id, -1, 1)).toThrow(/outside/);
    expect(() => arena.view(1)).toThrow(/allocated chunk/);
    expect(() => arena.free(1)).toThrow(/allocated chunk/);
  });
});
