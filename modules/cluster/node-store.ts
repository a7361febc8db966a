// The chunks storage nodes hold. A copy is (node, chunk address) -> a stored chunk: a
// CLUSTER_CHUNK_SIZE buffer with the shard version it reflects and a reference count, in a fixed
// table of CLUSTER_STORED_CHUNK_MAX ids. A snapshot's copy refers to its volume's stored chunk (a
// reference each) and a write copies a shared chunk before changing it, as local volumes do. A
// node holds at most capacity / CLUSTER_CHUNK_SIZE distinct chunks. A copy the MDM no longer
// trusts (a stale copy on a node that returns after its data was re-created elsewhere) is
// archived: kept under its address plus ARCHIVED, out of the data path and of `keys`, still
// taking its space, until cleaned. The buffers stay one object each (a later store moves them to
// disk); the indexing is integer tables only.

import { assert } from "../../src/assert.js";
import { fail } from "../../src/errors.js";
import { CLUSTER_CHUNK_KEY_MAX, CLUSTER_CHUNK_SIZE, CLUSTER_STORED_CHUNK_MAX, STORAGE_NODE_MAX } from "../../src/limits.js";
import { IntMap } from "../../src/table/int-map.js";
import { CHUNK_ADDRESS_COUNT, ARCHIVED, type ChunkNames } from "./chunk-address.js";

const NODE_STRIDE = 2 * CHUNK_ADDRESS_COUNT; // live and archived addresses of one node
const copyKey = (node: number, address: number) => node * NODE_STRIDE + address;

export type SavedChunks = { keys: [number, string, number][]; chunks: [number, number, number, string][] };

export class NodeStores {
  private readonly copies = new IntMap("chunk copy", CLUSTER_CHUNK_KEY_MAX, "CLUSTER_CHUNK_KEY_MAX"); // (node, address) -> stored chunk id
  private readonly bytes: (Uint8Array | undefined)[] = []; // by id; ids are taken densely, so at most CLUSTER_STORED_CHUNK_MAX long
  // The stored chunks' columns, allocated at full capacity with the first chunk (a kernel that never
  // stores one does not pay for them), once.
  private versions = new Float64Array(0);
  private references = new Uint32Array(0);
  private freeIds = new Int32Array(0); // freed ids, reused first
  private freeCount = 0;
  private fresh = 0; // ids below this were taken at least once
  private readonly distinct = new Int32Array(STORAGE_NODE_MAX);
  private readonly archivedCount = new Int32Array(STORAGE_NODE_MAX); // archived copies per node: health asks on every status, most hold none

  constructor(
    private readonly capacityChunks: (node: number) => number,
    private readonly nameOf: (node: number) => string,
    private readonly names: ChunkNames,
  ) {}

  /** A stored chunk id: a freed one, or the next never used; ENOSPC past CLUSTER_STORED_CHUNK_MAX. */
  private takeId(): number {
    if (this.versions.length === 0) {
      this.versions = new Float64Array(CLUSTER_STORED_CHUNK_MAX);
      this.references = new Uint32Array(CLUSTER_STORED_CHUNK_MAX);
      this.freeIds = new Int32Array(CLUSTER_STORED_CHUNK_MAX);
    }
    if (this.freeCount > 0) return this.freeIds[--this.freeCount]!;
    if (this.fresh === CLUSTER_STORED_CHUNK_MAX) fail("ENOSPC", `stored chunk table full: ${CLUSTER_STORED_CHUNK_MAX} chunks on all nodes (CLUSTER_STORED_CHUNK_MAX)`);
    return this.fresh++;
  }

  private idOf(node: number, address: number): number {
    return this.copies.getOr(copyKey(node, address), -1);
  }

  /** Points (node, address) at stored chunk `id`, counting a new archived copy. */
  private link(node: number, address: number, id: number): void {
    const key = copyKey(node, address);
    if (address >= ARCHIVED && !this.copies.has(key)) this.archivedCount[node]!++;
    this.copies.set(key, id);
  }

  /** Removes the key (node, address), counting an archived copy gone. */
  private unlink(node: number, address: number): void {
    if (this.copies.delete(copyKey(node, address)) && address >= ARCHIVED) this.archivedCount[node]!--;
  }

  has(node: number, address: number): boolean {
    return this.idOf(node, address) >= 0;
  }

