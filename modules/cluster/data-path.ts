// The data path: a read or write of a distributed volume through a mapped client. An IO is
// checked (range, mapping, access, client connected), carries an MDM token that every storage
// node it touches verifies, and is split into CLUSTER_CHUNK_SIZE chunks, each written to the
// reachable replicas of its shard. Everything that can refuse a write does so before any copy
// changes. Strong pools write every copy now; eventual and causal pools write the primary now
// and queue the rest (lag-queue.ts). This file also owns the causal `seen` table ((client, chunk
// address) -> version seen, a fixed hash map; it forgets a chunk when the chunk's versions do) and
// the IO meter. A read never returns a copy whose stored bytes fail their checksum: it moves to
// another current copy and raises an alert naming the bad one (cluster scrub repairs it).

import { assert, at } from "../../src/assert.js";
import { readTarget } from "../../src/chunks/bytes.js";
import { fail, isKernelError } from "../../src/errors.js";
import type { IoContext } from "../../src/block.js";
import type { Clock } from "../../src/clock.js";
import { CLUSTER_CHUNK_SIZE, CLUSTER_SEEN_MAX, COPIES_MAX, IO_LENGTH_MAX, PENDING_UPDATE_MAX, REPLICA_LAG_MS, SHARD_COUNT_MAX } from "../../src/limits.js";
import { IntMap } from "../../src/table/int-map.js";
import type { Rng } from "../../src/rng.js";
import { formatBytes } from "../../src/units.js";
import { copyFault, copyFile } from "./copy-names.js";
import { IoMeter } from "./io-meter.js";
import type { LagQueue } from "./lag-queue.js";
import type { VolumeParts } from "./volume-lifecycle.js";
import { CHUNK_ADDRESS_COUNT, chunkAddress, NO_SNAPSHOT } from "./chunk-address.js";
import type { IoRequest, IoToken } from "./tokens.js";
import { CONSISTENCY_LEVELS } from "./topology.js";
import { NONE } from "./volume-table.js";

/** What the data path works on, built once by the manager. */
export interface DataPathParts extends VolumeParts {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly lag: LagQueue;
}

type Touched = { index: number; shard: number; nodes: number[] };
/** One chunk's part of a read: `length` bytes at `inner` of chunk address `key` (byte `start` of volume `name`) into `out` at `at`. */
type ChunkRead = { pool: number; key: number; first: number; name: string; start: number; inner: number; length: number; out: Uint8Array; at: number };

export class DataPath {
  readonly seen = new IntMap("seen chunk version", CLUSTER_SEEN_MAX, "CLUSTER_SEEN_MAX"); // causal: client * CHUNK_ADDRESS_COUNT + address -> version seen
  readonly io = new IoMeter();

  constructor(private readonly parts: DataPathParts) {
    parts.versions.alsoForget((matches) => this.seen.forEach((key) => {
      if (matches(key % CHUNK_ADDRESS_COUNT)) this.seen.delete(key);
    }));
  }

  /** The client an IO goes through: the one named, which must be mapped, or the only one mapped. */
  private clientFor(volume: number, op: "read" | "write", context: IoContext): number {
    const { table, topology } = this.parts;
    const name = table.volumes.nameOf(volume);
    const mapped = table.mappingsOf(volume, undefined);
    let mapping: number | undefined;
    if (context.client !== undefined) {
      const client = topology.clients.find(context.client);
      mapping = mapped.find((m) => table.mapClient[m] === client);
      if (mapping === undefined) fail("EACCES", `client ${context.client} has no mapping of volume '${name}'`, `cluster map ${name} ${context.client}`);
    } else if (mapped.length === 1) mapping = mapped[0];
    else if (mapped.length === 0) fail("EACCES", `volume '${name}' is not mapped to any client`, `cluster map ${name} <sdc>`);
    else fail("EINVAL", `volume '${name}' is mapped to ${mapped.length} clients`, "say which with --sdc");
    assert(mapping !== undefined, "an IO goes through one mapping"); // constant: per IO
    const client = at(table.mapClient, mapping, "mapping's client");
    if (!this.parts.health.clients.reachable(client)) fail("EIO", `client ${topology.clients.nameOf(client)} is disconnected from the cluster`, `cluster sdc reconnect ${topology.clients.nameOf(client)}`);
    if (op === "write" && table.mapReadOnly[mapping]) fail("EACCES", `client ${topology.clients.nameOf(client)} maps '${name}' read-only`);
    return client;
  }

  // Tokens

