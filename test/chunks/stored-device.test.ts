// A chunk device's promises on both hosts (memory, files in a scratch folder): a chunk never
// written reads as zeros, whole and partial writes read back, copies between devices, free and
// count, and ids past idMax are a bug (an assertion), not a user error.

import { describe, expect, it } from "vitest";
import { AssertionError } from "../../src/assert.js";
import { filled, HOST_KINDS, newSpace, pattern, readAll, slotFiles } from "./fixtures.js";

const SIZE = 64;

describe.each(HOST_KINDS)("a chunk device on a %s host", (kind) => {
  it("reads zeros for a chunk never written, holds nothing and makes no file", () => {
    const space = newSpace(kind);
    const device = space.device("sds/sds1", SIZE, 15);
    const out = filled(SIZE + 8, 0xee);
    device.read(3, 0, SIZE, out, 4);
    expect(out.subarray(4, 4 + SIZE)).toEqual(new Uint8Array(SIZE));
    expect([...out.subarray(0, 4), ...out.subarray(4 + SIZE)]).toEqual(Array(8).fill(0xee)); // only the asked range is touched
    expect(device.holds(3)).toBe(false);
    expect(device.count()).toBe(0);
    expect(device.verify(3)).toBe(true);
    if (kind === "files") expect(slotFiles(space.host, "sds/sds1")).toEqual([]);
  });

  it("reads back a whole write, and a partial write over zeros and over earlier bytes", () => {
    const device = newSpace(kind).device("local/ssd", SIZE, 15);
    device.write(0, 0, pattern(SIZE, 1));
    expect(readAll(device, 0)).toEqual(pattern(SIZE, 1));
    device.write(5, 10, filled(4, 9)); // a fresh chunk: zeros around the written bytes
    const expected = new Uint8Array(SIZE);
    expected.set(filled(4, 9), 10);
    expect(readAll(device, 5)).toEqual(expected);
    device.write(0, SIZE - 3, filled(3, 0xaa)); // up to the chunk's last byte
    const changed = pattern(SIZE, 1);
    changed.set(filled(3, 0xaa), SIZE - 3);
    expect(readAll(device, 0)).toEqual(changed);
    const part = new Uint8Array(6);
    device.read(0, SIZE - 6, 6, part, 0);
    expect(part).toEqual(changed.subarray(SIZE - 6));
    expect(device.count()).toBe(2);
    expect(device.holds(0) && device.holds(5) && !device.holds(1)).toBe(true);
  });

  it("keeps the writer's buffer its own: changing it after a write changes nothing stored", () => {
    const device = newSpace(kind).device("local/ssd", SIZE, 3);
    const data = pattern(SIZE, 7);
    device.write(1, 0, data);
    data.fill(0);
    expect(readAll(device, 1)).toEqual(pattern(SIZE, 7));
  });

  it("copies a chunk to another device, and copying one never written frees the target", () => {
    const space = newSpace(kind);
    const from = space.device("sds/sds1", SIZE, 7);
    const to = space.device("sds/sds2", SIZE, 7);
    from.write(2, 0, pattern(SIZE, 3));
    to.copy(from, 2, 6);
    expect(readAll(to, 6)).toEqual(pattern(SIZE, 3));
    from.write(2, 0, filled(SIZE, 1)); // the copy is independent of its source
    expect(readAll(to, 6)).toEqual(pattern(SIZE, 3));
    to.write(4, 0, filled(SIZE, 5));
    to.copy(from, 3, 4);
    expect(to.holds(4)).toBe(false);
    expect(readAll(to, 4)).toEqual(new Uint8Array(SIZE));
    expect(to.count()).toBe(1);
  });

  it("frees a chunk: it reads as zeros again and count goes down; freeing it twice is harmless", () => {
    const device = newSpace(kind).device("local/hdd", SIZE, 7);
    for (let id = 0; id < 8; id++) device.write(id, 0, filled(SIZE, id + 1));
    expect(device.count()).toBe(8);
    device.free(3);
    device.free(3);
    device.free(0);
    expect(device.count()).toBe(6);
    expect(readAll(device, 3)).toEqual(new Uint8Array(SIZE));
    expect(readAll(device, 4)).toEqual(filled(SIZE, 5));
    device.write(3, 0, filled(SIZE, 0x33)); // written again after a free
    expect(readAll(device, 3)).toEqual(filled(SIZE, 0x33));
    expect(device.count()).toBe(7);
  });

  it("holds every id up to idMax at once (live and retired slots never run out)", () => {
    const space = newSpace(kind);
    const device = space.device("local/hdd", 8, 15);
    for (let round = 0; round < 3; round++) {
      for (let id = 0; id <= 15; id++) device.write(id, 0, filled(8, id + round));
      space.sync();
      space.committed();
      for (let id = 0; id <= 15; id++) device.write(id, 1, filled(2, 0xf0)); // every chunk moves to a fresh slot
    }
    expect(device.count()).toBe(16);
    for (let id = 0; id <= 15; id++) expect(readAll(device, id)).toEqual(Uint8Array.of(id + 2, 0xf0, 0xf0, ...filled(5, id + 2)));
  });

  it("asserts on an id past idMax, a negative or fractional id, and a range outside the chunk", () => {
    const device = newSpace(kind).device("local/ssd", SIZE, 3);
    const out = new Uint8Array(SIZE);
    expect(() => device.write(4, 0, filled(1, 1))).toThrow(AssertionError);
    expect(() => device.write(-1, 0, filled(1, 1))).toThrow(AssertionError);
    expect(() => device.write(1.5, 0, filled(1, 1))).toThrow(AssertionError);
    expect(() => device.read(4, 0, 1, out, 0)).toThrow(/chunk id 4 of local\/ssd is 0\.\.3/);
    expect(() => device.free(4)).toThrow(AssertionError);
    expect(() => device.verify(4)).toThrow(AssertionError);
    expect(() => device.holds(4)).toThrow(AssertionError);
    expect(() => device.write(0, SIZE - 1, filled(2, 1))).toThrow(AssertionError);
    expect(() => device.read(0, 1, SIZE, out, 0)).toThrow(AssertionError);
    device.write(3, 0, filled(SIZE, 3)); // idMax itself is fine
    expect(device.holds(3)).toBe(true);
    expect(() => device.holds(4)).toThrow(AssertionError); // also once the tables exist
    expect(device.count()).toBe(1);
  });
});
