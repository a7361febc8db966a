// Shadow paging (stored-device.ts): a slot the last committed snapshot names is never changed or
// reused before the next commit, so a space restored from that snapshot (a replay after a crash)
// finds the bytes it saw, whatever was written since; files a crashed run left are never taken
// for chunks and go at the next commit.

import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";
import { filled, HOST_KINDS, newHost, pattern, readAll, slotFile, slotFiles } from "./fixtures.js";

const SIZE = 32;
const NAME = "sds/sds1";

function commit(space: ChunkSpace): void {
  space.sync();
  space.committed();
}

describe("shadow paging on a file host", () => {
  it("writes a committed chunk to a fresh slot file and leaves the committed file as it was until the next commit", () => {
    const host = newHost("files");
    const space = new ChunkSpace(host);
    const device = space.device(NAME, SIZE, 7);
    device.write(0, 0, pattern(SIZE, 1));
    device.write(1, 0, pattern(SIZE, 2));
    commit(space);
    expect(slotFiles(host, NAME)).toEqual([0, 1]);
    const committed0 = fs.readFileSync(slotFile(host, NAME, 0));
    const committed1 = fs.readFileSync(slotFile(host, NAME, 1));
    device.write(0, 0, filled(SIZE, 0xaa)); // whole
    device.write(1, 4, filled(2, 0xbb)); // partial
    device.write(1, 8, filled(2, 0xcc)); // partial again: the new slot is live now, changed in place
    expect(slotFiles(host, NAME)).toEqual([0, 1, 2, 3]);
    expect(fs.readFileSync(slotFile(host, NAME, 0))).toEqual(committed0);
    expect(fs.readFileSync(slotFile(host, NAME, 1))).toEqual(committed1);
    expect(readAll(device, 0)).toEqual(filled(SIZE, 0xaa));
    const expected1 = pattern(SIZE, 2);
    expected1.set(filled(2, 0xbb), 4);
    expected1.set(filled(2, 0xcc), 8);
    expect(readAll(device, 1)).toEqual(expected1);
    commit(space);
    expect(slotFiles(host, NAME)).toEqual([2, 3]); // the old slots went with the commit
    device.write(5, 0, filled(SIZE, 5));
    expect(slotFiles(host, NAME)).toEqual([0, 2, 3]); // and are free to take again
  });

  it("does not reuse a freed committed chunk's slot before the commit, and removes its file after it", () => {
    const host = newHost("files");
    const space = new ChunkSpace(host);
    const device = space.device(NAME, SIZE, 7);
    device.write(0, 0, pattern(SIZE, 1));
    commit(space);
    const committed = fs.readFileSync(slotFile(host, NAME, 0));
    device.free(0);
    device.write(1, 0, filled(SIZE, 1));
    device.write(0, 0, filled(SIZE, 2));
    expect(slotFiles(host, NAME)).toEqual([0, 1, 2]);
    expect(fs.readFileSync(slotFile(host, NAME, 0))).toEqual(committed);
    device.free(1); // a live chunk's slot is free at once
    device.write(3, 0, filled(SIZE, 3));
    expect(slotFiles(host, NAME)).toEqual([0, 1, 2]);
    commit(space);
    expect(slotFiles(host, NAME)).toEqual([1, 2]);
    expect(readAll(device, 0)).toEqual(filled(SIZE, 2));
    expect(readAll(device, 3)).toEqual(filled(SIZE, 3));
  });

  it("keeps a device whose chunks are all freed out of the saved form, and its files go at the commit", () => {
    const host = newHost("files");
    const space = new ChunkSpace(host);
    const device = space.device(NAME, SIZE, 7);
    for (let id = 0; id < 4; id++) device.write(id, 0, filled(SIZE, id));
    commit(space);
    for (let id = 0; id < 4; id++) device.free(id);
    expect(space.toJSON().devices).toEqual({});
    expect(slotFiles(host, NAME)).toEqual([0, 1, 2, 3]);
    commit(space);
    expect(slotFiles(host, NAME)).toEqual([]);
  });

  it("replays over the folder after a crash: a new host reads what the snapshot saw, even synced but never committed", () => {
    const host = newHost("files");
    const space = new ChunkSpace(host);
    const device = space.device(NAME, SIZE, 7);
    device.write(0, 0, pattern(SIZE, 1));
    device.write(2, 0, pattern(SIZE, 2));
    space.sync();
    const saved = space.toJSON(); // the snapshot is written; the run dies before committed()
    device.write(3, 0, filled(SIZE, 0xdd)); // (the journal's next write: a fresh slot)
    const after = new ChunkSpace(ChunkHost.inFolder(host.folder!)); // a new process over the same folder
    after.restore(saved);
    const restored = after.device(NAME, SIZE, 7);
    expect(readAll(restored, 0)).toEqual(pattern(SIZE, 1));
    expect(readAll(restored, 2)).toEqual(pattern(SIZE, 2));
    expect(restored.holds(3)).toBe(false);
    expect(restored.count()).toBe(2);
  });
});

