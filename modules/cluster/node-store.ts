// The chunks storage nodes hold. A copy is (node, chunk address) -> a stored chunk id, with the
// shard version the chunk reflects and a reference count, in fixed tables of
// CLUSTER_STORED_CHUNK_MAX ids. The bytes are not here: each node's chunks live on its chunk
// device (`sds/<node>`, src/chunks/), under the stored chunk's id, so a chunk's file keeps its id
// across save and restore. A snapshot's copy refers to its volume's stored chunk (a reference
// each) and a write gives a shared chunk a private copy before changing it, as local volumes do.
// A node holds at most capacity / CLUSTER_CHUNK_SIZE distinct chunks. A copy the MDM no longer
// trusts (a stale copy on a node that returns after its data was re-created elsewhere) is
// archived: kept under its address plus ARCHIVED, out of the data path and of `keys`, still
// taking its space, until cleaned. The indexing is integer tables only, bounded by the chunks
// written (the copy map grows as copies come; the stored chunks' columns are allocated whole with
// the first chunk), never by the size of the volumes provisioned.

import { assert } from "../../src/assert.js";
import { unfilledBytes } from "../../src/chunks/bytes.js";
import { copyChunkThrough } from "../../src/chunks/chunk-copy.js";
import type { ChunkDevice, ChunkDevices } from "../../src/chunks/chunk-device.js";
import { fail } from "../../src/errors.js";
import { CLUSTER_CHUNK_KEY_MAX, CLUSTER_CHUNK_SIZE, CLUSTER_STORED_CHUNK_MAX, SNAPSHOT_COUNT_MAX, STORAGE_NODE_MAX } from "../../src/limits.js";
import { IntMap } from "../../src/table/int-map.js";
import { ARCHIVED, CHUNK_ADDRESS_COUNT, chunkAddress, type ChunkNames, indexOf, NO_SNAPSHOT, ownerOf, volumeOf } from "./chunk-address.js";
import { restoreChunks, savedChunks, type SavedChunks } from "./saved-chunks.js";

export type { SavedChunks } from "./saved-chunks.js";

const NODE_STRIDE = 2 * CHUNK_ADDRESS_COUNT; // live and archived addresses of one node
const copyKey = (node: number, address: number) => node * NODE_STRIDE + address;
const NO_NODE = -1;

export class NodeStores {
  private readonly copies = new IntMap("chunk copy", CLUSTER_CHUNK_KEY_MAX, "CLUSTER_CHUNK_KEY_MAX"); // (node, address) -> stored chunk id
  // The stored chunks' columns, allocated at full capacity with the first chunk (a kernel that never
  // stores one does not pay for them), once.
  private versions = new Float64Array(0);
  private references = new Uint32Array(0);
  private owner = new Int8Array(0); // the node whose device holds the id; NO_NODE: free
  private freeIds = new Int32Array(0); // freed ids, reused first
  private freeCount = 0;
  private fresh = 0; // ids below this were taken at least once
  private readonly distinct = new Int32Array(STORAGE_NODE_MAX);
  private readonly archivedCount = new Int32Array(STORAGE_NODE_MAX); // archived copies per node: health asks on every status, most hold none
  counters?: { touch(address: number): void }; // the reports' counters (shard-counters.ts), told of every change of a copy
  private readonly nodeDevices: (ChunkDevice | undefined)[] = new Array<ChunkDevice | undefined>(STORAGE_NODE_MAX).fill(undefined); // by node slot, until the node leaves
  private inFlight: Uint8Array | undefined; // one chunk on its way between two stored chunks (copyBytes), taken on first use: not a fresh one per copy

  constructor(
    private readonly capacityChunks: (node: number) => number,
    private readonly nameOf: (node: number) => string,
    readonly names: ChunkNames,
    private readonly devices: ChunkDevices,
  ) {}

