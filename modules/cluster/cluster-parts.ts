// How the cluster's parts are built and wired, once, at boot: each part is handed exactly the
// others it works with (see cluster-manager.ts for who owns what). The result is everything the
// façade delegates to, and everything the saved form covers.

import type { ChunkDevices } from "../../src/chunks/chunk-device.js";
import type { Clock } from "../../src/clock.js";
import { CLUSTER_CHUNK_SIZE, STORAGE_NODE_MAX } from "../../src/limits.js";
import type { PerformanceSink } from "../../src/ports.js";
import type { Rng } from "../../src/rng.js";
import { ChunkNames } from "./chunk-address.js";
import { ChunkVersions } from "./chunk-versions.js";
import { ControlPlane } from "./control-plane.js";
import { DataPath } from "./data-path.js";
import { DistributedSnapshots } from "./distributed-snapshots.js";
import { FailedCopies } from "./failed-copies.js";
import { ClusterHealth, type AlertSink } from "./health.js";
import { LagQueue } from "./lag-queue.js";
import { NodeStores } from "./node-store.js";
import { Rebuilder } from "./rebuild.js";
import { ShardCounters } from "./shard-counters.js";
import { ClusterReports } from "./reports.js";
import type { ClusterState } from "./saved-cluster.js";
import { TokenService } from "./token-service.js";
import { Topology } from "./topology.js";
import { VolumeLifecycle } from "./volume-lifecycle.js";
import { VolumeTable } from "./volume-table.js";

const EVERY_NODE = 2 ** STORAGE_NODE_MAX - 1; // as a mask: standing, every live copy is placed

export interface ClusterParts extends ClusterState {
  readonly reports: ClusterReports;
  readonly volumes: VolumeLifecycle;
  readonly counters: ShardCounters;
}

export function buildCluster(clock: Clock, rng: Rng, tokenSecret: Uint8Array, chunks: ChunkDevices, alerts?: AlertSink, performance?: PerformanceSink): ClusterParts {
  const topology = new Topology();
  const table = new VolumeTable(topology);
  const health = new ClusterHealth(alerts);
  const tokens = new TokenService(clock, rng, tokenSecret);
  let snapshots: DistributedSnapshots;
  const names = new ChunkNames({
    volumeName: (volume) => table.volumes.nameOf(volume),
    snapshotKey: (snapshot) => snapshots.keyOf(snapshot), // snapshots is built below; names are asked only later
    findVolume: (name) => (table.volumes.has(name) ? table.volumes.find(name) : -1),
    findSnapshot: (key) => snapshots.slotOfKey(key),
  });
  const stores = new NodeStores((node) => Math.floor(topology.capacity[node]! / CLUSTER_CHUNK_SIZE), (node) => topology.nodes.nameOf(node), names, chunks);
  const versions = new ChunkVersions(stores, topology, health, names);
  const failed = new FailedCopies(stores, names);
  const counters = new ShardCounters({
    versionOr: (node, address, absent) => stores.versionOr(node, address, absent),
    chunkIdOr: (node, address) => stores.chunkIdOr(node, address),
    committed: (address) => versions.of(address),
    shardIfExists: (address) => table.shardIfExists(address),
    forEachAddress: (each) => {
      versions.forEachWritten((address) => each(address));
      stores.forEachLive(() => true, (_node, address) => each(address));
    },
  });
  stores.counters = counters;
  versions.counters = counters;
  const draining = new Uint8Array(STORAGE_NODE_MAX); // membership (control-plane.ts); the rebuild counts a draining node's copies as leaving
  const rebuilder = new Rebuilder(topology, stores, health, versions, (address) => table.shardIfExists(address), draining);
  snapshots = new DistributedSnapshots(stores, versions, {
    volumeName: (volume) => table.volumes.nameOf(volume),
    volumeSize: (volume) => table.volumeSize[volume]!,
    setVolumeSize: (volume, sizeBytes) => (table.volumeSize[volume] = sizeBytes),
    isPlaced: (volume, index, node) => table.replicaNodes(volume, index).includes(node),
    ownChunks: (snapshot) => (reports.standing() ? counters.placedOwnChunksOf(snapshot, () => EVERY_NODE) : reports.countedPlacedOwnChunks(snapshot)), // reports is built below; listings ask only later
    now: () => clock.now(),
  });
  let control: ControlPlane;
  const reports = new ClusterReports(topology, stores, health, rebuilder, versions, counters, failed, {
    now: () => clock.now(),
    shardOfKey: (key) => table.shardOfKey(key),
    keyText: (key) => names.text(key),
    nodeUsage: (node) => control.nodeUsage(node), // control is built below; reports ask only later
  });
  const lag = new LagQueue(clock, topology, versions, health);
  const dataPath = new DataPath({ clock, rng, topology, table, stores, versions, health, tokens, snapshots, reports, lag, counters, failed });
  control = new ControlPlane({ clock, topology, table, stores, health, rebuilder, reports, seen: dataPath.seen, draining, performance });
  const volumes = new VolumeLifecycle({ topology, table, stores, versions, health, tokens, snapshots, reports, counters, failed });
  return { topology, tokens, table, snapshots, stores, versions, health, rebuilder, lag, dataPath, control, reports, volumes, names, counters, failed };
}