  /** The version of the copy, or `absent` when the node holds none. */
  versionOr(node: number, address: number, absent: number): number {
    const id = this.idOf(node, address);
    return id < 0 ? absent : this.versions[id]!;
  }

  /** The copy's bytes, in place; the node must hold it. */
  bytesOf(node: number, address: number): Uint8Array {
    const id = this.idOf(node, address);
    if (!(id >= 0)) assert(false, `node ${node} holds a copy of chunk ${address}`); // the message is built only on failure (a hot path)
    return (this.bytes[id] ??= new Uint8Array(CLUSTER_CHUNK_SIZE));
  }

  /** How many keys share the copy's stored chunk (0: none held). */
  sharedBy(node: number, address: number): number {
    const id = this.idOf(node, address);
    return id < 0 ? 0 : this.references[id]!;
  }

  /** Distinct chunks held (shared ones once). */
  count(node: number): number {
    return this.distinct[node]!;
  }

  /** Fails with ENOSPC if `node` cannot take `more` new chunks. */
  checkRoom(node: number, more: number): void {
    if (this.count(node) + more > this.capacityChunks(node)) fail("ENOSPC", `storage node ${this.nameOf(node)} cannot take ${more} more chunks: ${this.count(node)} of ${this.capacityChunks(node)} in use`);
  }

  /** Whether writing `address` on `node` takes a new chunk (absent, or shared with a snapshot). */
  needsChunk(node: number, address: number): boolean {
    return this.sharedBy(node, address) !== 1;
  }

  private newChunk(node: number, address: number, bytes: Uint8Array, version: number): number {
    const id = this.takeId();
    this.bytes[id] = bytes;
    this.versions[id] = version;
    this.references[id] = 1;
    this.link(node, address, id);
    this.distinct[node]!++;
    return id;
  }

  /** Drops one reference to a stored chunk; the last one frees it. */
  private release(node: number, id: number): void {
    if (!(this.references[id]! > 0)) assert(false, `stored chunk ${id} is referenced before it is released`); // the message is built only on failure (a hot path)
    if (--this.references[id]! > 0) return;
    this.bytes[id] = undefined;
    this.versions[id] = 0;
    this.freeIds[this.freeCount++] = id;
    this.distinct[node]!--;
  }

  /** Writes `data` at `inner` within the chunk (creating it zeroed, or copying it if shared), at `version`. */
  apply(node: number, address: number, inner: number, data: Uint8Array, version: number): void {
    let id = this.idOf(node, address);
    if (id < 0 || this.references[id]! > 1) {
      const shared = id;
      if (shared >= 0) this.references[shared]!--;
      id = this.newChunk(node, address, shared < 0 ? new Uint8Array(CLUSTER_CHUNK_SIZE) : this.bytesOf(node, address).slice(), shared < 0 ? 0 : this.versions[shared]!);
    }
    this.bytesOf(node, address).set(data, inner);
    this.versions[id] = Math.max(this.versions[id]!, version);
  }

  /** Makes `to` refer to the same chunk as `from` (a snapshot, or a restore). */
  share(node: number, from: number, to: number): void {
    const id = this.idOf(node, from);
    this.delete(node, to);
    if (id < 0) return;
    this.references[id]!++;
    this.link(node, to, id);
  }

  /** A private copy on `to` of the chunk `from` holds (rebuild, migration). */
  copy(from: number, to: number, address: number): void {
    const bytes = this.bytesOf(from, address).slice();
    const version = this.versionOr(from, address, 0);
    this.delete(to, address);
    this.newChunk(to, address, bytes, version);
  }

  delete(node: number, address: number): void {
    const id = this.idOf(node, address);
    if (id < 0) return;
    this.unlink(node, address);
    this.release(node, id);
  }

  /** Deletes, on every node, the copies whose address `matches`, archived copies of them too. */
  deleteWhere(matches: (address: number) => boolean): void {
    this.copies.forEach((key) => {
      const address = key % NODE_STRIDE;
      if (matches(address % ARCHIVED)) this.delete(Math.floor(key / NODE_STRIDE), address);
    });
  }

