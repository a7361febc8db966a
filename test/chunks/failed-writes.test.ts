// A slot write the file system refuses (a full disk, here a folder squatting on the slot's file
// name) fails the write and gives the slot it took back: failures never leak slots until the
// device runs out, and the chunk keeps the bytes it had.

import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";
import { filled, newHost, slotFiles } from "./fixtures.js";

const SIZE = 16;
const NAME = "local/ssd";

describe("a slot write that fails", () => {
  it("gives its slot back, however many times it fails, and the chunk keeps its bytes", () => {
    const host = newHost("files");
    const space = new ChunkSpace(host);
    const device = space.device(NAME, SIZE, 0); // two slots: one live, one retired at most
    device.write(0, 0, filled(SIZE, 1));
    space.sync();
    space.committed();
    const blocker = path.join(host.folder!, NAME, "1.chunk");
    fs.mkdirSync(blocker);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(() => device.write(0, 0, filled(SIZE, 2))).toThrow(/EISDIR|illegal operation on a directory/);
      expect(() => device.write(0, 3, filled(2, 2))).toThrow(/EISDIR|illegal operation on a directory/);
    }
    const out = new Uint8Array(SIZE);
    device.read(0, 0, SIZE, out, 0);
    expect(out).toEqual(filled(SIZE, 1));
    expect(device.count()).toBe(1);
    fs.rmdirSync(blocker);
    device.write(0, 0, filled(SIZE, 3)); // the disk has room again: slot 1 is free to take
    device.read(0, 0, SIZE, out, 0);
    expect(out).toEqual(filled(SIZE, 3));
    space.sync();
    space.committed();
    expect(slotFiles(host, NAME)).toEqual([1]);
  });

  it("leaves a chunk not yet synced torn when a write in place fails: reads fail with EIO until it is written whole", () => {
    const host = newHost("files");
    const space = new ChunkSpace(host);
    const device = space.device(NAME, SIZE, 0);
    device.write(0, 0, filled(SIZE, 1)); // live, its CRC not yet taken
    fs.rmSync(path.join(host.folder!, NAME, "0.chunk"));
    fs.mkdirSync(path.join(host.folder!, NAME, "0.chunk")); // the in-place write cannot open it
    expect(() => device.write(0, 3, filled(2, 2))).toThrow(/EISDIR|illegal operation on a directory/);
    const out = new Uint8Array(SIZE);
    expect(() => device.read(0, 0, SIZE, out, 0)).toThrow(expect.objectContaining({ code: "EIO", message: "chunk 0 on local/ssd: stored chunk is torn (a write to it failed)" }));
    expect(device.verify(0)).toBe(false);
    fs.rmdirSync(path.join(host.folder!, NAME, "0.chunk"));
    device.write(0, 0, filled(SIZE, 4));
    device.read(0, 0, SIZE, out, 0);
    expect(out).toEqual(filled(SIZE, 4));
    expect(device.verify(0)).toBe(true);
  });
});
