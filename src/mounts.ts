// The `mounts` port (src/ports.ts): storage provides it, containers need it. A pod (a holder,
// "pod/web") mounts a volume: a local volume goes Attached naming the holder; a distributed one is
// also mapped to the storage client (SDC) of the pod's node, so its IO goes through that client
// with MDM tokens, as `vol write --sdc` does. The holder then writes and reads through the mount;
// a read-only mount refuses writes with EROFS. One holder per volume (a second mount is EBUSY).
//
// Holder IO costs no simulated time of its own: it is a workload's, whose rate is its time (and it
// runs inside clock timers, which must not move the clock).

/** How a holder mounts a volume. */
export interface MountOptions {
  readonly readOnly: boolean;
  /** The storage client a distributed volume is mapped through (required for one; ignored for local volumes). */
  readonly client?: string;
}

/** What a holder needs to know of a volume before mounting it. */
export interface VolumeFacts {
  readonly name: string;
  readonly type: string; // block, object, file, distributed
  readonly distributed: boolean;
  readonly sizeBytes: number;
  /** The volume's object at the gate (`vol/<name>`): its security label (MAC level) is checked there. */
  readonly path: string;
  /** The holder it is mounted or attached by, if any. */
  readonly holder: string | undefined;
}

/** A mount as storage keeps it. */
export interface MountInfo {
  readonly volume: string;
  readonly holder: string;
  readonly readOnly: boolean;
  readonly client: string; // "" for a local volume
}

export interface Mounts {
  /** Attaches (and, distributed, maps) `volume` for `holder`; fails and changes nothing when it cannot. */
  mount(volume: string, holder: string, options: MountOptions): MountInfo;
  /** Undoes mount (detach; unmap for a distributed volume); only the holder that mounted it may. */
  unmount(volume: string, holder: string): void;
  /** Writes through the holder's mount: EACCES if it does not hold it, EROFS on a read-only mount. */
  write(volume: string, holder: string, offset: number, data: Uint8Array): void;
  read(volume: string, holder: string, offset: number, length: number): Uint8Array;
  /** The volume's facts, or undefined when there is no such volume. */
  facts(volume: string): VolumeFacts | undefined;
  /** Why `client` cannot reach `volume` (a distributed volume needs the client to exist in the cluster), or undefined. */
  unreachable(volume: string, client: string): string | undefined;
  /** The mount of `volume`, if one. */
  mountOf(volume: string): MountInfo | undefined;
  /** Called before any read or snapshot of a mounted volume (so a holder lands what it has pending first): one hook, the last one set. */
  beforeRead(hook: (volume: string) => void): void;
}