  /** Addresses on `node`, archived (true) or live, sorted by their text. */
  private addresses(node: number, archived: boolean): number[] {
    const found: number[] = [];
    this.copies.forEach((key) => {
      const address = key - node * NODE_STRIDE;
      if (address >= 0 && address < NODE_STRIDE && address >= ARCHIVED === archived) found.push(address % ARCHIVED);
    });
    return this.names.sort(found);
  }

  /** Live addresses, sorted by text: the copies the data path and the rebuild use. */
  keys(node: number): number[] {
    return this.addresses(node, false);
  }

  /** Live addresses of every node, by node, in the order they were stored (not sorted): one scan for all nodes. */
  liveByNode(): number[][] {
    const found: number[][] = Array.from({ length: STORAGE_NODE_MAX }, () => []); // local to one call
    this.copies.forEach((key) => {
      const address = key % NODE_STRIDE;
      if (address < ARCHIVED) found[Math.floor(key / NODE_STRIDE)]!.push(address);
    });
    return found;
  }

  /** Sorts addresses by their text (the order `keys` lists them in). */
  sortByText(addresses: number[]): number[] {
    return addresses.length < 2 ? addresses : this.names.sort(addresses);
  }

  /** Takes a copy out of the data path, keeping its bytes (replacing an older archived copy of the same chunk). */
  archive(node: number, address: number): void {
    const id = this.idOf(node, address);
    if (id < 0) return;
    this.delete(node, ARCHIVED + address);
    this.link(node, ARCHIVED + address, id);
    this.unlink(node, address);
  }

  /** Archived copies on `node`: address (as it was live) and version, sorted by text. */
  archived(node: number): { key: number; version: number }[] {
    if (this.archivedCount[node] === 0) return [];
    return this.addresses(node, true).map((address) => ({ key: address, version: this.versionOr(node, ARCHIVED + address, 0) }));
  }

  /** Deletes the archived copies on `node`; returns how many. */
  cleanArchived(node: number): number {
    const archived = this.archived(node);
    for (const { key } of archived) this.delete(node, ARCHIVED + key);
    return archived.length;
  }

  clear(node: number): void {
    this.copies.forEach((key) => {
      if (Math.floor(key / NODE_STRIDE) === node) this.delete(node, key % NODE_STRIDE);
    });
    this.distinct[node] = 0;
    this.archivedCount[node] = 0;
  }

  /** Keys (as text, archived ones "~"-prefixed, sorted) and distinct chunks separately, so shared chunks stay shared after a restore. */
  toJSON(): SavedChunks {
    const keys: SavedChunks["keys"] = [];
    const chunks: SavedChunks["chunks"] = [];
    for (let node = 0; node < STORAGE_NODE_MAX; node++) {
      const texts = [...this.addresses(node, false).map((address) => [this.names.text(address), address] as const), ...this.addresses(node, true).map((address) => [`~${this.names.text(address)}`, ARCHIVED + address] as const)];
      texts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const ids = new Map<number, number>(); // local to one save: stored chunk -> its number in the file
      for (const [text, address] of texts) {
        const id = this.idOf(node, address);
        if (!ids.has(id)) {
          ids.set(id, ids.size);
          chunks.push([node, ids.size - 1, this.versions[id]!, Buffer.from(this.bytesOf(node, address)).toString("base64")]);
        }
        keys.push([node, text, ids.get(id)!]);
      }
    }
    return { keys, chunks };
  }

  /** Keys naming a volume or snapshot that no longer exists are left out (nothing could reach them). */
  restore(saved: SavedChunks): void {
    const ids = new Map<number, number>(); // local to one restore: node * 2^32 + number in the file -> stored chunk
    for (const [node, number, version, base64] of saved.chunks) {
      const id = this.takeId();
      this.bytes[id] = new Uint8Array(Buffer.from(base64, "base64"));
      this.versions[id] = version;
      ids.set(node * 2 ** 32 + number, id);
      this.distinct[node]!++;
    }
    for (const [node, key, number] of saved.keys) {
      const id = ids.get(node * 2 ** 32 + number);
      if (id === undefined) fail("EINVAL", `saved chunk key ${key} on node ${node} names a missing chunk`);
      const address = this.names.parse(key.startsWith("~") ? key.slice(1) : key);
      if (address === undefined) continue;
      this.references[id]!++;
      this.link(node, key.startsWith("~") ? ARCHIVED + address : address, id);
    }
  }
}
