// The storage module's public surface.
export type { BlockBackend } from "./block-device.js";
export { checkIoLength } from "./checks.js";
export { TIER_PROFILES } from "./chunk-pool.js";
export type { VolumeStats } from "./metrics.js";
export type { QosLimits } from "./qos.js";
export { SESSION_STATES } from "./replication.js";
export type { SessionRow } from "./replication.js";
export type { SnapshotRow } from "./snapshots.js";
export { TIERS, VOLUME_MACHINE, VOLUME_STATE_NAMES, VOLUME_TYPES, VolumeState } from "./types.js";
export type { IoResult, TierName, TierUsage, VolumeInfo, VolumeSpec, VolumeType } from "./types.js";
export { StorageVolumeManager } from "./volume-manager.js";
export { VOLUME_ROW_ENTRIES } from "./volume-table.js";
export type { SavedStorage } from "./volume-manager.js";
