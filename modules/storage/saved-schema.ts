// Storage's part of state.json: the schema of volumes, tier pools, snapshots and replication
// sessions, bounded by their tables, and the relations one field alone cannot show (a volume's
// chunk must be in its tier's pool and within its size). The bytes are in the chunk store, not
// here: a pool lists [id, references]; a file from before the chunk store lists
// [id, references, base64] and is still accepted (restore writes those bytes into the store).

import * as v from "valibot";
import { amount, base64, duplicate, enumIndex, int, list, name, object, slot, slotOrNone, time, timeOrNone, tuple, volumeSize } from "../../src/persistence/schema-parts.js";
import { CHUNK_SIZE, POOL_CHUNK_IDS_MAX } from "../../src/limits.js";
import * as L from "../../src/limits.js";
import { SESSION_STATES } from "./replication.js";
import type { SavedStorage } from "./volume-manager.js";
import { VOLUME_ROW_ENTRIES } from "./volume-table.js";

const chunkMap = list(tuple([int(0, L.VOLUME_CHUNKS_MAX - 1, `a chunk index 0..${L.VOLUME_CHUNKS_MAX - 1}`), int(1, L.POOL_CHUNK_IDS_MAX, `a chunk id 1..${L.POOL_CHUNK_IDS_MAX}`)], "[index, chunk id]"), L.VOLUME_CHUNKS_MAX, "VOLUME_CHUNKS_MAX");
const volume = object({
  ...VOLUME_ROW_ENTRIES, // slot, name and the volume table's declared columns (volume-table.ts)
  chunks: chunkMap,
  qos: object({ iops: amount, bandwidthBytesPerSecond: amount, iopsBurst: amount, bandwidthBurst: amount }),
  metrics: object({ counters: list(amount, 6, "six counters"), latency: list(amount, 32, "32 latency buckets") }),
  busyUntilMs: v.optional(time),
  shortChunks: v.optional(int(0, L.VOLUME_CHUNKS_MAX)),
  corruptAt: v.optional(int(0, L.VOLUME_SIZE_MAX - 1, "a byte offset in the volume")),
  performanceFlags: v.optional(int(0, 255)),
});
const chunkId = int(1, L.POOL_CHUNK_IDS_MAX, `a chunk id 1..${L.POOL_CHUNK_IDS_MAX} (POOL_CHUNK_IDS_MAX)`);
const references = int(1, 0xffff, "a reference count 1..65535");
const pooled = v.union([tuple([chunkId, references], "[id, references]"), tuple([chunkId, references, base64(L.CHUNK_SIZE)], "[id, references, base64]")], "[id, references]");
const pool = (capacity: number) => object({ reserved: int(0, capacity), chunks: list(pooled, L.POOL_CHUNK_IDS_MAX, "POOL_CHUNK_IDS_MAX") });
const snapshot = object({ slot: slot(L.SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX"), name, volume: name, parent: slotOrNone(L.SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX"), createdMs: time, sizeBytes: volumeSize, chunks: chunkMap });
const session = object({
  session: slot(L.REPLICATION_SESSION_MAX, "REPLICATION_SESSION_MAX"),
  source: name,
  target: name,
  state: enumIndex(SESSION_STATES, "a replication state"),
  bandwidth: amount,
  credit: v.pipe(v.number("a number"), v.finite("a finite number")),
  dirtySinceMs: timeOrNone,
  lastSyncMs: timeOrNone,
  bytesCopied: amount,
  dirty: list(int(0, L.VOLUME_CHUNKS_MAX - 1, `a chunk index 0..${L.VOLUME_CHUNKS_MAX - 1}`), L.VOLUME_CHUNKS_MAX, "VOLUME_CHUNKS_MAX"),
});
export const SAVED_STORAGE_SCHEMA = object({
  volumes: list(volume, L.VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX"),
  pools: object({ ssd: pool(L.SSD_CHUNK_MAX), hdd: pool(L.HDD_CHUNK_MAX) }),
  snapshots: list(snapshot, L.SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX"),
  replication: list(session, L.REPLICATION_SESSION_MAX, "REPLICATION_SESSION_MAX"),
  replicationTickMs: timeOrNone,
});

/** The relations between storage's fields: each chunk in its tier's pool and within its volume, unique slots and names, sessions between volumes that exist. */
export function storageProblem(storage: SavedStorage): string | undefined {
  const { volumes, pools, snapshots, replication } = storage;
  const stored = [new Set(pools.ssd.chunks.map((c) => c[0])), new Set(pools.hdd.chunks.map((c) => c[0]))];
  for (const [tier, pool] of [pools.ssd, pools.hdd].entries()) {
    const at = duplicate(pool.chunks, (c) => c[0]);
    if (at >= 0) return `storage.pools.${tier === 0 ? "ssd" : "hdd"}.chunks[${at}]: chunk ${pool.chunks[at]![0]} is stored twice`;
  }
  let at = duplicate(volumes, (row) => row.slot);
  if (at < 0) at = duplicate(volumes, (row) => row.name);
  if (at >= 0) return `storage.volumes[${at}]: slot ${volumes[at]!.slot} or name '${volumes[at]!.name}' is used twice`;
  const tierOf = new Map(volumes.map((row) => [row.name, row.tier]));
  const mapProblem = (path: string, tier: number, sizeBytes: number, chunks: readonly [number, number][]): string | undefined => {
    const length = Math.ceil(sizeBytes / CHUNK_SIZE);
    for (const [index, [chunkIndex, chunk]] of chunks.entries()) {
      if (chunkIndex >= length) return `${path}.chunks[${index}]: chunk index ${chunkIndex} is past the end (${length} chunks)`;
      if (chunk > POOL_CHUNK_IDS_MAX || !stored[tier]!.has(chunk)) return `${path}.chunks[${index}]: chunk ${chunk} is not in the ${tier === 0 ? "ssd" : "hdd"} pool`;
    }
    return undefined;
  };
  for (const [index, row] of volumes.entries()) {
    const problem = mapProblem(`storage.volumes[${index}]`, row.tier, row.sizeBytes, row.chunks);
    if (problem !== undefined) return problem;
  }
  for (const [index, row] of snapshots.entries()) {
    const tier = tierOf.get(row.volume);
    if (tier === undefined) return `storage.snapshots[${index}].volume: no volume '${row.volume}'`;
    const problem = mapProblem(`storage.snapshots[${index}]`, tier, row.sizeBytes, row.chunks);
    if (problem !== undefined) return problem;
  }
  for (const [index, row] of replication.entries()) {
    for (const end of ["source", "target"] as const) if (!tierOf.has(row[end])) return `storage.replication[${index}].${end}: no volume '${row[end]}'`;
  }
  return undefined;
}
