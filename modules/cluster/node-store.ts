// The chunks a storage node holds: for each key ("volume#index", or "volume@snapshot#index" for
// a snapshot) a CLUSTER_CHUNK_SIZE buffer and the shard version it reflects. A snapshot shares
// its volume's chunk objects (a reference count each) and a write copies a shared chunk before
// changing it, as local volumes do. A node holds at most capacity / CLUSTER_CHUNK_SIZE distinct
// chunks. A copy the MDM no longer trusts (a stale copy on a node that returns after its data was
// re-created elsewhere) is archived: kept under ARCHIVED + key, out of the data path and of
// `keys`, still taking its space, until cleaned.

import { fail } from "../../src/errors.js";
import { CLUSTER_CHUNK_SIZE, STORAGE_NODE_MAX } from "../../src/limits.js";

export interface StoredChunk {
  bytes: Uint8Array;
  version: number;
  references: number;
}

export const chunkKey = (volume: string, index: number) => `${volume}#${index}`;
const ARCHIVED = "~"; // names never start with it

/** The key's volume (without any @snapshot) and chunk index. */
export function parseKey(key: string): { volume: string; snapshot: string | undefined; index: number } {
  const hash = key.lastIndexOf("#");
  const [volume, snapshot] = key.slice(0, hash).split("@");
  return { volume: volume!, snapshot, index: Number(key.slice(hash + 1)) };
}

export class NodeStores {
  private readonly chunks: Map<string, StoredChunk>[] = Array.from({ length: STORAGE_NODE_MAX }, () => new Map()); // each bounded by its node's capacity
  private readonly distinct = new Int32Array(STORAGE_NODE_MAX);

  constructor(private readonly capacityChunks: (node: number) => number, private readonly nameOf: (node: number) => string) {}

  get(node: number, key: string): StoredChunk | undefined {
    return this.chunks[node]!.get(key);
  }

  /** Distinct chunks held (shared ones once). */
  count(node: number): number {
    return this.distinct[node]!;
  }

  /** Fails with ENOSPC if `node` cannot take `more` new chunks. */
  checkRoom(node: number, more: number): void {
    if (this.count(node) + more > this.capacityChunks(node)) fail("ENOSPC", `storage node ${this.nameOf(node)} cannot take ${more} more chunks: ${this.count(node)} of ${this.capacityChunks(node)} in use`);
  }

  /** Whether writing `key` on `node` takes a new chunk (absent, or shared with a snapshot). */
  needsChunk(node: number, key: string): boolean {
    const chunk = this.get(node, key);
    return chunk === undefined || chunk.references > 1;
  }

  /** Writes `data` at `inner` within the chunk (creating it zeroed, or copying it if shared), at `version`. */
  apply(node: number, key: string, inner: number, data: Uint8Array, version: number): void {
    let chunk = this.chunks[node]!.get(key);
    if (chunk === undefined || chunk.references > 1) {
      if (chunk !== undefined) chunk.references--;
      chunk = { bytes: chunk === undefined ? new Uint8Array(CLUSTER_CHUNK_SIZE) : chunk.bytes.slice(), version: chunk?.version ?? 0, references: 1 };
      this.chunks[node]!.set(key, chunk);
      this.distinct[node]!++;
    }
    chunk.bytes.set(data, inner);
    chunk.version = Math.max(chunk.version, version);
  }

  /** Makes `to` refer to the same chunk as `from` (a snapshot, or a restore). */
  share(node: number, from: string, to: string): void {
    const chunk = this.get(node, from);
    this.delete(node, to);
    if (chunk === undefined) return;
    chunk.references++;
    this.chunks[node]!.set(to, chunk);
  }

  /** A private copy of a chunk from another node (migration). */
  put(node: number, key: string, chunk: StoredChunk): void {
    this.delete(node, key);
    this.chunks[node]!.set(key, { bytes: chunk.bytes.slice(), version: chunk.version, references: 1 });
    this.distinct[node]!++;
  }

  delete(node: number, key: string): void {
    const chunk = this.chunks[node]!.get(key);
    if (chunk === undefined) return;
    this.chunks[node]!.delete(key);
    if (--chunk.references === 0) this.distinct[node]!--;
  }

  /** Deletes, on every node, the keys `matches` accepts, archived copies of them too. */
  deleteWhere(matches: (key: string) => boolean): void {
    this.chunks.forEach((map, node) => {
      for (const key of [...map.keys()]) if (matches(key.startsWith(ARCHIVED) ? key.slice(ARCHIVED.length) : key)) this.delete(node, key);
    });
  }

  /** Live keys: the copies the data path and the rebuild use. */
  keys(node: number): string[] {
    return [...this.chunks[node]!.keys()].filter((key) => !key.startsWith(ARCHIVED)).sort();
  }

  /** Takes a copy out of the data path, keeping its bytes (replacing an older archived copy of the same key). */
  archive(node: number, key: string): void {
    const chunk = this.get(node, key);
    if (chunk === undefined) return;
    this.delete(node, ARCHIVED + key);
    this.chunks[node]!.set(ARCHIVED + key, chunk);
    this.chunks[node]!.delete(key);
  }

  /** Archived copies on `node`: key (as it was live) and version. */
  archived(node: number): { key: string; version: number }[] {
    return [...this.chunks[node]!.entries()].filter(([key]) => key.startsWith(ARCHIVED)).map(([key, chunk]) => ({ key: key.slice(ARCHIVED.length), version: chunk.version })).sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  /** Deletes the archived copies on `node`; returns how many. */
  cleanArchived(node: number): number {
    const archived = this.archived(node);
    for (const { key } of archived) this.delete(node, ARCHIVED + key);
    return archived.length;
  }

  clear(node: number): void {
    this.chunks[node]!.clear();
    this.distinct[node] = 0;
  }

  /** Keys and distinct chunks separately, so shared chunks stay shared after a restore. */
  toJSON(): { keys: [number, string, number][]; chunks: [number, number, number, string][] } {
    const keys: [number, string, number][] = [];
    const chunks: [number, number, number, string][] = [];
    this.chunks.forEach((map, node) => {
      const ids = new Map<StoredChunk, number>();
      for (const key of [...map.keys()].sort()) {
        const chunk = map.get(key)!;
        if (!ids.has(chunk)) {
          ids.set(chunk, ids.size);
          chunks.push([node, ids.size - 1, chunk.version, Buffer.from(chunk.bytes).toString("base64")]);
        }
        keys.push([node, key, ids.get(chunk)!]);
      }
    });
    return { keys, chunks };
  }

  restore(saved: { keys: [number, string, number][]; chunks: [number, number, number, string][] }): void {
    const objects = new Map<string, StoredChunk>();
    for (const [node, id, version, base64] of saved.chunks) {
      objects.set(`${node}:${id}`, { bytes: new Uint8Array(Buffer.from(base64, "base64")), version, references: 0 });
      this.distinct[node]!++;
    }
    for (const [node, key, id] of saved.keys) {
      const chunk = objects.get(`${node}:${id}`);
      if (chunk === undefined) fail("EINVAL", `saved chunk key ${key} on node ${node} names a missing chunk`);
      chunk.references++;
      this.chunks[node]!.set(key, chunk);
    }
  }
}
