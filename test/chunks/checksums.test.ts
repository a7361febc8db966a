// Every stored chunk carries a CRC-32: bytes that do not match it (a flipped byte, a torn or
// missing file) fail with EIO naming the chunk and are never returned as good, not by a read, a
// partial write that would re-checksum them, nor a copy; verify() says false. Plus the CRC itself.

import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { ChunkDevice } from "../../src/chunks/chunk-device.js";
import type { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";
import { crc32 } from "../../src/chunks/crc.js";
import { failure } from "../helpers.js";
import { filled, HOST_KINDS, newHost, pattern, slotFile } from "./fixtures.js";

const SIZE = 32;
const NAME = "sds/sds1";

/** Flips one bit of the byte at `offset` of `slot`, through the file where there is one. */
function flip(host: ChunkHost, slot: number, offset: number): void {
  if (host.folder !== undefined) {
    const file = slotFile(host, NAME, slot);
    const bytes = fs.readFileSync(file);
    bytes[offset]! ^= 0x10;
    fs.writeFileSync(file, bytes);
    return;
  }
  const { slots } = host.slotsOf(NAME, SIZE);
  const bytes = new Uint8Array(SIZE);
  slots.readWhole(slot, bytes, 0);
  slots.writeAt(slot, offset, Uint8Array.of(bytes[offset]! ^ 0x10));
}

/** An empty device on a new host of `kind`. */
function emptyDevice(kind: "memory" | "files"): { host: ChunkHost; space: ChunkSpace; device: ChunkDevice } {
  const host = newHost(kind);
  const space = new ChunkSpace(host);
  return { host, space, device: space.device(NAME, SIZE, 7) };
}

function setUp(kind: "memory" | "files"): { host: ChunkHost; space: ChunkSpace; device: ChunkDevice } {
  const { host, space, device } = emptyDevice(kind);
  device.write(0, 0, pattern(SIZE, 1)); // slot 0
  device.write(2, 0, pattern(SIZE, 2)); // slot 1
  space.sync(); // a chunk's CRC is taken as it is synced: from here on a flip is caught
  return { host, space, device };
}

const MISMATCH = { code: "EIO", message: "chunk 2 on sds/sds1: stored bytes do not match their checksum" };

describe.each(HOST_KINDS)("a flipped byte on a %s host", (kind) => {
  it("fails whole and partial reads with EIO naming the chunk, and verify() says false", () => {
    const { host, device } = setUp(kind);
    flip(host, 1, 5);
    const out = new Uint8Array(SIZE);
    expect(failure(() => device.read(2, 0, SIZE, out, 0))).toEqual(MISMATCH);
    expect(failure(() => device.read(2, 20, 4, out, 0))).toEqual(MISMATCH); // a byte the flip did not touch: the chunk is bad
    expect(device.verify(2)).toBe(false);
    expect(device.verify(0)).toBe(true);
    device.read(0, 0, SIZE, out, 0);
    expect(out).toEqual(pattern(SIZE, 1));
  });

  it("fails a partial write or a copy of the bad chunk rather than checksum bad bytes as good", () => {
    const { host, space, device } = setUp(kind);
    flip(host, 1, 0);
    expect(failure(() => device.write(2, 8, filled(2, 9)))).toEqual(MISMATCH); // live: changed in place
    const other = space.device("sds/sds2", SIZE, 7);
    expect(failure(() => other.copy(device, 2, 0))).toEqual(MISMATCH);
    expect(failure(() => other.copy(device, 2, 0, new Uint8Array(SIZE)))).toEqual(MISMATCH); // through a kept buffer, or straight from memory
    expect(other.holds(0)).toBe(false);
    space.sync();
    space.committed();
    expect(failure(() => device.write(2, 8, filled(2, 9)))).toEqual(MISMATCH); // committed: copied to a fresh slot
    expect(device.verify(2)).toBe(false);
    device.write(2, 0, filled(SIZE, 4)); // a whole write replaces the bad bytes
    expect(device.verify(2)).toBe(true);
  });

  it("is caught by verify() even while the chunk's good bytes are in the cache", () => {
    const { host, device } = setUp(kind);
    const out = new Uint8Array(4);
    device.read(2, 0, 4, out, 0); // loads and caches the whole chunk
    flip(host, 1, 3);
    expect(device.verify(2)).toBe(false);
    device.read(2, 0, 4, out, 0);
    expect(out).toEqual(pattern(4, 2)); // the cache holds what was checked: still the good bytes
  });
});

describe.each(HOST_KINDS)("a chunk written since the last sync on a %s host", (kind) => {
  it("has its CRC taken at the sync, from the bytes written, small writes since included", () => {
    const { host, space, device } = emptyDevice(kind);
    device.write(3, 0, pattern(SIZE, 5));
    device.write(3, 4, filled(3, 0xee)); // in place, no CRC to keep up
    const expected = pattern(SIZE, 5);
    expected.set(filled(3, 0xee), 4);
    const out = new Uint8Array(SIZE);
    device.read(3, 0, SIZE, out, 0);
    expect(out).toEqual(expected);
    space.sync();
    expect(space.toJSON().devices[NAME]!.chunks).toEqual([[3, 0, crc32(expected)]]);
    expect(device.verify(3)).toBe(true);
    flip(host, 0, 9);
    expect(device.verify(3)).toBe(false);
    expect(failure(() => device.read(3, 0, SIZE, out, 0))).toEqual({ code: "EIO", message: "chunk 3 on sds/sds1: stored bytes do not match their checksum" });
  });
});

describe.each(HOST_KINDS)("a chunk synced, then written again, on a %s host", (kind) => {
  it("has its CRC taken again at the next sync, whole and partial rewrites alike", () => {
    const { space, device } = emptyDevice(kind);
    device.write(1, 0, pattern(SIZE, 1));
    space.sync();
    device.write(1, 0, pattern(SIZE, 2)); // whole, in place: the slot is still live
    space.sync();
    expect(space.toJSON().devices[NAME]!.chunks).toEqual([[1, 0, crc32(pattern(SIZE, 2))]]);
    device.write(1, 5, filled(2, 0x55)); // partial: the CRC taken is patched
    const expected = pattern(SIZE, 2);
    expected.fill(0x55, 5, 7);
    expect(space.toJSON().devices[NAME]!.chunks).toEqual([[1, 0, crc32(expected)]]);
    expect(device.verify(1)).toBe(true);
  });
});

describe("a torn or missing chunk file", () => {
  it("fails with EIO saying torn, with the bytes found, or missing", () => {
    const { host, device } = setUp("files");
    fs.truncateSync(slotFile(host, NAME, 1), 5);
    fs.rmSync(slotFile(host, NAME, 0));
    const out = new Uint8Array(SIZE);
    expect(failure(() => device.read(2, 0, SIZE, out, 0))).toEqual({ code: "EIO", message: `chunk 2 on sds/sds1: stored chunk is torn (5 of ${SIZE} bytes)` });
    expect(failure(() => device.read(0, 1, 2, out, 0))).toEqual({ code: "EIO", message: "chunk 0 on sds/sds1: stored chunk is missing" });
    expect(device.verify(2)).toBe(false);
    expect(device.verify(0)).toBe(false);
    expect(device.verify(1)).toBe(true); // never written
  });
});

describe("crc32", () => {
  it("is the standard CRC-32 (IEEE): the check value of 123456789, and of nothing", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new Uint8Array(32))).toBe(0x190a55ad);
  });

  it("differs for every single-bit flip of a chunk", () => {
    const bytes = pattern(256, 3);
    const good = crc32(bytes);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      bytes[bit >> 3]! ^= 1 << (bit & 7);
      expect(crc32(bytes)).not.toBe(good);
      bytes[bit >> 3]! ^= 1 << (bit & 7);
    }
  });
});