  /** Signs only what the data path would let through: the volume, its mapping to the client, the access, the range. */
  issueToken(request: IoRequest): IoToken {
    const volume = this.parts.table.volumes.find(request.volume);
    this.checkRange(volume, request.op, request.offset, request.length);
    this.clientFor(volume, request.op, { client: request.client });
    return this.parts.tokens.issue(request);
  }

  /**
   * What a storage node does with a presented token (cluster token verify, and every IO). The
   * first node an IO reaches spends the token; the others it carries it to (`spend` false) check it.
   */
  verifyToken(token: IoToken, request: IoRequest, node: number, spend = true): void {
    this.parts.tokens.verify(token, request, this.parts.topology.nodes.nameOf(node), spend);
  }

  presentToken(text: string, nodeName: string | undefined): { node: string; token: IoToken } {
    const token = this.parts.tokens.decode(text);
    const node = nodeName === undefined ? this.primaryOf(token) : this.parts.topology.nodes.find(nodeName);
    this.checkHolds(token, node);
    this.verifyToken(token, token, node);
    return { node: this.parts.topology.nodes.nameOf(node), token };
  }

  /** A node serves IO only on chunks placed on it or held by it: a token for others is refused there. */
  private checkHolds(token: IoToken, node: number): void {
    const { table } = this.parts;
    const volume = table.volumes.has(token.volume) ? table.volumes.find(token.volume) : NONE;
    const name = this.parts.topology.nodes.nameOf(node);
    if (volume === NONE) fail("EACCES", `node ${name} refused the IO token for ${token.volume}: it holds no volume of that name`);
    const first = Math.floor(token.offset / CLUSTER_CHUNK_SIZE);
    const last = Math.min(Math.floor((token.offset + Math.max(token.length, 1) - 1) / CLUSTER_CHUNK_SIZE), Math.ceil(table.volumeSize[volume]! / CLUSTER_CHUNK_SIZE) - 1);
    for (let index = first; index <= last; index++) {
      if (table.replicaNodes(volume, index).includes(node) || this.parts.stores.has(node, chunkAddress(volume, NO_SNAPSHOT, index))) return;
    }
    const holders = table.replicaNodes(volume, first).map((n) => this.parts.topology.nodes.nameOf(n));
    fail("EACCES", `node ${name} refused the IO token for ${token.volume}: it holds no chunk the token covers (chunk ${first} is on ${holders.join(",") || "no node"})`, holders.length > 0 ? `present it to a node that holds it: --sds ${holders[0]}` : undefined);
  }

  /** The node holding the first copy of a token's first chunk: the one an IO would present it to. */
  private primaryOf(token: IoToken): number {
    const index = Math.floor(token.offset / CLUSTER_CHUNK_SIZE);
    const node = this.parts.table.replicaNodes(this.parts.table.volumes.find(token.volume), index)[0];
    if (node === undefined) fail("ENOENT", `no storage node holds chunk ${index} of ${token.volume}`, "add nodes to its pool, or present the token to one with --sds <node>");
    return node;
  }

  // Reads and writes

  write(name: string, offset: number, data: Uint8Array, context: IoContext): void {
    const { table, topology, versions, stores, clock } = this.parts;
    const volume = table.volumes.find(name);
    this.checkRange(volume, "write", offset, data.length);
    const client = this.clientFor(volume, "write", context);
    const request: IoRequest = { volume: name, op: "write", offset, length: data.length, client: topology.clients.nameOf(client) };
    const token = this.parts.tokens.forIo(request, table.volumeSize[volume]!, volume, client);
    const pool = table.volumePool[volume]!;
    const eventual = CONSISTENCY_LEVELS[topology.consistency[pool]!] !== "strong";
    const touched = this.touchedChunks(volume, offset, data.length);
    this.checkRoom(volume, touched);
    // Everything that can refuse the write does so before any copy changes: all or nothing.
    const sources = touched.map(({ index }) => versions.currentCopy(pool, chunkAddress(volume, NO_SNAPSHOT, index)));
    const verified = new Set<number>();
    for (const { nodes } of touched) for (const node of nodes) if (!verified.has(node)) (this.verifyToken(token, request, node, verified.size === 0), verified.add(node));
    touched.forEach(({ index, shard, nodes }, t) => {
      const key = chunkAddress(volume, NO_SNAPSHOT, index);
      const direct = nodes.map((_, i) => i === 0 || !eventual || versions.pendingCount() + i > PENDING_UPDATE_MAX);
      this.bringUpToDate(key, sources[t], nodes, direct);
      const base = versions.of(key);
      const version = ++topology.versions[shard]!;
      assert(version > base, "chunk versions move forward"); // constant messages on the per-chunk path: no string built per chunk
      const start = Math.max(offset, index * CLUSTER_CHUNK_SIZE);
      const end = Math.min(offset + data.length, (index + 1) * CLUSTER_CHUNK_SIZE);
      const slice = data.subarray(start - offset, end - offset);
      const inner = start - index * CLUSTER_CHUNK_SIZE;
      nodes.forEach((node, i) => {
        if (direct[i]) stores.apply(node, key, inner, slice, version);
        else this.parts.lag.defer({ dueMs: clock.now() + REPLICA_LAG_MS, node, key, shard, inner, data: slice.slice(), version, base }, i);
      });
      versions.commit(key, version);
      assert(versions.of(key) === version, "a write commits its version");
      this.seen.set(client * CHUNK_ADDRESS_COUNT + key, version);
    });
    this.io.count("write", data.length, clock.now());
    this.parts.reports.checkCapacity(pool);
  }

