// The cluster's part of state.json: the schema of topology, shards, volumes, chunks, tokens,
// health and timers, bounded by their tables, and the relations one field alone cannot show (a
// node's pool must exist, a chunk key must name a stored chunk).

import * as v from "valibot";
import { amount, base64, bool, column, count, duplicate, enumIndex, int, list, longName, name, object, oneOf, slot, slotOrNone, text, time, timeOrNone, tuple } from "../../src/persistence/schema-parts.js";
import * as L from "../../src/limits.js";
import { CONDITIONS, NODE_STATES } from "./health.js";
import type { SavedCluster } from "./saved-cluster.js";
import { ALERTS_SCHEMA } from "./alert-table.js";
import { CLUSTER_SNAPSHOTS_SCHEMA } from "./distributed-snapshots.js";
import { NODES_SCHEMA, POOLS_SCHEMA, REPLICA_STATES } from "./topology.js";
import { VOLUMES_SCHEMA } from "./volume-table.js";
import { JOBS_SCHEMA } from "./job-history.js";

const nodeSlot = slot(L.STORAGE_NODE_MAX, "STORAGE_NODE_MAX");
const clientSlot = slot(L.CLIENT_COUNT_MAX, "CLIENT_COUNT_MAX");
const volumeSlot = slot(L.VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX");
const version = count;
const keyVersion = tuple([longName, version], "[chunk key, version]");
const spentNonce = tuple([text(64), time], "[nonce, expires]");
const ioToken = object({ reusable: bool, volume: name, op: oneOf(["read", "write"], "an operation"), offset: count, length: count, client: name, expiresMs: time, nonce: text(64), mac: text(128) });
const heartbeats = (capacity: number, limit: string) =>
  object({
    states: column(enumIndex(NODE_STATES, "a node state"), capacity, limit),
    conditions: column(enumIndex(CONDITIONS, "a condition"), capacity, limit),
    lastHeartbeatMs: column(time, capacity, limit),
    downSinceMs: column(timeOrNone, capacity, limit),
  });
export const SAVED_CLUSTER_SCHEMA = object({
  tokens: object({
    lastIssued: text(L.INPUT_LINE_LENGTH_MAX),
    cache: bool,
    cached: list(tuple([longName, ioToken], "[key, token]"), L.VOLUME_COUNT_MAX * 2 * L.CLIENT_COUNT_MAX, "volumes x 2 x clients"),
    spent: v.optional(list(spentNonce, L.SPENT_NONCE_MAX, "SPENT_NONCE_MAX")),
    nonces: v.optional(list(list(spentNonce, L.SPENT_NONCE_MAX, "SPENT_NONCE_MAX"), L.STORAGE_NODE_MAX, "STORAGE_NODE_MAX")), // older snapshots: per node
  }),
  domains: list(tuple([slot(L.PROTECTION_DOMAIN_MAX, "PROTECTION_DOMAIN_MAX"), name], "[slot, name]"), L.PROTECTION_DOMAIN_MAX, "PROTECTION_DOMAIN_MAX"),
  pools: POOLS_SCHEMA, // generated from the tables' declared columns (topology.ts)
  nodes: NODES_SCHEMA,
  clients: list(tuple([clientSlot, name], "[slot, name]"), L.CLIENT_COUNT_MAX, "CLIENT_COUNT_MAX"),
  shardPool: column(slotOrNone(L.STORAGE_POOL_MAX, "STORAGE_POOL_MAX"), L.SHARD_COUNT_MAX, "SHARD_COUNT_MAX"),
  replicas: column(slotOrNone(L.STORAGE_NODE_MAX, "STORAGE_NODE_MAX"), L.SHARD_COUNT_MAX * L.COPIES_MAX, "SHARD_COUNT_MAX x 3 copies"),
  replicaStates: column(enumIndex(REPLICA_STATES, "a replica state"), L.SHARD_COUNT_MAX * L.COPIES_MAX, "SHARD_COUNT_MAX x 3 copies"),
  versions: column(version, L.SHARD_COUNT_MAX, "SHARD_COUNT_MAX"),
  volumes: VOLUMES_SCHEMA, // generated (volume-table.ts)
  snapshots: object({
    snapshots: CLUSTER_SNAPSHOTS_SCHEMA, // generated (distributed-snapshots.ts)
    current: column(slotOrNone(L.SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX"), L.VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX"),
  }),
  mappings: list(tuple([slot(L.MAPPING_MAX, "MAPPING_MAX"), volumeSlot, clientSlot, int(0, 1)], "[mapping, volume, client, read-only]"), L.MAPPING_MAX, "MAPPING_MAX"),
  chunks: object({
    keys: v.array(tuple([nodeSlot, longName, count], "[node, chunk key, chunk]"), "a list"),
    chunks: v.array(v.union([tuple([nodeSlot, int(0, L.CLUSTER_STORED_CHUNK_MAX - 1, "a stored chunk id (CLUSTER_STORED_CHUNK_MAX)"), version], "[node, chunk id, version]"), tuple([nodeSlot, count, version, base64(L.CLUSTER_CHUNK_SIZE)], "[node, chunk, version, base64]")], "[node, chunk id, version] (or, before the chunk store, [node, chunk, version, base64])"), "a list"), // bytes live on the nodes' chunk devices
  }),
  seen: list(v.array(keyVersion, "a list"), L.CLIENT_COUNT_MAX, "CLIENT_COUNT_MAX"),
  pending: list(object({ dueMs: time, node: nodeSlot, key: longName, shard: slot(L.SHARD_COUNT_MAX, "SHARD_COUNT_MAX"), inner: count, data: base64(L.CLUSTER_CHUNK_SIZE), version, base: v.optional(version) }), L.PENDING_UPDATE_MAX, "PENDING_UPDATE_MAX"),
  committed: v.optional(v.array(keyVersion, "a list")),
  pendingTimerMs: timeOrNone,
  io: list(amount, 25, "the IO meter's 25 figures"),
  health: object({ nodes: heartbeats(L.STORAGE_NODE_MAX, "STORAGE_NODE_MAX"), clients: heartbeats(L.CLIENT_COUNT_MAX, "CLIENT_COUNT_MAX"), alerts: ALERTS_SCHEMA, nextAlertId: count }),
  rebuild: tuple([amount, timeOrNone, v.pipe(v.number("a number"), v.finite("a finite number"))], "[copied bytes, started, credit]"),
  timers: tuple([timeOrNone, timeOrNone], "[heartbeat due, rebuild due]"),
  draining: column(int(0, 1), L.STORAGE_NODE_MAX, "STORAGE_NODE_MAX"),
  jobs: v.optional(JOBS_SCHEMA), // absent in snapshots from before the job history
  failedCopies: v.optional(v.array(tuple([nodeSlot, longName, version], "[node, chunk key, version]"), "a list")), // copies a read found failing their checksum; absent before they were kept
});

/** The relations between the cluster's fields: unique slots, and every pool, node, volume, mapping and chunk pointing at something that exists. */
export function clusterProblem(c: SavedCluster): string | undefined {
  const domains = new Set(c.domains.map(([slot]) => slot));
  const pools = new Set(c.pools.map((p) => p.slot));
  const volumes = new Set(c.volumes.map((row) => row.slot));
  const clients = new Set(c.clients.map(([slot]) => slot));
  const twice = [["domains", duplicate(c.domains, (d) => d[0])], ["pools", duplicate(c.pools, (p) => p.slot)], ["nodes", duplicate(c.nodes, (n) => n.slot)], ["clients", duplicate(c.clients, (d) => d[0])], ["volumes", duplicate(c.volumes, (row) => row.slot)]] as const;
  for (const [table, at] of twice) if (at >= 0) return `cluster.${table}[${at}].slot: the slot is used twice`;
  for (const [index, p] of c.pools.entries()) {
    if (!domains.has(p.domain)) return `cluster.pools[${index}].domain: no protection domain in slot ${p.domain}`;
    if (p.minCopies > p.copies) return `cluster.pools[${index}].minCopies: ${p.minCopies} is more than its ${p.copies} copies`;
  }
  for (const [index, n] of c.nodes.entries()) if (!pools.has(n.pool)) return `cluster.nodes[${index}].pool: no storage pool in slot ${n.pool}`;
  for (const [index, row] of c.volumes.entries()) if (!pools.has(row.pool)) return `cluster.volumes[${index}].pool: no storage pool in slot ${row.pool}`;
  for (const [index, [, volume, client]] of c.mappings.entries()) {
    if (!volumes.has(volume) || !clients.has(client)) return `cluster.mappings[${index}]: volume slot ${volume} or client slot ${client} does not exist`;
  }
  const chunkIds = new Set(c.chunks.chunks.map(([node, chunk]) => node * 2 ** 32 + chunk));
  for (const [index, [node, , chunk]] of c.chunks.keys.entries()) {
    if (!chunkIds.has(node * 2 ** 32 + chunk)) return `cluster.chunks.keys[${index}]: chunk ${chunk} is not stored on node slot ${node}`;
  }
  return undefined;
}
