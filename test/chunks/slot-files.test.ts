// The slot stores under a device (slot-files.ts), files and memory alike: a slot written whole
// reads back whole, changes in place, reads short when torn or missing, and present() lists only
// the slots that hold bytes. Files are the owner's alone.

import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FileSlots, MemorySlots, type SlotStore } from "../../src/chunks/slot-files.js";
import { filled, pattern, scratchDir } from "./fixtures.js";

const SIZE = 16;

function stores(): [string, () => { store: SlotStore; folder?: string }][] {
  return [
    ["memory", () => ({ store: new MemorySlots() })],
    [
      "files",
      () => {
        const folder = path.join(scratchDir(), "sds", "sds1");
        return { store: new FileSlots(folder, SIZE), folder };
      },
    ],
  ];
}

describe.each(stores())("%s slots", (kind, make) => {
  it("read back a slot written whole and changed in place; a missing slot reads nothing", () => {
    const { store } = make();
    const out = filled(SIZE + 2, 0xee);
    expect(store.readWhole(3, out, 0)).toBe(0);
    store.writeWhole(3, pattern(SIZE, 1));
    store.writeAt(3, 2, filled(3, 9));
    expect(store.readWhole(3, out, 2)).toBe(SIZE);
    const expected = pattern(SIZE, 1);
    expected.set(filled(3, 9), 2);
    expect(out.subarray(2)).toEqual(expected);
    expect(out.subarray(0, 2)).toEqual(filled(2, 0xee));
    store.writeWhole(3, filled(SIZE, 4)); // whole again: replaces every byte
    store.readWhole(3, out, 0);
    expect(out.subarray(0, SIZE)).toEqual(filled(SIZE, 4));
    store.writeWhole(5, filled(SIZE, 5));
    store.sync([3, 5]);
    expect(store.present().sort()).toEqual([3, 5]);
    store.remove(3);
    store.remove(3); // twice: harmless
    expect(store.present()).toEqual([5]);
    expect(store.readWhole(3, out, 0)).toBe(0);
  });

  it("keeps its own copy of the bytes written", () => {
    const { store } = make();
    const data = filled(SIZE, 1);
    store.writeWhole(0, data);
    data.fill(2);
    const out = new Uint8Array(SIZE);
    store.readWhole(0, out, 0);
    expect(out).toEqual(filled(SIZE, 1));
  });

  if (kind === "files") {
    it("keep one file per slot, the owner's alone, and list only files named as slots", () => {
      const { store, folder } = make();
      expect(store.present()).toEqual([]); // no folder yet
      store.writeWhole(17, filled(SIZE, 1));
      expect(fs.statSync(folder!).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(folder!, "17.chunk")).mode & 0o777).toBe(0o600);
      for (const name of ["notes.txt", "-1.chunk", "x.chunk", "17.chunk.tmp"]) fs.writeFileSync(path.join(folder!, name), "");
      expect(store.present()).toEqual([17]);
      fs.truncateSync(path.join(folder!, "17.chunk"), 7);
      expect(store.readWhole(17, new Uint8Array(SIZE), 0)).toBe(7); // torn: the device says so
    });
  }
});
