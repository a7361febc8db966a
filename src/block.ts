// The one block-device seam between storage and the cluster: the `blockDevices` port
// (src/ports.ts), which the cluster provides and the kernel hands to storage. Storage keeps local
// volumes in its own chunk pools (modules/storage/block-device.ts, internal to it); a volume of
// type distributed hands its IO, by name, to the cluster through this interface (modules never
// import each other).

export interface IoContext {
  /** The storage client (SDC) the IO goes through, if the caller named one. */
  readonly client?: string;
  /** Reads: a buffer of at least the read's length to fill, whose start is returned (no fresh buffer per read; the caller's to reuse). */
  readonly into?: Uint8Array;
}

export interface DistributedVolumes {
  /** Thick volumes take every chunk on every copy now; thin ones on first write. */
  createVolume(name: string, pool: string, sizeBytes: number, thick: boolean): void;
  deleteVolume(name: string): void;
  resizeVolume(name: string, sizeBytes: number): void;
  read(name: string, offset: number, length: number, context: IoContext): Uint8Array;
  /** Writes all of `data` or none of it. */
  write(name: string, offset: number, data: Uint8Array, context: IoContext): void;
  allocatedRanges(name: string): [number, number][];
  /** The bytes of allocatedRanges summed, kept as IO happens (reports ask for it per listing). */
  allocatedBytes(name: string): number;
  /** The first non-zero byte at or past `offset` (the MDM looks; no client IO), or -1. */
  firstWrittenByte(name: string, offset: number): number;
  snapshotCreate(name: string, snapshot: string): void;
  snapshotDelete(name: string, snapshot: string): void;
  /** Rolls the volume back; returns its size as of the snapshot. */
  snapshotRestore(name: string, snapshot: string): number;
  snapshotList(name: string): SnapshotInfo[];
  /** The names snapshotList lists, without the space each uses (counted per listing and completion). */
  snapshotNames(name: string): string[];
  snapshotRead(name: string, snapshot: string, offset: number, length: number, context: IoContext): Uint8Array;
  /** Maps the volume to storage client `client` (`cluster map`): EEXIST if it is already, EBUSY when mapped to another client and not `allowMultiMap`. */
  map(name: string, client: string, readOnly: boolean, allowMultiMap: boolean): void;
  unmap(name: string, client: string): void;
  /** Whether the cluster has a storage client (SDC) of that name (a pod's node reaches distributed volumes through it). */
  hasClient(client: string): boolean;
  /** The clients the volume is mapped to (a mapped volume is not deleted without --force). */
  mappedClients(name: string): string[];
  /** Whether the volume's written data is whole (every chunk at full copies), degraded, or unreadable (some chunk has no current reachable copy). */
  dataState(name: string): VolumeDataState;
}

export type VolumeDataState = "whole" | "degraded" | "unreadable";

export interface SnapshotInfo {
  readonly name: string;
  readonly volume: string;
  readonly parent: string | undefined;
  readonly createdMs: number;
  readonly sizeBytes: number;
  readonly usedBytes: number; // bytes only this snapshot holds
  readonly current: boolean; // the volume's data descends from it
}
