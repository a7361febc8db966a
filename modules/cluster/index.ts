// The cluster module's public surface.
export { ChaosRun, runChaos, type ChaosReport } from "./chaos.js";
export { DistributedStorageManager } from "./cluster-manager.js";
export type { SavedCluster } from "./saved-cluster.js";
export type { RebuildReport, ShardSummary } from "./reports.js";
export { CONDITIONS, NODE_STATES, SEVERITIES } from "./health.js";
export type { Alert } from "./health.js";
export { ALERTS_SCHEMA } from "./alert-table.js";
export { VOLUMES_SCHEMA } from "./volume-table.js";
export { CLUSTER_SNAPSHOTS_SCHEMA } from "./distributed-snapshots.js";
export { place } from "./placement.js";
export { CONSISTENCY_LEVELS, COPIES_MAX, countOf, MEDIA, NODES_SCHEMA, POOLS_SCHEMA, REPLICA_STATES } from "./topology.js";
export type { ConsistencyLevel } from "./topology.js";
