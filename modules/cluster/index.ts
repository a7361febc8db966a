// The cluster module's public surface.
export { DistributedStorageManager } from "./cluster-manager.js";
export type { SavedCluster } from "./cluster-manager.js";
export { hash32, place } from "./placement.js";
export { CONSISTENCY_LEVELS, COPIES_MAX, MEDIA, REPLICA_STATES, ReplicaState } from "./topology.js";
export type { ConsistencyLevel, PoolSpec } from "./topology.js";
export { decodeToken, encodeToken } from "./tokens.js";
export type { IoToken } from "./tokens.js";
export { CONDITIONS, NODE_STATES, SEVERITIES } from "./health.js";
export type { Alert, AlertSink } from "./health.js";
export { runChaos } from "./chaos.js";
export type { ChaosOptions, ChaosReport } from "./chaos.js";