  /**
   * Before a write, gives every target a current copy of the chunk (from `source`) unless it has
   * one, or (for a deferred update) will have one once its queued updates land.
   */
  private bringUpToDate(key: number, source: number | undefined, targets: readonly number[], direct: readonly boolean[]): void {
    const stale = targets.filter((node, i) => !this.parts.versions.usable(node, key, !direct[i]));
    if (stale.length === 0) return;
    assert(source !== undefined, "a write found no current copy of its chunk to build on");
    for (const node of stale) this.parts.stores.copy(source, node, key);
  }

  read(name: string, offset: number, length: number, context: IoContext, snapshot?: string): Uint8Array {
    const { table, topology } = this.parts;
    const volume = table.volumes.find(name);
    this.checkRange(volume, "read", offset, length, snapshot);
    const client = this.clientFor(volume, "read", context);
    const request: IoRequest = { volume: name, op: "read", offset, length, client: topology.clients.nameOf(client) };
    const token = this.parts.tokens.forIo(request, table.volumeSize[volume]!, volume, client);
    const pool = table.volumePool[volume]!;
    const level = CONSISTENCY_LEVELS[topology.consistency[pool]!];
    const out = readTarget(length, context.into); // every byte is written below, zeros included
    const verified = new Set<number>();
    const snapshotSlot = snapshot === undefined ? NO_SNAPSHOT : this.parts.snapshots.find(volume, snapshot);
    const what = snapshot === undefined ? name : `${name}@${snapshot}`;
    const present = (node: number) => {
      if (!verified.has(node)) (this.verifyToken(token, request, node, verified.size === 0), verified.add(node));
    };
    for (let index = Math.floor(offset / CLUSTER_CHUNK_SIZE); length > 0 && index <= Math.floor((offset + length - 1) / CLUSTER_CHUNK_SIZE); index++) {
      const key = chunkAddress(volume, snapshotSlot, index);
      const first = this.readSource(pool, key, level, client);
      const start = Math.max(offset, index * CLUSTER_CHUNK_SIZE);
      const end = Math.min(offset + length, (index + 1) * CLUSTER_CHUNK_SIZE);
      if (first === undefined) {
        out.fill(0, start - offset, end - offset); // never written: zeros
        continue;
      }
      const node = this.readCopy({ pool, key, first, name: what, start, inner: start - index * CLUSTER_CHUNK_SIZE, length: end - start, out, at: start - offset }, present);
      if (level === "causal") this.seen.set(client * CHUNK_ADDRESS_COUNT + key, Math.max(this.seen.getOr(client * CHUNK_ADDRESS_COUNT + key, 0), this.parts.stores.versionOr(node, key, 0)));
    }
    this.io.count("read", length, this.parts.clock.now());
    return out;
  }

  /**
   * Reads one chunk's bytes from `first`; a copy whose stored bytes fail their checksum is never
   * returned: the read moves to another current copy and an alert names the bad one. EIO naming
   * the volume and byte offset when no copy reads back good. Returns the node that served it.
   */
  private readCopy(r: ChunkRead, present: (node: number) => void): number {
    const { stores, versions, topology, health, clock } = this.parts;
    const failed: number[] = [];
    for (let node: number | undefined = r.first; node !== undefined; node = versions.usableCopies(r.pool, r.key, false).find((n) => !failed.includes(n))) {
      present(node);
      try {
        stores.read(node, r.key, r.inner, r.length, r.out, r.at);
        return node;
      } catch (error) {
        if (!isKernelError(error) || error.code !== "EIO") throw error;
        failed.push(node);
        this.parts.failed.note(node, r.key);
        const nodeName = topology.nodes.nameOf(node);
        const where = `${stores.names.describe(r.key)}, file ${copyFile(stores, node, r.key)}`; // the device's own words name its stored chunk id, not the file
        health.raise("ERROR", "data", nodeName, `copy of ${r.name} at byte ${r.start} on ${nodeName} fails its checksum (${where}: ${copyFault(stores, node, r.key, error.message)}): reads go to another copy; cluster scrub repairs it`, clock.now());
      }
    }
    const names = failed.map((n) => topology.nodes.nameOf(n)).join(", ");
    return fail("EIO", `read of ${r.name} at byte offset ${r.start}: no copy reads back good (${names} failed ${failed.length === 1 ? "its checksum" : "their checksums"})`, "cluster scrub reports what it can repair");
  }

