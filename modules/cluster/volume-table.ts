// The cluster's volume table and mapping table: which distributed volumes exist (name, pool,
// size) and which clients (SDCs) each is mapped to, read-only or read-write. Both are fixed
// tables with declared columns; a mapping's slot is named "volume>client" by slots (unique, as a
// volume maps to a client once) and freed as any slot is, which clears its columns. This file owns only the tables and the
// questions asked of them (where a chunk's replicas are, which mappings match); what a volume
// holds is volume-lifecycle.ts, how IO flows is data-path.ts. The volume table declares its columns
// once (VOLUME_COLUMNS): its saved rows and their schema (VOLUMES_SCHEMA) follow from that.

import { fail } from "../../src/errors.js";
import { CLIENT_COUNT_MAX, CLUSTER_CHUNK_SIZE, MAPPING_MAX, STORAGE_POOL_MAX, VOLUME_COUNT_MAX, VOLUME_SIZE_MAX } from "../../src/limits.js";
import { int, slot as slotCheck } from "../../src/table/checks.js";
import { numbers, Table } from "../../src/table/columns.js";
import { indexOf, volumeOf } from "./chunk-address.js";
import type { Topology } from "./topology.js";

export const NONE = -1;

const VOLUME_COLUMNS = {
  pool: numbers(Int8Array, slotCheck(STORAGE_POOL_MAX, "STORAGE_POOL_MAX")),
  size: numbers(Float64Array, int(1, VOLUME_SIZE_MAX, `a size 1..${VOLUME_SIZE_MAX} bytes (VOLUME_SIZE_MAX)`)),
};
const MAPPING_COLUMNS = {
  volume: numbers(Int8Array, slotCheck(VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX"), NONE),
  client: numbers(Int8Array, slotCheck(CLIENT_COUNT_MAX, "CLIENT_COUNT_MAX"), NONE),
  readOnly: numbers(Uint8Array, int(0, 1)),
};

const volumeRows = () => new Table("distributed volume", VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX", VOLUME_COLUMNS, { nameKey: "name" });
export const VOLUMES_SCHEMA = volumeRows().schema();

export class VolumeTable {
  readonly rows = volumeRows();
  readonly volumes = this.rows.slots;
  readonly volumePool = this.rows.arrays.pool;
  readonly volumeSize = this.rows.arrays.size;
  private readonly mapRows = new Table("mapping", MAPPING_MAX, "MAPPING_MAX", MAPPING_COLUMNS, { nameKey: "name", validate: () => {} });
  readonly mapVolume = this.mapRows.arrays.volume;
  readonly mapClient = this.mapRows.arrays.client;
  readonly mapReadOnly = this.mapRows.arrays.readOnly;

  constructor(private readonly topology: Topology) {}

  names(): string[] {
    return this.volumes.slots().map((v) => this.volumes.nameOf(v));
  }

  replicaNodes(volume: number, index: number): number[] {
    return this.topology.replicasOf(this.topology.shardFor(this.volumePool[volume]!, this.volumes.nameOf(volume), index));
  }

  /** Runs `each(node, index)` for every chunk index of the volume on every node of its shard. */
  forEachCopy(volume: number, each: (node: number, index: number) => void): void {
    for (let index = 0; index * CLUSTER_CHUNK_SIZE < this.volumeSize[volume]!; index++) for (const node of this.replicaNodes(volume, index)) each(node, index);
  }

  /** The shard of a chunk address, or undefined if its volume is gone (the rebuild asks about leftovers). */
  shardIfExists(address: number): number | undefined {
    const slot = volumeOf(address);
    return this.volumes.used[slot] !== 1 ? undefined : this.shardOfKey(address);
  }

  /** Snapshot chunks live in the shard of the volume chunk they were taken from. */
  shardOfKey(address: number): number {
    const slot = volumeOf(address);
    return this.topology.shardFor(this.volumePool[slot]!, this.volumes.nameOf(slot), indexOf(address));
  }

  // Mapping (a volume is unusable until mapped to the client that does the IO)

  map(volume: string, client: string, readOnly: boolean, allowMultiMap: boolean): void {
    const v = this.volumes.find(volume);
    const c = this.topology.clients.find(client);
    const existing = this.mappingsOf(v, undefined);
    if (existing.some((m) => this.mapClient[m] === c)) fail("EEXIST", `volume '${volume}' is already mapped to ${client}`);
    if (existing.length > 0 && !allowMultiMap) fail("EBUSY", `volume '${volume}' is already mapped to ${this.topology.clients.nameOf(this.mapClient[existing[0]!]!)}`, "add --allow-multi-map to map it to a second client");
    if (this.mapRows.slots.count() === MAPPING_MAX) fail("ENOSPC", `mapping table full: ${MAPPING_MAX} mappings (MAPPING_MAX)`);
    this.setMapping(this.mapRows.slots.allocate(`${v}>${c}`), v, c, readOnly ? 1 : 0);
  }

  private setMapping(slot: number, volume: number, client: number, readOnly: number): void {
    this.mapVolume[slot] = volume;
    this.mapClient[slot] = client;
    this.mapReadOnly[slot] = readOnly;
  }

  /** Puts back a saved mapping in its slot. */
  restoreMapping(slot: number, volume: number, client: number, readOnly: number): void {
    this.setMapping(this.mapRows.slots.allocateAt(slot, `${volume}>${client}`), volume, client, readOnly);
  }

  /** Frees a mapping slot (its columns cleared). */
  freeMapping(mapping: number): void {
    this.mapRows.free(mapping);
  }

  unmap(volume: string, client: string): void {
    const v = this.volumes.find(volume);
    const c = this.topology.clients.find(client);
    const mapping = this.mappingsOf(v, c)[0];
    if (mapping === undefined) fail("ENOENT", `volume '${volume}' is not mapped to ${client}`);
    this.freeMapping(mapping);
  }

  mappings(): { volume: string; client: string; access: "ro" | "rw" }[] {
    return this.mappingsOf(undefined, undefined).map((m) => ({ volume: this.volumes.nameOf(this.mapVolume[m]!), client: this.topology.clients.nameOf(this.mapClient[m]!), access: this.mapReadOnly[m] ? "ro" : "rw" }));
  }

  mappedClients(name: string): string[] {
    return this.mappingsOf(this.volumes.find(name), undefined).map((m) => this.topology.clients.nameOf(this.mapClient[m]!));
  }

  mappingsOf(volume: number | undefined, client: number | undefined): number[] {
    const found: number[] = [];
    for (let m = 0; m < MAPPING_MAX; m++) {
      if (this.mapRows.slots.used[m] !== 1) continue;
      if ((volume === undefined || this.mapVolume[m] === volume) && (client === undefined || this.mapClient[m] === client)) found.push(m);
    }
    return found;
  }
}
