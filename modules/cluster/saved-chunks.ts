// The storage nodes' chunks as state.json holds them: metadata only. `keys` names each copy
// ([node, "volume#index" or "~volume#index" when archived, stored chunk id]) and `chunks` each
// stored chunk once ([node, id, version]); the bytes stay on the node's chunk device under that
// id, so ids are kept exactly across save and restore. Snapshots from before the chunk store
// listed [node, number, version, base64] instead: their bytes are written to the devices on
// restore, under ids taken afresh.

import { fail } from "../../src/errors.js";
import { CLUSTER_CHUNK_SIZE } from "../../src/limits.js";
import { ARCHIVED, type ChunkNames } from "./chunk-address.js";

/** [node, id, version], or (before the chunk store) [node, number in the file, version, base64 bytes]. */
export type SavedChunk = [number, number, number] | [number, number, number, string];
export type SavedChunks = { keys: [number, string, number][]; chunks: SavedChunk[] };

/** What a restore does to the node stores. */
export interface ChunkRestorer {
  /** Marks stored chunk `id` as held by `node` at `version` (no reference yet). */
  claim(node: number, id: number, version: number): void;
  takeId(): number;
  write(node: number, id: number, bytes: Uint8Array): void;
  /** One more key refers to the chunk. */
  link(node: number, address: number, id: number): void;
}

/** The saved form, from each node's sorted live and archived addresses. */
export function savedChunks(nodes: number, live: (node: number) => number[], archived: (node: number) => number[], idOf: (node: number, address: number) => number, versionOf: (id: number) => number, names: ChunkNames): SavedChunks {
  const keys: SavedChunks["keys"] = [];
  const chunks: SavedChunk[] = [];
  for (let node = 0; node < nodes; node++) {
    const texts = [...live(node).map((address) => [names.text(address), address] as const), ...archived(node).map((address) => [`~${names.text(address)}`, ARCHIVED + address] as const)];
    texts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const listed = new Set<number>(); // local to one save: stored chunks already listed
    for (const [text, address] of texts) {
      const id = idOf(node, address);
      if (!listed.has(id)) {
        listed.add(id);
        chunks.push([node, id, versionOf(id)]);
      }
      keys.push([node, text, id]);
    }
  }
  return { keys, chunks };
}

export function restoreChunks(saved: SavedChunks, names: ChunkNames, to: ChunkRestorer): void {
  const ids = new Map<number, number>(); // local to one restore: node * 2^32 + number in the file -> stored chunk id
  for (const row of saved.chunks) {
    const [node, number, version] = row;
    const id = row.length === 4 ? to.takeId() : number;
    to.claim(node, id, version);
    if (row.length === 4) to.write(node, id, wholeChunk(row[3]));
    ids.set(node * 2 ** 32 + number, id);
  }
  for (const [node, key, number] of saved.keys) {
    const id = ids.get(node * 2 ** 32 + number);
    if (id === undefined) fail("EINVAL", `saved chunk key ${key} on node ${node} names a missing chunk`);
    const archived = key.startsWith("~");
    const address = names.parse(archived ? key.slice(1) : key);
    if (address !== undefined) to.link(node, archived ? ARCHIVED + address : address, id);
  }
}

/** An old snapshot's base64 chunk as a whole chunk (zeros past its end). */
function wholeChunk(base64: string): Uint8Array {
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length === CLUSTER_CHUNK_SIZE) return bytes;
  const chunk = new Uint8Array(CLUSTER_CHUNK_SIZE);
  chunk.set(bytes.subarray(0, CLUSTER_CHUNK_SIZE));
  return chunk;
}
