// The cluster's saved form: what state.json holds for it, and how it is read back. The snapshot
// is sealed over its exact JSON, so the keys keep this order. Restoring also sets the timers
// again for the times they were due (callbacks are not saved): the lag queue's first, then the
// heartbeat and the rebuild, in the order they were first set.

import { fail } from "../../src/errors.js";
import { CLIENT_COUNT_MAX, VOLUME_SIZE_MAX } from "../../src/limits.js";
import { CHUNK_ADDRESS_COUNT, type ChunkNames } from "./chunk-address.js";
import type { ChunkVersions, SavedUpdate } from "./chunk-versions.js";
import type { ControlPlane } from "./control-plane.js";
import type { DataPath } from "./data-path.js";
import type { DistributedSnapshots } from "./distributed-snapshots.js";
import type { FailedCopies, SavedFailedCopies } from "./failed-copies.js";
import type { ClusterHealth } from "./health.js";
import type { SavedJobs } from "./job-history.js";
import type { LagQueue } from "./lag-queue.js";
import type { NodeStores } from "./node-store.js";
import type { Rebuilder } from "./rebuild.js";
import type { SavedTokens, TokenService } from "./token-service.js";
import type { Topology } from "./topology.js";
import type { VolumeTable } from "./volume-table.js";

export interface SavedCluster {
  readonly tokens: SavedTokens;
  readonly domains: [number, string][];
  readonly pools: { slot: number; key: string; domain: number; copies: number; minCopies: number; consistency: number }[];
  readonly nodes: { slot: number; name: string; pool: number; capacity: number; media: number; faultSet: string }[];
  readonly clients: [number, string][];
  readonly shardPool: number[];
  readonly replicas: number[];
  readonly replicaStates: number[];
  readonly versions: number[];
  readonly volumes: { slot: number; name: string; pool: number; size: number }[];
  readonly snapshots: ReturnType<DistributedSnapshots["toJSON"]>;
  readonly mappings: [number, number, number, number][];
  readonly chunks: ReturnType<NodeStores["toJSON"]>;
  readonly seen: [string, number][][];
  readonly pending: SavedUpdate[];
  readonly committed?: [string, number][]; // absent in snapshots from before committed versions
  readonly pendingTimerMs: number;
  readonly health: ReturnType<ClusterHealth["toJSON"]>;
  readonly rebuild: number[];
  readonly timers: number[];
  readonly draining: number[];
  readonly io: number[];
  readonly jobs?: SavedJobs; // absent in snapshots from before the job history
  readonly failedCopies?: SavedFailedCopies; // absent in snapshots from before it was kept
}

/** Every part of the cluster that holds saved state. */
export interface ClusterState {
  readonly topology: Topology;
  readonly tokens: TokenService;
  readonly table: VolumeTable;
  readonly snapshots: DistributedSnapshots;
  readonly stores: NodeStores;
  readonly versions: ChunkVersions;
  readonly health: ClusterHealth;
  readonly rebuilder: Rebuilder;
  readonly lag: LagQueue;
  readonly dataPath: DataPath;
  readonly control: ControlPlane;
  readonly names: ChunkNames;
  readonly failed: FailedCopies;
}

export function saveCluster(c: ClusterState): SavedCluster {
  const t = c.topology;
  const versions = c.versions.toJSON();
  return {
    tokens: c.tokens.toJSON(),
    domains: t.domains.slots().map((slot) => [slot, t.domains.nameOf(slot)]),
    pools: t.poolRows.toJSON(),
    nodes: t.nodeRows.toJSON(),
    clients: t.clients.slots().map((slot) => [slot, t.clients.nameOf(slot)]),
    shardPool: Array.from(t.shardPool),
    replicas: Array.from(t.replicas),
    replicaStates: Array.from(t.replicaStates),
    versions: Array.from(t.versions),
    volumes: c.table.rows.toJSON(),
    snapshots: c.snapshots.toJSON(),
    mappings: c.table.mappingsOf(undefined, undefined).map((m) => [m, c.table.mapVolume[m]!, c.table.mapClient[m]!, c.table.mapReadOnly[m]!]),
    chunks: c.stores.toJSON(),
    seen: savedSeen(c),
    pending: versions.deferred,
    committed: versions.committed,
    pendingTimerMs: c.lag.timerMs,
    io: c.dataPath.io.toJSON(),
    health: c.health.toJSON(),
    rebuild: c.rebuilder.toJSON(),
    timers: c.control.timers(),
    draining: Array.from(c.control.draining),
    jobs: c.control.jobs.toJSON(),
    failedCopies: c.failed.toJSON(),
  };
}

export function restoreCluster(c: ClusterState, saved: SavedCluster): void {
  c.health.restore(saved.health);
  c.rebuilder.restore(saved.rebuild);
  c.control.draining.set(saved.draining);
  c.control.jobs.restore(saved.jobs);
  c.dataPath.io.restore(saved.io);
  restoreTopology(c.topology, saved);
  restoreVolumes(c.table, saved);
  c.snapshots.load(saved.snapshots);
  c.tokens.restore(saved.tokens, (volume, client) => (c.table.volumes.has(volume) && c.topology.clients.has(client) ? { volume: c.table.volumes.find(volume), client: c.topology.clients.find(client) } : undefined));
  for (const [m, volume, client, readOnly] of saved.mappings) {
    c.table.restoreMapping(m, volume, client, readOnly);
  }
  c.stores.restore(saved.chunks);
  c.failed.restore(saved.failedCopies);
  restoreSeen(c, saved.seen);
  c.versions.restore(saved.committed, saved.pending, c.topology.nodes.slots());
  c.lag.schedule(); // the pending timer was due at the first update's time, as now
  c.control.restoreTimers(saved.timers);
}

function restoreTopology(t: Topology, saved: SavedCluster): void {
  for (const [slot, name] of saved.domains) t.domains.allocateAt(slot, name);
  t.poolRows.restore(saved.pools);
  t.nodeRows.restore(saved.nodes);
  for (const [slot, name] of saved.clients) t.clients.allocateAt(slot, name);
  t.shardPool.set(saved.shardPool);
  t.replicas.set(saved.replicas);
  t.replicaStates.set(saved.replicaStates);
  t.versions.set(saved.versions);
}

function restoreVolumes(table: VolumeTable, saved: SavedCluster): void {
  for (const v of saved.volumes) {
    // A size past the limit would have every walk over the volume's chunks run for hours.
    if (!(Number.isSafeInteger(v.size) && v.size > 0 && v.size <= VOLUME_SIZE_MAX)) fail("EINVAL", `distributed volume '${v.name}' has size ${v.size}, not 1..${VOLUME_SIZE_MAX} bytes (VOLUME_SIZE_MAX)`);
    table.rows.restoreRow(v);
  }
}

/** The causal table as saved: per client, [chunk key, version] in the order first seen. */
function savedSeen(c: ClusterState): [string, number][][] {
  const seen: [string, number][][] = Array.from({ length: CLIENT_COUNT_MAX }, () => []);
  c.dataPath.seen.forEach((key, version) => seen[Math.floor(key / CHUNK_ADDRESS_COUNT)]!.push([c.names.text(key % CHUNK_ADDRESS_COUNT), version]));
  return seen;
}

function restoreSeen(c: ClusterState, saved: readonly (readonly [string, number])[][]): void {
  saved.forEach((entries, client) => {
    for (const [text, version] of entries) {
      const address = c.names.parse(text);
      if (address !== undefined) c.dataPath.seen.set(client * CHUNK_ADDRESS_COUNT + address, version); // a chunk of a volume since deleted is forgotten
    }
  });
}
