// Mounts: the `mounts` port (src/mounts.ts) over the storage manager. A holder ("pod/web") mounts
// a volume: it goes Attached naming the holder (the volume table's attachedTo), and a distributed
// one is also mapped to the holder's storage client in the cluster, so its IO goes through that
// client with MDM tokens. The mount's own facts (read-only, client) sit in two columns indexed by
// volume slot (one mount per volume) and in the volume's saved row (`mount`). A person's
// `vol detach` of a mounted volume is refused (the pod owns it); `vol delete --force` drops it.
//
// Interface: mount -> write / read (by holder) -> unmount; facts, unreachable, mountOf (reads);
// beforeRead (the hook a holder sets to land pending writes before any read of a volume).

import { fail } from "../../src/errors.js";
import { OBJECT_NAME_LENGTH_MAX, VOLUME_COUNT_MAX } from "../../src/limits.js";
import type { MountInfo, MountOptions, Mounts, VolumeFacts } from "../../src/mounts.js";
import type { StorageParts } from "./storage-parts.js";
import { VOLUME_TYPES } from "./types.js";

/** A volume's saved mount (absent when it has none). */
export interface SavedMount {
  readonly readOnly: boolean;
  readonly client: string;
}

/** What Mounts asks of the manager: attach/detach and IO that charges no clock time. */
export interface MountedVolumes {
  attach(name: string, host: string): void;
  detach(name: string): void;
  holderWrite(name: string, offset: number, data: Uint8Array, client: string | undefined): void;
  holderRead(name: string, offset: number, length: number, client: string | undefined): Uint8Array;
}

export class VolumeMounts implements Mounts {
  private readonly mounted = new Uint8Array(VOLUME_COUNT_MAX);
  private readonly readOnly = new Uint8Array(VOLUME_COUNT_MAX);
  private readonly clients = new Array<string>(VOLUME_COUNT_MAX).fill("");
  private readHook: ((volume: string) => void) | undefined;
  private landing = false; // the hook is running: its own IO does not call it again

  constructor(
    private readonly parts: StorageParts,
    private readonly volumes: MountedVolumes,
  ) {}

  mount(volume: string, holder: string, options: MountOptions): MountInfo {
    const slot = this.parts.slotOf(volume);
    if (holder.length === 0 || holder.length > OBJECT_NAME_LENGTH_MAX) fail("EINVAL", `bad holder '${holder}' for volume '${volume}'`, `1..${OBJECT_NAME_LENGTH_MAX} characters`);
    const attachedTo = this.parts.volumes.attachedTo[slot]!;
    if (attachedTo !== "") fail("EBUSY", `volume '${volume}' is already ${this.mounted[slot] ? "mounted" : "attached"} by ${attachedTo}`, attachedTo === holder ? undefined : "one holder at a time");
    const distributed = this.parts.isDistributed(slot);
    const client = distributed ? (options.client ?? "") : "";
    if (distributed && client === "") fail("EINVAL", `distributed volume '${volume}' is mounted through a storage client`, "the node's storage client (cluster sdc add <node>)");
    if (distributed) this.parts.cluster(slot).map(volume, client, options.readOnly, false);
    try {
      this.volumes.attach(volume, holder);
    } catch (error) {
      if (distributed) this.parts.cluster(slot).unmap(volume, client); // undo: nothing is left half-mounted
      throw error;
    }
    this.set(slot, { readOnly: options.readOnly, client });
    return this.info(slot);
  }

  unmount(volume: string, holder: string): void {
    const slot = this.held(volume, holder);
    const client = this.clients[slot]!;
    this.clear(slot);
    this.volumes.detach(volume);
    if (client !== "" && this.parts.cluster(slot).mappedClients(volume).includes(client)) this.parts.cluster(slot).unmap(volume, client); // a person may have unmapped it already
  }

  write(volume: string, holder: string, offset: number, data: Uint8Array): void {
    const slot = this.held(volume, holder);
    if (this.readOnly[slot]) fail("EROFS", `volume '${volume}' is mounted read-only by ${holder}`);
    this.volumes.holderWrite(volume, offset, data, this.clientOf(slot));
  }

  read(volume: string, holder: string, offset: number, length: number): Uint8Array {
    const slot = this.held(volume, holder);
    this.landPending(slot);
    return this.volumes.holderRead(volume, offset, length, this.clientOf(slot));
  }

  facts(volume: string): VolumeFacts | undefined {
    if (!this.parts.volumes.slots.has(volume)) return undefined;
    const slot = this.parts.slotOf(volume);
    const attachedTo = this.parts.volumes.attachedTo[slot]!;
    const type = VOLUME_TYPES[this.parts.volumes.types[slot]!]!;
    return { name: volume, type, distributed: type === "distributed", sizeBytes: this.parts.volumes.sizes[slot]!, path: `vol/${volume}`, holder: attachedTo === "" ? undefined : attachedTo };
  }

  unreachable(volume: string, client: string): string | undefined {
    if (!this.parts.volumes.slots.has(volume)) return `volume "${volume}" not found`;
    const slot = this.parts.slotOf(volume);
    if (!this.parts.isDistributed(slot) || this.parts.distributed === undefined) return undefined;
    if (!this.parts.distributed.hasClient(client)) return `volume "${volume}" is distributed and storage client "${client}" is not in the cluster`;
    return undefined;
  }

  mountOf(volume: string): MountInfo | undefined {
    if (!this.parts.volumes.slots.has(volume)) return undefined;
    const slot = this.parts.slotOf(volume);
    return this.mounted[slot] ? this.info(slot) : undefined;
  }

  beforeRead(hook: (volume: string) => void): void {
    this.readHook = hook;
  }

  /** Whether the slot is mounted (a person's detach is refused then). */
  isMounted(slot: number): boolean {
    return this.mounted[slot] === 1;
  }

  /** Before any read of a mounted volume: its holder lands what it has pending. */
  landPending(slot: number): void {
    if (!this.mounted[slot] || this.readHook === undefined || this.landing) return;
    this.landing = true;
    try {
      this.readHook(this.parts.volumes.slots.nameOf(slot));
    } finally {
      this.landing = false;
    }
  }

  clear(slot: number): void {
    this.mounted[slot] = 0;
    this.readOnly[slot] = 0;
    this.clients[slot] = "";
  }

  toJSON(slot: number): { mount?: SavedMount } {
    return this.mounted[slot] ? { mount: { readOnly: this.readOnly[slot] === 1, client: this.clients[slot]! } } : {};
  }

  restore(slot: number, saved: SavedMount | undefined): void {
    if (saved !== undefined) this.set(slot, saved);
  }

  private set(slot: number, mount: SavedMount): void {
    this.mounted[slot] = 1;
    this.readOnly[slot] = mount.readOnly ? 1 : 0;
    this.clients[slot] = mount.client;
  }

  private held(volume: string, holder: string): number {
    const slot = this.parts.slotOf(volume);
    if (!this.mounted[slot] || this.parts.volumes.attachedTo[slot] !== holder) fail("EACCES", `volume '${volume}' is not mounted by ${holder}`);
    return slot;
  }

  private clientOf(slot: number): string | undefined {
    return this.clients[slot] === "" ? undefined : this.clients[slot];
  }

  private info(slot: number): MountInfo {
    return { volume: this.parts.volumes.slots.nameOf(slot), holder: this.parts.volumes.attachedTo[slot]!, readOnly: this.readOnly[slot] === 1, client: this.clients[slot]! };
  }
}
