// NodeStores' per-node bookkeeping that reports lean on: the archived-copy count (so a node with
// none answers without a scan) and the one-scan listing of every node's live addresses.

import { describe, expect, it } from "vitest";
import { ChunkNames, chunkAddress, NO_SNAPSHOT } from "../../modules/cluster/chunk-address.js";
import { NodeStores } from "../../modules/cluster/node-store.js";
import { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";

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
