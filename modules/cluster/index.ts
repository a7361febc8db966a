// The cluster module's public surface.
export { ChaosRun, runChaos, type ChaosReport } from "./chaos.js";
export { DistributedStorageManager } from "./cluster-manager.js";
export type { SavedCluster } from "./saved-cluster.js";
export type { RebuildReport, ShardSummary } from "./reports.js";
export { CONDITIONS, NODE_STATES, SEVERITIES } from "./health.js";
export type { Alert } from "./health.js";
export { place } from "./placement.js";
export { CONSISTENCY_LEVELS, countOf, MEDIA, REPLICA_STATES } from "./topology.js";
export type { ConsistencyLevel } from "./topology.js";
export { subsystem } from "./subsystem.js";
export type { AlertSelection, ClusterObjectKind, ClusterView } from "./views.js";