  /**
   * The copy a read uses, among current ones: strong the first; eventual any, lagging ones
   * included; causal any not older than the client has seen. Undefined: never written (zeros).
   */
  private readSource(pool: number, key: number, level: string | undefined, client: number): number | undefined {
    const { versions } = this.parts;
    if (versions.of(key) === 0) return undefined;
    if (level === "strong") return versions.currentCopy(pool, key);
    const copies = versions.usableCopies(pool, key, true);
    if (copies.length === 0) versions.unreadable(pool, key);
    const pick = at(copies, this.parts.rng.nextBelow(copies.length), "a chunk's usable copies");
    const seen = this.seen.getOr(client * CHUNK_ADDRESS_COUNT + key, 0);
    return level === "causal" && this.parts.stores.versionOr(pick, key, 0) < seen ? versions.currentCopy(pool, key) : pick;
  }

  /** An IO's range against the volume's (or snapshot's) size, before anything else is asked. */
  private checkRange(volume: number, op: "read" | "write", offset: number, length: number, snapshot?: string): void {
    const { table } = this.parts;
    const name = table.volumes.nameOf(volume);
    const size = snapshot === undefined ? table.volumeSize[volume]! : this.parts.snapshots.sizeOf(volume, snapshot);
    if (!(Number.isSafeInteger(offset) && offset >= 0 && Number.isSafeInteger(length) && length >= 0)) fail("EINVAL", `bad ${op} range: offset ${offset}, length ${length}`);
    if (length > IO_LENGTH_MAX) fail("EINVAL", `${op} of ${formatBytes(length)} is over the ${formatBytes(IO_LENGTH_MAX)} limit of one IO (IO_LENGTH_MAX)`);
    if (offset + length > size) fail("EINVAL", `${op} of ${formatBytes(length)} at ${formatBytes(offset)} is beyond the end of ${name}${snapshot === undefined ? "" : `@${snapshot}`} (${formatBytes(size)})`);
  }

  /** The chunks an IO touches with the reachable replica nodes that take writes; EIO below the minimum. */
  private touchedChunks(volume: number, offset: number, length: number): Touched[] {
    const { table, topology } = this.parts;
    const name = table.volumes.nameOf(volume);
    const pool = table.volumePool[volume]!;
    const shards = topology.shardsOf(pool);
    const touched: Touched[] = [];
    if (length === 0) return touched;
    for (let index = Math.floor(offset / CLUSTER_CHUNK_SIZE); index <= Math.floor((offset + length - 1) / CLUSTER_CHUNK_SIZE); index++) {
      const shard = topology.shardFor(pool, name, index, shards);
      assert(shard >= 0 && shard < SHARD_COUNT_MAX && topology.shardPool[shard] === pool, "a chunk maps to a shard of its volume's pool");
      const nodes = topology.replicasOf(shard).filter((node) => this.parts.health.reachable(node));
      assert(nodes.length <= COPIES_MAX, "a shard has at most COPIES_MAX copies");
      if (nodes.length < topology.minCopies[pool]!) fail("EIO", `shard ${shard} of '${name}' has ${nodes.length} reachable copies; the pool needs ${topology.minCopies[pool]} to accept writes`, "recover nodes, or wait for the rebuild");
      touched.push({ index, shard, nodes });
    }
    return touched;
  }

  private checkRoom(volume: number, touched: readonly { index: number; nodes: number[] }[]): void {
    const { stores } = this.parts;
    const needed = new Map<number, number>(); // local to one IO: node -> new chunks it takes
    for (const { index, nodes } of touched) for (const node of nodes) if (stores.needsChunk(node, chunkAddress(volume, NO_SNAPSHOT, index))) needed.set(node, (needed.get(node) ?? 0) + 1);
    for (const [node, more] of needed) stores.checkRoom(node, more);
  }
}