  /** The node's chunk device, `sds/<node name>`: its chunk ids are the stored chunk ids. */
  device(node: number): ChunkDevice {
    return (this.nodeDevices[node] ??= this.devices.device(`sds/${this.nameOf(node)}`, CLUSTER_CHUNK_SIZE, CLUSTER_STORED_CHUNK_MAX - 1));
  }

  private allocate(): void {
    if (this.versions.length > 0) return;
    this.versions = new Float64Array(CLUSTER_STORED_CHUNK_MAX);
    this.references = new Uint32Array(CLUSTER_STORED_CHUNK_MAX);
    this.owner = new Int8Array(CLUSTER_STORED_CHUNK_MAX).fill(NO_NODE);
    this.freeIds = new Int32Array(CLUSTER_STORED_CHUNK_MAX);
  }

  /** A stored chunk id: a freed one, or the next never used; ENOSPC past CLUSTER_STORED_CHUNK_MAX. */
  private takeId(): number {
    this.allocate();
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
    this.counters?.touch(address);
  }

  /** Removes the key (node, address), counting an archived copy gone. */
  private unlink(node: number, address: number): void {
    if (this.copies.delete(copyKey(node, address)) && address >= ARCHIVED) this.archivedCount[node]!--;
    this.counters?.touch(address);
  }

  has(node: number, address: number): boolean {
    return this.idOf(node, address) >= 0;
  }

  /** The version of the copy, or `absent` when the node holds none. */
  versionOr(node: number, address: number, absent: number): number {
    const id = this.idOf(node, address);
    return id < 0 ? absent : this.versions[id]!;
  }

  private heldId(node: number, address: number): number {
    const id = this.idOf(node, address);
    if (!(id >= 0)) assert(false, `node ${node} holds a copy of chunk ${address}`); // the message is built only on failure (a hot path)
    return id;
  }

  /** Copies `length` bytes at `inner` of the copy into `out` at `at`; EIO when the stored bytes fail their checksum. The node must hold it. */
  read(node: number, address: number, inner: number, length: number, out: Uint8Array, at: number): void {
    this.device(node).read(this.heldId(node, address), inner, length, out, at);
  }

  /** Whether the copy's stored bytes match their checksum. */
  verify(node: number, address: number): boolean {
    return this.device(node).verify(this.heldId(node, address));
  }

  /** Rewrites the copy on `node` with the bytes of the copy on `source` (a scrub's repair: same version, same sharing). */
  repair(node: number, address: number, source: number): void {
    this.copyBytes(source, this.heldId(source, address), node, this.heldId(node, address));
  }

  /** Stored chunk `id` on node `to` becomes a copy of stored chunk `from` on node `source` (rebuild, migration, copy-on-write, repair). */
  private copyBytes(source: number, from: number, to: number, id: number): void {
    copyChunkThrough(this.device(source), from, this.device(to), id, (this.inFlight ??= unfilledBytes(CLUSTER_CHUNK_SIZE)));
  }

  /** Changes bytes of the copy in place, checksum and all, as a faulty write would (for scrub demos); shared copies change together. */
  overwrite(node: number, address: number, inner: number, data: Uint8Array): void {
    this.device(node).write(this.heldId(node, address), inner, data);
  }

  /** The stored chunk id the copy refers to, or -1 (the reports' counters tell shared copies apart by it). */
  chunkIdOr(node: number, address: number): number {
    return this.idOf(node, address);
  }