describe.each(HOST_KINDS)("a restored space on a %s host", (kind) => {
  it("reads the committed bytes even after the first space wrote, freed and overwrote more", () => {
    const host = newHost(kind);
    const first = new ChunkSpace(host);
    const device = first.device(NAME, SIZE, 7);
    device.write(0, 0, pattern(SIZE, 1));
    device.write(1, 0, pattern(SIZE, 2));
    device.write(2, 3, filled(5, 7));
    commit(first);
    const saved = first.toJSON();
    device.write(0, 0, filled(SIZE, 0xee)); // whole over a committed chunk
    device.write(1, 1, filled(3, 0xdd)); // partial: the new bytes sit in the shared cache
    device.free(2);
    device.write(2, 0, filled(SIZE, 0xcc)); // into a fresh slot, not the retired one
    device.write(4, 0, filled(SIZE, 0xbb));
    const second = new ChunkSpace(host);
    second.restore(saved);
    const replayed = second.device(NAME, SIZE, 7);
    expect(readAll(replayed, 0)).toEqual(pattern(SIZE, 1));
    const part = new Uint8Array(4);
    replayed.read(1, 0, 4, part, 0);
    expect(part).toEqual(pattern(4, 2));
    const expected2 = new Uint8Array(SIZE);
    expected2.set(filled(5, 7), 3);
    expect(readAll(replayed, 2)).toEqual(expected2);
    expect(replayed.holds(4)).toBe(false);
    expect([0, 1, 2, 3].map((id) => replayed.verify(id))).toEqual([true, true, true, true]);
    replayed.write(5, 0, filled(SIZE, 0x55)); // the replay writes over the first run's leftovers
    replayed.write(6, 2, filled(2, 0x66));
    commit(second);
    expect(readAll(replayed, 5)).toEqual(filled(SIZE, 0x55));
    expect(readAll(replayed, 0)).toEqual(pattern(SIZE, 1));
    expect(second.toJSON().devices[NAME]!.chunks.map(([id]) => id)).toEqual([0, 1, 2, 5, 6]);
    if (kind === "files") expect(slotFiles(host, NAME).length).toBe(5); // the first run's leftovers went
  });
});

describe("files a crashed run left", () => {
  it("are not taken for chunks, are written over when their slot is taken, and go at the commit", () => {
    const host = newHost("files");
    const folder = path.join(host.folder!, NAME);
    fs.mkdirSync(folder, { recursive: true });
    for (const slot of [0, 1, 5]) fs.writeFileSync(path.join(folder, `${slot}.chunk`), filled(SIZE, 0x99));
    fs.writeFileSync(path.join(folder, "3.chunk"), filled(3, 0x99)); // torn
    fs.writeFileSync(path.join(folder, "notes.txt"), "not a chunk");
    const space = new ChunkSpace(host);
    const device = space.device(NAME, SIZE, 7);
    expect(device.count()).toBe(0);
    for (let id = 0; id <= 7; id++) expect(readAll(device, id)).toEqual(new Uint8Array(SIZE));
    device.write(4, 2, filled(2, 4)); // takes slot 0, over a leftover
    expect(readAll(device, 4)).toEqual(Uint8Array.of(0, 0, 4, 4, ...new Uint8Array(SIZE - 4)));
    expect(device.verify(4)).toBe(true);
    commit(space);
    expect(slotFiles(host, NAME)).toEqual([0]);
    expect(fs.readdirSync(folder).sort()).toEqual(["0.chunk", "notes.txt"]); // only our own names go
  });

  it("past the device's slots also go at the commit", () => {
    const host = newHost("files");
    const folder = path.join(host.folder!, NAME);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, "100.chunk"), filled(SIZE, 1)); // a device of more ids once had this slot
    const space = new ChunkSpace(host);
    space.device(NAME, SIZE, 3).write(0, 0, filled(SIZE, 2));
    commit(space);
    expect(slotFiles(host, NAME)).toEqual([0]);
  });
});

describe("files a crashed run left on a device the next run does not write", () => {
  it.each(HOST_KINDS)("go at the commit on a %s host", (kind) => {
    const host = newHost(kind);
    const crashed = new ChunkSpace(host);
    crashed.device(NAME, SIZE, 3).write(1, 0, filled(SIZE, 1)); // never committed
    const next = new ChunkSpace(host);
    const device = next.device(NAME, SIZE, 3);
    expect(device.holds(1)).toBe(false);
    commit(next);
    expect(host.slotsOf(NAME, SIZE).slots.present()).toEqual([]);
  });
});
