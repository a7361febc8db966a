// A session's chunk generations (chunk-folders.ts): one host per generation folder (chunks,
// chunks.1 ...), a fresh generation beside those that exist, and keepOnly removing the others
// once a snapshot naming the kept one has committed. In memory, the same without folders.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ChunkFolders } from "../../src/chunks/chunk-folders.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";
import { filled, scratchDir } from "./fixtures.js";

function writeOne(folders: ChunkFolders, generation: string | undefined, value: number): ChunkSpace {
  const space = new ChunkSpace(folders.open(generation));
  space.device("sds/sds1", 8, 3).write(0, 0, filled(8, value));
  space.sync();
  space.committed();
  return space;
}

describe("chunk folders under a state directory", () => {
  it("opens the same host for the same generation, the first for none or a name that is not one", () => {
    const dir = scratchDir();
    const folders = ChunkFolders.under(dir);
    const first = folders.open(undefined);
    expect(first.generation).toBe("chunks");
    expect(first.folder).toBe(path.join(dir, "chunks"));
    expect(folders.open("chunks")).toBe(first);
    for (const name of ["../etc", "chunks.x", "other", ""]) expect(folders.open(name), name).toBe(first);
    const third = folders.open("chunks.3");
    expect(third.generation).toBe("chunks.3");
    expect(folders.open("chunks.3")).toBe(third);
    expect(folders.pathOf("chunks.3")).toBe(path.join(dir, "chunks.3"));
  });

  it("picks a fresh generation past the current one, past folders on disk and hosts open", () => {
    const dir = scratchDir();
    const folders = ChunkFolders.under(dir);
    const first = folders.open("chunks");
    expect(folders.fresh(first).generation).toBe("chunks.1");
    fs.mkdirSync(path.join(dir, "chunks.2")); // left by an earlier run
    const next = folders.fresh(folders.open("chunks.1"));
    expect(next.generation).toBe("chunks.3");
    expect(folders.fresh(first).generation).toBe("chunks.4"); // chunks.1 and .3 are open, .2 on disk
  });

  it("keeps only the committed generation's folder, leaving other files of the state directory alone", () => {
    const dir = scratchDir();
    const folders = ChunkFolders.under(dir);
    writeOne(folders, "chunks", 1);
    const kept = folders.fresh(folders.open("chunks"));
    const saved = writeOne(folders, kept.generation, 2).toJSON();
    fs.mkdirSync(path.join(dir, "chunks.7")); // a crashed run's generation
    fs.writeFileSync(path.join(dir, "state.json"), "{}");
    fs.mkdirSync(path.join(dir, "chunks-notes"));
    folders.keepOnly(kept);
    expect(fs.readdirSync(dir).sort()).toEqual(["chunks-notes", "chunks.1", "state.json"]);
    expect(folders.open("chunks.1")).toBe(kept);
    const out = new Uint8Array(8);
    const space = new ChunkSpace(folders.open("chunks.1")); // the next load over the kept generation
    space.restore(saved);
    space.device("sds/sds1", 8, 3).read(0, 0, 8, out, 0);
    expect(out).toEqual(filled(8, 2));
    expect(folders.open("chunks")).not.toBe(kept); // a new host: the old one's folder is gone
  });
});

describe("chunk folders in memory", () => {
  it("keeps bytes per generation in its host, and keepOnly drops the others' bytes", () => {
    const folders = ChunkFolders.inMemory();
    expect(folders.pathOf("chunks")).toBeUndefined();
    const saved = writeOne(folders, undefined, 1).toJSON();
    const again = new ChunkSpace(folders.open("chunks")); // same host: same bytes
    again.restore(saved);
    const out = new Uint8Array(8);
    again.device("sds/sds1", 8, 3).read(0, 0, 8, out, 0);
    expect(out).toEqual(filled(8, 1));
    const kept = folders.fresh(folders.open("chunks"));
    expect(kept.generation).toBe("chunks.1");
    expect(folders.fresh(kept).generation).toBe("chunks.2");
    folders.keepOnly(kept);
    const gone = new ChunkSpace(folders.open("chunks"));
    gone.restore(saved);
    expect(() => gone.device("sds/sds1", 8, 3).read(0, 0, 8, out, 0)).toThrow(/stored chunk is missing/);
  });
});

describe("temporary chunk folders", () => {
  it("live in a private folder of the system's temporary directory, removed at exit", () => {
    const before = process.listeners("exit");
    const folders = ChunkFolders.temporary();
    const [removal] = process.listeners("exit").filter((listener) => !before.includes(listener));
    const root = path.dirname(folders.pathOf("chunks")!);
    try {
      expect(path.dirname(root)).toBe(os.tmpdir());
      expect(fs.statSync(root).mode & 0o077).toBe(0); // mkdtemp: the owner's alone
      writeOne(folders, undefined, 1);
      expect(fs.readdirSync(path.join(root, "chunks", "sds", "sds1"))).toEqual(["0.chunk"]);
      expect(removal).toBeDefined();
      (removal as () => void)();
      expect(fs.existsSync(root)).toBe(false);
    } finally {
      if (removal !== undefined) process.removeListener("exit", removal);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