  /** Live copies held on every node together (archived ones left out). */
  liveCopies(): number {
    let archived = 0;
    for (let node = 0; node < STORAGE_NODE_MAX; node++) archived += this.archivedCount[node]!;
    return this.copies.size - archived;
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

  /** Chunks with bytes on the node's device: its chunk files (thick chunks never written have none). */
  fileCount(node: number): number {
    return this.device(node).count();
  }

  /** Fails with ENOSPC if `node` cannot take `more` new chunks. */
  checkRoom(node: number, more: number): void {
    if (this.count(node) + more > this.capacityChunks(node)) fail("ENOSPC", `storage node ${this.nameOf(node)} cannot take ${more} more chunks: ${this.count(node)} of ${this.capacityChunks(node)} in use`);
  }

  /** Whether writing `address` on `node` takes a new chunk (absent, or shared with a snapshot). */
  needsChunk(node: number, address: number): boolean {
    return this.sharedBy(node, address) !== 1;
  }

  /** A new stored chunk on `node` for `address`, holding nothing yet (reads as zeros). */
  private newChunk(node: number, address: number, version: number): number {
    const id = this.takeId();
    this.versions[id] = version;
    this.references[id] = 1;
    this.owner[id] = node;
    this.link(node, address, id);
    this.distinct[node]!++;
    return id;
  }

  /** Drops one reference to a stored chunk; the last one frees it (and its bytes on the device). */
  private release(node: number, id: number): void {
    if (!(this.references[id]! > 0)) assert(false, `stored chunk ${id} is referenced before it is released`); // the message is built only on failure (a hot path)
    if (--this.references[id]! > 0) return;
    this.device(node).free(id);
    this.versions[id] = 0;
    this.owner[id] = NO_NODE;
    this.freeIds[this.freeCount++] = id;
    this.distinct[node]!--;
  }

  /**
   * Writes `data` at `inner` within the chunk (a new chunk reads as zeros around it; a shared one
   * is copied first unless the write covers it whole), at `version`. A whole chunk goes to the
   * device as the caller's bytes, uncopied; an empty `data` (thick provisioning) stores nothing.
   */
  apply(node: number, address: number, inner: number, data: Uint8Array, version: number): void {
    let id = this.idOf(node, address);
    const device = this.device(node);
    if (id < 0 || this.references[id]! > 1) {
      const shared = id;
      id = this.newChunk(node, address, shared < 0 ? 0 : this.versions[shared]!);
      if (shared >= 0) {
        this.references[shared]!--;
        if (!(inner === 0 && data.length === CLUSTER_CHUNK_SIZE)) this.copyBytes(node, shared, node, id);
      }
    }
    if (data.length > 0) device.write(id, inner, data);
    this.versions[id] = Math.max(this.versions[id]!, version);
    this.counters?.touch(address);
  }

  /** Makes `to` refer to the same chunk as `from` (a snapshot, or a restore). */
  share(node: number, from: number, to: number): void {
    const id = this.idOf(node, from);
    this.delete(node, to);
    if (id < 0) return;
    this.references[id]!++;
    this.link(node, to, id);
  }

  /**
   * A copy on `to` of the chunk `from` holds (rebuild, migration), device to device; returns whether
   * bytes were copied. Where `from` shares the stored chunk with a sibling address (the volume and
   * its snapshots at the same index) that `to` already holds at the same version, `to` shares its
   * own stored chunk instead: a chunk shared on the source stays one chunk on the target.
   */
  copy(from: number, to: number, address: number): boolean {
    assert(from !== to, "a copy goes to another node");
    const source = this.heldId(from, address);
    const sibling = this.references[source]! > 1 ? this.sharedSibling(from, to, address, source) : -1;
    if (sibling >= 0) {
      this.share(to, sibling, address);
      return false;
    }
    this.delete(to, address);
    const id = this.newChunk(to, address, this.versions[source]!);
    this.copyBytes(from, source, to, id);
    return true;
  }

  /** A sibling of `address` that shares stored chunk `source` on `from` and that `to` holds at its version; -1: none. */
  sharedSibling(from: number, to: number, address: number, source: number): number {
    const volume = volumeOf(address);
    const index = indexOf(address);
    for (let snapshot = NO_SNAPSHOT; snapshot < SNAPSHOT_COUNT_MAX; snapshot++) {
      const sibling = chunkAddress(volume, snapshot, index);
      if (sibling === address || this.idOf(from, sibling) !== source) continue;
      const held = this.idOf(to, sibling);
      if (held >= 0 && this.versions[held] === this.versions[source]) return sibling;
    }
    return -1;
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

  /** Calls `each(node, address)` for every live copy whose address `matches` (no list is built). */
  forEachLive(matches: (address: number) => boolean, each: (node: number, address: number) => void): void {
    this.copies.forEach((key) => {
      const address = key % NODE_STRIDE;
      if (address < ARCHIVED && matches(address)) each(Math.floor(key / NODE_STRIDE), address);
    });
  }

  /**
   * [node, index] of the live copies of a volume's (or snapshot's) chunks that `placed` keeps:
   * found among the copies held, never by walking the volume's index range.
   */
  copiesOf(volume: number, snapshot: number, placed: (node: number, index: number) => boolean): [number, number][] {
    const owner = ownerOf(chunkAddress(volume, snapshot, 0));
    const found: [number, number][] = []; // local to one call: bounded by the copies held
    this.forEachLive((address) => ownerOf(address) === owner, (node, address) => {
      if (placed(node, indexOf(address))) found.push([node, indexOf(address)]);
    });
    return found;
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
    this.forEachLive(() => true, (node, address) => found[node]!.push(address));
    return found;
  }

  /** Sorts addresses by their text (the order `keys` lists them in). */
  sortByText(addresses: number[]): number[] {
    return this.names.sort(addresses);
  }

  /** Takes a copy out of the data path, keeping its bytes (replacing an older archived copy of the same chunk). */
  archive(node: number, address: number): void {
    const id = this.idOf(node, address);
    if (id < 0) return;
    this.delete(node, ARCHIVED + address);
    this.link(node, ARCHIVED + address, id);
    this.unlink(node, address);
  }

  /** Whether `node` holds any archived copy (asked per report: no list is built). */
  hasArchived(node: number): boolean {
    return this.archivedCount[node]! > 0;
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

  /** Forgets everything on `node` as it leaves: its device is emptied, and a node added later under its name starts empty. */
  clear(node: number): void {
    this.copies.forEach((key) => {
      if (Math.floor(key / NODE_STRIDE) === node) this.delete(node, key % NODE_STRIDE);
    });
    assert(this.nodeDevices[node] === undefined || this.nodeDevices[node].count() === 0, "a node's device is empty once its copies are gone");
    this.distinct[node] = 0;
    this.archivedCount[node] = 0;
    this.nodeDevices[node] = undefined;
  }

  /** Keys (as text, archived ones "~"-prefixed, sorted) and stored chunks by id with their versions: no bytes (they stay on the devices). */
  toJSON(): SavedChunks {
    return savedChunks(STORAGE_NODE_MAX, (node) => this.addresses(node, false), (node) => this.addresses(node, true), (node, address) => this.idOf(node, address), (id) => this.versions[id]!, this.names);
  }

  /**
   * Keys naming a volume or snapshot that no longer exists are left out (nothing could reach
   * them); a stored chunk no key names any more is freed. Chunks saved with their bytes (base64,
   * from before the chunk store) are written to the devices under new ids.
   */
  restore(saved: SavedChunks): void {
    this.allocate();
    restoreChunks(saved, this.names, {
      claim: (node, id, version) => {
        if (!(id >= 0 && id < CLUSTER_STORED_CHUNK_MAX) || this.owner[id] !== NO_NODE) fail("EINVAL", `saved chunk ${id} on node ${node} is out of range or listed twice`);
        this.owner[id] = node;
        this.versions[id] = version;
        this.distinct[node]!++;
        this.fresh = Math.max(this.fresh, id + 1);
      },
      takeId: () => this.takeId(),
      write: (node, id, bytes) => this.device(node).write(id, 0, bytes),
      link: (node, address, id) => {
        this.references[id]!++;
        this.link(node, address, id);
      },
    });
    for (let id = this.fresh - 1; id >= 0; id--) {
      if (this.owner[id] === NO_NODE) this.freeIds[this.freeCount++] = id; // free ids are taken lowest first
      else if (this.references[id] === 0) {
        this.references[id] = 1; // no key names it: released as its last reference
        this.release(this.owner[id]!, id);
      }
    }
  }
}
