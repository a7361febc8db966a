// The storage vocabulary of seed Task 1: volume types, tiers, the 8-state lifecycle as data, and
// the shapes the manager takes and returns.

import { defineMachine } from "../../src/state-machine.js";
import type { QosLimits } from "./qos.js";

export const VOLUME_TYPES = ["block", "object", "file", "distributed"] as const;
export type VolumeType = (typeof VOLUME_TYPES)[number];

export const TIERS = ["ssd", "hdd"] as const;
export type TierName = (typeof TIERS)[number];

export const VolumeState = {
  Created: 0,
  Initializing: 1,
  Available: 2,
  Attached: 3,
  Snapshotting: 4,
  Degraded: 5,
  Detaching: 6,
  Deleted: 7,
} as const;

export const VOLUME_STATE_NAMES = ["Created", "Initializing", "Available", "Attached", "Snapshotting", "Degraded", "Detaching", "Deleted"] as const;

const S = VolumeState;

/**
 * The lifecycle (lifecycle.ts keeps it true). create runs initialize, then ready once a thick
 * volume's zeroing time has passed (at once for thin ones). A snapshot passes through
 * Snapshotting, for as long as it takes, and returns to where it was. Degraded follows the data:
 * degrade and recover are taken whenever the state is read and the data says so. A degraded volume
 * still serves IO, so it may be attached (and is Attached then, until detached).
 */
export const VOLUME_MACHINE = defineMachine("volume", VOLUME_STATE_NAMES, {
  initialize: { from: [S.Created], to: S.Initializing },
  ready: { from: [S.Initializing], to: S.Available },
  attach: { from: [S.Available, S.Degraded], to: S.Attached },
  detach: { from: [S.Attached], to: S.Detaching },
  detached: { from: [S.Detaching], to: S.Available },
  snapshot: { from: [S.Available, S.Attached, S.Degraded], to: S.Snapshotting },
  snapshotDoneAvailable: { from: [S.Snapshotting], to: S.Available },
  snapshotDoneAttached: { from: [S.Snapshotting], to: S.Attached },
  degrade: { from: [S.Available], to: S.Degraded },
  recover: { from: [S.Degraded], to: S.Available },
  delete: { from: [S.Available, S.Degraded, S.Initializing], to: S.Deleted }, // a thick volume still zeroing may go: deleting cancels it
});

export interface VolumeSpec {
  readonly name: string;
  readonly type: VolumeType;
  readonly tier: TierName;
  readonly sizeBytes: number;
  readonly thin: boolean;
  readonly pool?: string; // distributed volumes: the cluster's <domain>/<pool>
}

export interface VolumeInfo {
  readonly name: string;
  readonly type: VolumeType;
  readonly tier: TierName;
  readonly state: string;
  readonly stateDetail?: string; // a transient state's end, or why the volume is Degraded
  readonly provisioning: "thin" | "thick";
  readonly sizeBytes: number;
  readonly allocatedBytes: number;
  readonly attachedTo: string | null; // null, shown in --json, when not attached
  readonly snapshots: number;
  readonly replicaOf: string | undefined;
  readonly replicas: string[];
  readonly qos: QosLimits;
}

export interface IoResult {
  readonly bytes: number;
  readonly latencyMs: number;
  readonly throttledMs: number;
}

export interface TierUsage {
  readonly tier: TierName;
  readonly capacityBytes: number;
  readonly usedBytes: number;
  readonly reservedBytes: number;
}
