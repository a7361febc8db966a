// NodeStores' per-node bookkeeping that reports lean on: the archived-copy count (so a node with
// none answers without a scan) and the one-scan listing of every node's live addresses.

import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ChunkNames, chunkAddress, NO_SNAPSHOT } from "../../modules/cluster/chunk-address.js";
import { NodeStores } from "../../modules/cluster/node-store.js";
import { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";
import { CLUSTER_CHUNK_SIZE, CLUSTER_STORED_CHUNK_MAX } from "../../src/limits.js";
import { tempDir } from "../helpers.js";

const names = new ChunkNames({ volumeName: (v) => `v${v}`, snapshotKey: (s) => `v0@s${s}`, findVolume: () => -1, findSnapshot: () => -1 });
const stores = () => new NodeStores(() => 1000, (n) => `n${n}`, names, new ChunkSpace(ChunkHost.inMemory()));
const at = (index: number) => chunkAddress(0, NO_SNAPSHOT, index);
const data = new Uint8Array([1, 2, 3]);

describe("NodeStores", () => {
  it("lists archived copies while there are some and none after they are cleaned", () => {
    const s = stores();
    s.apply(1, at(2), 0, data, 1);
    s.apply(1, at(10), 0, data, 1);
    expect(s.archived(1)).toEqual([]);
    s.archive(1, at(2));
    s.archive(1, at(10));
    expect(s.archived(1).map((a) => a.key)).toEqual([at(10), at(2)]); // by text: "v0#10" before "v0#2"
    expect(s.archived(0)).toEqual([]);
    expect(s.cleanArchived(1)).toBe(2);
    expect(s.archived(1)).toEqual([]);
    expect(s.count(1)).toBe(0);
  });

  it("counts an archived copy replaced by a newer one once, and clear forgets them", () => {
    const s = stores();
    s.apply(2, at(3), 0, data, 1);
    s.archive(2, at(3));
    s.apply(2, at(3), 0, data, 2);
    s.archive(2, at(3)); // replaces the older archived copy
    expect(s.archived(2)).toEqual([{ key: at(3), version: 2 }]);
    s.clear(2);
    expect(s.archived(2)).toEqual([]);
    expect(s.keys(2)).toEqual([]);
  });

  it("lists each node's live addresses in one scan, archived ones left out", () => {
    const s = stores();
    s.apply(0, at(5), 0, data, 1);
    s.apply(3, at(1), 0, data, 1);
    s.apply(0, at(4), 0, data, 1);
    s.archive(3, at(1));
    const live = s.liveByNode();
    expect(live[0]).toEqual([at(5), at(4)]); // in the order stored
    expect(live[3]).toEqual([]);
    expect(s.sortByText(live[0]!)).toEqual(s.keys(0));
  });
});

// Copies between stored chunks (rebuild, migration, copy-on-write, repair) go through one kept
// buffer: each must still land whole, checked, and leave the source and earlier copies as they were.
describe("NodeStores copies", () => {
  const pattern = (seed: number) => new Uint8Array(CLUSTER_CHUNK_SIZE).map((_, i) => (i * 7 + seed) % 251);
  const bytesOf = (s: NodeStores, node: number, address: number) => {
    const out = Buffer.alloc(CLUSTER_CHUNK_SIZE, 0xee);
    s.read(node, address, 0, CLUSTER_CHUNK_SIZE, out, 0);
    return out;
  };
  const same = (got: Buffer, expected: Uint8Array) => expect(got.equals(expected)).toBe(true); // a 1 MiB deep equal takes seconds

  it("copies whole chunks to other nodes, each copy its own bytes, the buffer's reuse leaking nothing", () => {
    const s = stores();
    s.apply(0, at(1), 0, pattern(1), 1);
    s.apply(0, at(2), 0, pattern(2), 1);
    expect(s.copy(0, 1, at(1))).toBe(true);
    expect(s.copy(0, 2, at(2))).toBe(true); // the same buffer carries the second chunk
    same(bytesOf(s, 1, at(1)), pattern(1));
    same(bytesOf(s, 2, at(2)), pattern(2));
    s.apply(0, at(1), 0, pattern(9), 2);
    same(bytesOf(s, 1, at(1)), pattern(1)); // the copy is not the source's bytes
    expect(s.versionOr(1, at(1), 0)).toBe(1);
  });

  it("copy-on-write: a partial write to a chunk shared with a snapshot keeps the snapshot's bytes and the rest of its own", () => {
    const s = stores();
    const snap = chunkAddress(0, 0, 4);
    s.apply(0, at(4), 0, pattern(3), 1);
    s.share(0, at(4), snap);
    s.apply(0, at(4), 10, data, 2);
    const expected = pattern(3);
    expected.set(data, 10);
    same(bytesOf(s, 0, at(4)), expected);
    same(bytesOf(s, 0, snap), pattern(3));
    expect(s.sharedBy(0, at(4))).toBe(1);
  });

  it("a copy of a chunk holding no bytes (thick, never written) holds none either, and reads as zeros", () => {
    const s = stores();
    s.apply(0, at(6), 0, new Uint8Array(0), 1);
    expect(s.copy(0, 1, at(6))).toBe(true);
    expect(s.fileCount(1)).toBe(0);
    same(bytesOf(s, 1, at(6)), new Uint8Array(CLUSTER_CHUNK_SIZE));
  });

  it("a source whose stored bytes fail their checksum fails the copy with EIO: bad bytes are never copied", () => {
    const root = tempDir("kshell-node-store-");
    try {
      const chunks = new ChunkSpace(ChunkHost.inFolder(root));
      const s = new NodeStores(() => 1000, (n) => `n${n}`, names, chunks);
      s.apply(0, at(7), 0, pattern(4), 1);
      chunks.sync(); // the CRC is taken as the chunk is synced
      const folder = path.join(root, "sds", "n0");
      for (const file of fs.readdirSync(folder)) fs.writeFileSync(path.join(folder, file), Buffer.alloc(CLUSTER_CHUNK_SIZE, 0xee));
      expect(() => s.copy(0, 1, at(7))).toThrow(expect.objectContaining({ code: "EIO" }));
      expect(chunks.device("sds/n1", CLUSTER_CHUNK_SIZE, CLUSTER_STORED_CHUNK_MAX - 1).count()).toBe(0);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
