// Storage's part of state.json: the schema of volumes, tier pools, snapshots and replication
// sessions, bounded by their tables, and the relations one field alone cannot show (a volume's
// chunk must be in its tier's pool and within its size). The bytes are in the chunk store, not
// here: a pool lists [id, references]; a file from before the chunk store lists
// [id, references, base64] and is still accepted (restore writes those bytes into the store).

import * as v from "valibot";
import { amount, base64, bool, duplicate, enumIndex, int, list, name, object, slot, slotOrNone, time, timeOrNone, tuple, volumeSize } from "../../src/persistence/schema-parts.js";
import { CHUNK_SIZE, POOL_CHUNK_IDS_MAX } from "../../src/limits.js";
import * as L from "../../src/limits.js";
import { SESSION_STATES } from "./replication.js";
import type { SavedStorage } from "./volume-manager.js";
import { TIERS } from "./types.js";
import { VOLUME_ROW_ENTRIES, type SavedMapEntry } from "./volume-table.js";

const mapIndex = int(0, L.VOLUME_CHUNKS_MAX - 1, `a chunk index 0..${L.VOLUME_CHUNKS_MAX - 1}`);
const mapChunk = int(1, L.POOL_CHUNK_IDS_MAX, `a chunk id 1..${L.POOL_CHUNK_IDS_MAX}`);
const run = int(2, L.POOL_CHUNK_IDS_MAX, `a run of 2..${L.POOL_CHUNK_IDS_MAX} chunks`);
const chunkMap = list(tuple([mapIndex, mapChunk, v.optional(run)], "[index, chunk id] or [index, chunk id, run]"), L.POOL_CHUNK_IDS_MAX, "POOL_CHUNK_IDS_MAX");
const volume = object({
  ...VOLUME_ROW_ENTRIES, // slot, name and the volume table's declared columns (volume-table.ts)
  chunks: chunkMap,
  qos: object({ iops: amount, bandwidthBytesPerSecond: amount, iopsBurst: amount, bandwidthBurst: amount, iopsTokens: v.optional(amount), bandwidthTokens: v.optional(amount), refilledMs: v.optional(time) }), // buckets: absent in files from before they were saved
  metrics: object({ counters: list(amount, 6, "six counters"), latency: list(amount, 32, "32 latency buckets") }),
  busyUntilMs: v.optional(time),
  shortChunks: v.optional(int(0, L.VOLUME_CHUNKS_MAX)),
  corruptAt: v.optional(int(0, L.VOLUME_SIZE_MAX - 1, "a byte offset in the volume")),
  performanceFlags: v.optional(int(0, 255)),
  mount: v.optional(object({ readOnly: bool, client: v.union([v.literal(""), name], "a storage client's name, or empty for a local volume") })),
});
const chunkId = int(1, L.POOL_CHUNK_IDS_MAX, `a chunk id 1..${L.POOL_CHUNK_IDS_MAX} (POOL_CHUNK_IDS_MAX)`);
const references = int(1, 0xffff, "a reference count 1..65535");
const pooled = tuple([chunkId, references, v.optional(v.union([run, base64(L.CHUNK_SIZE)], "a run of chunks, or (files before the chunk store) base64 bytes"))], "[id, references] or [id, references, run]");
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
  const stored = [new Set<number>(), new Set<number>()];
  for (const [tier, pool] of [pools.ssd, pools.hdd].entries()) {
    for (const [at, [first, , extra]] of pool.chunks.entries()) {
      for (let id = first; id < first + (typeof extra === "number" ? extra : 1); id++) {
        if (id > POOL_CHUNK_IDS_MAX) return `storage.pools.${TIERS[tier]}.chunks[${at}]: chunk ${id} is past POOL_CHUNK_IDS_MAX`;
        if (stored[tier]!.has(id)) return `storage.pools.${TIERS[tier]}.chunks[${at}]: chunk ${id} is stored twice`;
        stored[tier]!.add(id);
      }
    }
  }
  let at = duplicate(volumes, (row) => row.slot);
  if (at < 0) at = duplicate(volumes, (row) => row.name);
  if (at >= 0) return `storage.volumes[${at}]: slot ${volumes[at]!.slot} or name '${volumes[at]!.name}' is used twice`;
  const tierOf = new Map(volumes.map((row) => [row.name, row.tier]));
  const mapProblem = (path: string, tier: number, sizeBytes: number, chunks: readonly SavedMapEntry[]): string | undefined => {
    const length = Math.ceil(sizeBytes / CHUNK_SIZE);
    for (const [index, [chunkIndex, chunk, count = 1]] of chunks.entries()) {
      if (chunkIndex + count > length) return `${path}.chunks[${index}]: chunk index ${chunkIndex + count - 1} is past the end (${length} chunks)`;
      for (let id = chunk; id < chunk + count; id++) if (!stored[tier]!.has(id)) return `${path}.chunks[${index}]: chunk ${id} is not in the ${TIERS[tier]} pool`;
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
