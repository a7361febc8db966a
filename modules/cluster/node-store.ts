// The chunks a storage node holds: for each (volume, chunk index) a CLUSTER_CHUNK_SIZE buffer and
// the shard version it reflects. A node holds at most capacity / CLUSTER_CHUNK_SIZE chunks.

import { fail } from "../../src/errors.js";
import { CLUSTER_CHUNK_SIZE, STORAGE_NODE_MAX } from "../../src/limits.js";

export interface StoredChunk {
  bytes: Uint8Array;
  version: number;
}

export const chunkKey = (volume: string, index: number) => `${volume}#${index}`;

export class NodeStores {
  private readonly chunks: Map<string, StoredChunk>[] = Array.from({ length: STORAGE_NODE_MAX }, () => new Map()); // each bounded by its node's capacity

  constructor(private readonly capacityChunks: (node: number) => number, private readonly nameOf: (node: number) => string) {}

  get(node: number, key: string): StoredChunk | undefined {
    return this.chunks[node]!.get(key);
  }

  count(node: number): number {
    return this.chunks[node]!.size;
  }

  /** Fails with ENOSPC if `node` cannot take `more` new chunks. */
  checkRoom(node: number, more: number): void {
    if (this.count(node) + more > this.capacityChunks(node)) fail("ENOSPC", `storage node ${this.nameOf(node)} is full: ${this.count(node)} of ${this.capacityChunks(node)} chunks`);
  }

  /** Writes `data` at `inner` within the chunk (creating it zeroed), at `version`. */
  apply(node: number, key: string, inner: number, data: Uint8Array, version: number): void {
    let chunk = this.chunks[node]!.get(key);
    if (chunk === undefined) {
      chunk = { bytes: new Uint8Array(CLUSTER_CHUNK_SIZE), version: 0 };
      this.chunks[node]!.set(key, chunk);
    }
    chunk.bytes.set(data, inner);
    chunk.version = Math.max(chunk.version, version);
  }

  put(node: number, key: string, chunk: StoredChunk): void {
    this.chunks[node]!.set(key, { bytes: chunk.bytes.slice(), version: chunk.version });
  }

  delete(node: number, key: string): void {
    this.chunks[node]!.delete(key);
  }

  /** Removes every chunk of `volume` from every node (at or past `fromIndex`). */
  deleteVolume(volume: string, fromIndex = 0): void {
    for (const map of this.chunks) {
      for (const key of [...map.keys()]) {
        const hash = key.lastIndexOf("#");
        if (key.slice(0, hash) === volume && Number(key.slice(hash + 1)) >= fromIndex) map.delete(key);
      }
    }
  }

  keys(node: number): string[] {
    return [...this.chunks[node]!.keys()].sort();
  }

  clear(node: number): void {
    this.chunks[node]!.clear();
  }

  toJSON(): [number, string, number, string][] {
    const saved: [number, string, number, string][] = [];
    this.chunks.forEach((map, node) => {
      for (const key of [...map.keys()].sort()) saved.push([node, key, map.get(key)!.version, Buffer.from(map.get(key)!.bytes).toString("base64")]);
    });
    return saved;
  }

  restore(saved: readonly [number, string, number, string][]): void {
    for (const [node, key, version, base64] of saved) this.chunks[node]!.set(key, { bytes: new Uint8Array(Buffer.from(base64, "base64")), version });
  }
}
