// The storage vocabulary of seed Task 1: volume types, tiers, and the 8-state lifecycle as data.

import { defineMachine } from "../../src/state-machine.js";

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
 * The lifecycle. create runs initialize and ready at once (local volumes need no zeroing: chunks
 * are allocated on first write). A snapshot passes through Snapshotting and returns to where it
 * was. A write that finds its pool full leaves an unattached volume Degraded until a write
 * succeeds (an attached one stays Attached and reports the error to its user).
 */
export const VOLUME_MACHINE = defineMachine("volume", VOLUME_STATE_NAMES, {
  initialize: { from: [S.Created], to: S.Initializing },
  ready: { from: [S.Initializing], to: S.Available },
  attach: { from: [S.Available], to: S.Attached },
  detach: { from: [S.Attached], to: S.Detaching },
  detached: { from: [S.Detaching], to: S.Available },
  snapshot: { from: [S.Available, S.Attached, S.Degraded], to: S.Snapshotting },
  snapshotDoneAvailable: { from: [S.Snapshotting], to: S.Available },
  snapshotDoneAttached: { from: [S.Snapshotting], to: S.Attached },
  degrade: { from: [S.Available], to: S.Degraded },
  recover: { from: [S.Degraded], to: S.Available },
  delete: { from: [S.Available, S.Degraded], to: S.Deleted },
});
