import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KernelError } from "../../src/errors.js";
import { VOLUME_CHUNKS_MAX } from "../../src/limits.js";
import { CHUNK_MAP_BLOCK_ENTRIES, ChunkMaps, MapBlocks } from "../../src/table/chunk-map.js";

const entriesOf = (maps: ChunkMaps, map: number): [number, number][] => {
  const found: [number, number][] = [];
  maps.forEach(map, (index, value) => found.push([index, value]));
  return found;
};

describe("ChunkMaps", () => {
  it("holds entries at both ends of a 16 TiB range, costing four blocks", () => {
    const blocks = new MapBlocks();
    const maps = new ChunkMaps(blocks, 2, VOLUME_CHUNKS_MAX);
    maps.set(0, 0, 7);
    maps.set(0, VOLUME_CHUNKS_MAX - 1, -3);
    expect([maps.get(0, 0), maps.get(0, VOLUME_CHUNKS_MAX - 1), maps.get(0, 12345), maps.get(1, 0)]).toEqual([7, -3, 0, 0]);
    expect([maps.count(0), blocks.blocksInUse()]).toEqual([2, 4]);
    expect(entriesOf(maps, 0)).toEqual([[0, 7], [VOLUME_CHUNKS_MAX - 1, -3]]);
    expect([maps.next(0, 1), maps.next(0, VOLUME_CHUNKS_MAX - 1), maps.next(1, 0)]).toEqual([VOLUME_CHUNKS_MAX - 1, VOLUME_CHUNKS_MAX - 1, -1]);
    maps.unset(0, VOLUME_CHUNKS_MAX - 1);
    expect([maps.count(0), blocks.blocksInUse(), maps.next(0, 1)]).toEqual([1, 2, -1]);
    maps.clear(0);
    expect([maps.count(0), blocks.blocksInUse(), maps.get(0, 0)]).toEqual([0, 0, 0]);
  });

  it("copies a map block by block, and the copy changes on its own", () => {
    const blocks = new MapBlocks();
    const maps = new ChunkMaps(blocks, 2, VOLUME_CHUNKS_MAX);
    for (const index of [5, 1024, 2 ** 20 + 3]) maps.set(0, index, index + 1);
    maps.copy(0, 1);
    maps.set(1, 5, 99);
    maps.unset(1, 1024);
    expect(entriesOf(maps, 0)).toEqual([[5, 6], [1024, 1025], [2 ** 20 + 3, 2 ** 20 + 4]]);
    expect(entriesOf(maps, 1)).toEqual([[5, 99], [2 ** 20 + 3, 2 ** 20 + 4]]);
    expect([maps.blocksOf(0), maps.blocksOf(1)]).toEqual([5, 4]);
  });

  it("fails with ENOSPC naming CHUNK_MAP_BLOCK_MAX when the block pool is full, changing nothing", () => {
    const blocks = new MapBlocks(4, 2);
    const maps = new ChunkMaps(blocks, 2, VOLUME_CHUNKS_MAX);
    maps.set(0, 0, 1);
    maps.set(0, CHUNK_MAP_BLOCK_ENTRIES, 2); // a second leaf under the same indirect block
    expect(blocks.available()).toBe(1);
    const full = () => maps.set(1, 0, 3); // needs an indirect block and a leaf
    expect(full).toThrow(KernelError);
    expect(full).toThrow(/chunk map blocks full: .* 1 of 4 free \(CHUNK_MAP_BLOCK_MAX\)/);
    expect(() => maps.copy(0, 1)).toThrow(/CHUNK_MAP_BLOCK_MAX/);
    expect([maps.count(1), blocks.available(), entriesOf(maps, 1)]).toEqual([0, 1, []]);
    maps.set(0, 2 * CHUNK_MAP_BLOCK_ENTRIES, 4); // the last block: one more leaf
    expect(() => maps.set(0, 3 * CHUNK_MAP_BLOCK_ENTRIES, 5)).toThrow(/CHUNK_MAP_BLOCK_MAX/);
    maps.clear(0);
    expect(blocks.available()).toBe(4);
    maps.set(1, 0, 3); // freed blocks are taken again, zeroed
    expect(entriesOf(maps, 1)).toEqual([[0, 3]]);
  });

  it("asserts indexes and values in range", () => {
    const maps = new ChunkMaps(new MapBlocks(), 1, 4096);
    expect(() => maps.set(0, 4096, 1)).toThrow(/in range/);
    expect(() => maps.set(0, 0, 0)).toThrow(/non-zero/);
    expect(() => maps.get(1, 0)).toThrow(/in range/);
  });

  it("agrees with a Map model over random operations", () => {
    const index = fc.oneof(fc.integer({ min: 0, max: 3 * CHUNK_MAP_BLOCK_ENTRIES }), fc.integer({ min: 0, max: VOLUME_CHUNKS_MAX - 1 }));
    const op = fc.oneof(
      fc.record({ kind: fc.constant("set" as const), map: fc.integer({ min: 0, max: 2 }), index, value: fc.integer({ min: 1, max: 2 ** 31 - 1 }) }),
      fc.record({ kind: fc.constant("unset" as const), map: fc.integer({ min: 0, max: 2 }), index }),
      fc.record({ kind: fc.constant("clear" as const), map: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant("copy" as const), map: fc.integer({ min: 0, max: 2 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const blocks = new MapBlocks(64, 8);
        const maps = new ChunkMaps(blocks, 3, VOLUME_CHUNKS_MAX);
        const model = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()];
        for (const o of ops) {
          try {
            if (o.kind === "set") maps.set(o.map, o.index, o.value);
            else if (o.kind === "unset") maps.unset(o.map, o.index);
            else if (o.kind === "clear") maps.clear(o.map);
            else {
              maps.clear((o.map + 1) % 3);
              maps.copy(o.map, (o.map + 1) % 3);
            }
          } catch (error) {
            if (!(error instanceof KernelError) || error.code !== "ENOSPC") throw error;
            if (o.kind === "copy") model[(o.map + 1) % 3]!.clear(); // cleared before the copy failed
            continue;
          }
          if (o.kind === "set") model[o.map]!.set(o.index, o.value);
          else if (o.kind === "unset") model[o.map]!.delete(o.index);
          else if (o.kind === "clear") model[o.map]!.clear();
          else model[(o.map + 1) % 3] = new Map(model[o.map]!);
        }
        for (const [map, expected] of model.entries()) {
          const sorted = [...expected].sort((a, b) => a[0] - b[0]);
          expect(entriesOf(maps, map)).toEqual(sorted);
          expect(maps.count(map)).toBe(expected.size);
          const walked: number[] = [];
          for (let i = maps.next(map, 0); i >= 0; i = maps.next(map, i + 1)) walked.push(i);
          expect(walked).toEqual(sorted.map(([i]) => i));
          for (const [i, v] of sorted) expect(maps.get(map, i)).toBe(v);
        }
        if (model.every((m) => m.size === 0)) expect(blocks.blocksInUse()).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
