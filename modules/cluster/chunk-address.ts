// A distributed chunk's address: an integer made of the volume's slot in the cluster's volume
// table, the snapshot's slot (or none, for the volume's own chunk) and the chunk's index. Every
// table inside the cluster (node stores, committed versions, causal `seen`, queued updates) is
// keyed by it; the text form ("db#3", "db@s1#3") exists only at the edges: state.json, messages
// and the order reports list chunks in (by text, as they always have). An archived copy on a
// node is its address plus ARCHIVED.

import { assert } from "../../src/assert.js";
import { CLUSTER_VOLUME_CHUNKS_MAX, SNAPSHOT_COUNT_MAX, VOLUME_COUNT_MAX } from "../../src/limits.js";

export const NO_SNAPSHOT = -1;
const SNAPSHOTS = SNAPSHOT_COUNT_MAX + 1; // the volume's own chunks take "snapshot" 0
export const CHUNK_ADDRESS_COUNT = SNAPSHOTS * VOLUME_COUNT_MAX * CLUSTER_VOLUME_CHUNKS_MAX; // addresses are below this
export const ARCHIVED = CHUNK_ADDRESS_COUNT; // added to an address: a node's archived copy of it

export function chunkAddress(volume: number, snapshot: number, index: number): number {
  if (!(volume >= 0 && volume < VOLUME_COUNT_MAX && snapshot >= NO_SNAPSHOT && snapshot < SNAPSHOT_COUNT_MAX && index >= 0 && index < CLUSTER_VOLUME_CHUNKS_MAX)) assert(false, `chunk address (${volume}, ${snapshot}, ${index}) is in range`); // the message is built only on failure (a hot path)
  return ((snapshot + 1) * VOLUME_COUNT_MAX + volume) * CLUSTER_VOLUME_CHUNKS_MAX + index;
}

export const indexOf = (address: number): number => address % CLUSTER_VOLUME_CHUNKS_MAX;
export const ownerOf = (address: number): number => Math.floor(address / CLUSTER_VOLUME_CHUNKS_MAX); // the volume or snapshot: chunkAddress(v, s, i) of every i shares it
export const volumeOf = (address: number): number => Math.floor(address / CLUSTER_VOLUME_CHUNKS_MAX) % VOLUME_COUNT_MAX;
export const snapshotOf = (address: number): number => Math.floor(address / (CLUSTER_VOLUME_CHUNKS_MAX * VOLUME_COUNT_MAX)) - 1;

/** The names behind the slots, for the text form. */
export interface ChunkNaming {
  volumeName(volume: number): string;
  snapshotKey(snapshot: number): string; // "volume@snapshot"
  findVolume(name: string): number; // -1: none
  findSnapshot(key: string): number; // -1: none
}

export class ChunkNames {
  constructor(private readonly naming: ChunkNaming) {}

  /** "volume" or "volume@snapshot": whose chunk `address` is. */
  owner(address: number): string {
    const snapshot = snapshotOf(address);
    return snapshot === NO_SNAPSHOT ? this.naming.volumeName(volumeOf(address)) : this.naming.snapshotKey(snapshot);
  }

  /** "volume#index" or "volume@snapshot#index". */
  text(address: number): string {
    return `${this.owner(address)}#${indexOf(address)}`;
  }

  /** "chunk 3 of db@s1", as messages say it. */
  describe(address: number): string {
    return `chunk ${indexOf(address)} of ${this.owner(address)}`;
  }

  /** The address a saved key names; undefined when its volume or snapshot no longer exists. */
  parse(key: string): number | undefined {
    const hash = key.lastIndexOf("#");
    const owner = key.slice(0, hash);
    const index = Number(key.slice(hash + 1));
    if (hash < 0 || !Number.isInteger(index) || index < 0 || index >= CLUSTER_VOLUME_CHUNKS_MAX) return undefined;
    const at = owner.indexOf("@");
    const volume = this.naming.findVolume(at < 0 ? owner : owner.slice(0, at));
    const snapshot = at < 0 ? NO_SNAPSHOT : this.naming.findSnapshot(owner);
    return volume < 0 || (at >= 0 && snapshot < 0) ? undefined : chunkAddress(volume, snapshot, index);
  }

  /**
   * Sorts addresses by their text, the order reports and state.json have always listed chunks in,
   * without building the whole texts: by owner ("db#" or "db@s1#": names hold no '#', so the owner
   * part decides between owners) and then by the index's digits compared as text, made once per
   * address sorted (no table over every possible index: a volume may have 2^24 of them).
   */
  sort(addresses: number[]): number[] {
    if (addresses.length < 2) return addresses;
    const owners = [...new Set(addresses.map(ownerOf))]; // local to one sort
    const texts = owners.map((owner) => this.text(owner * CLUSTER_VOLUME_CHUNKS_MAX).slice(0, -1)); // "db#0" -> "db#"
    const order = owners.map((_, i) => i).sort((a, b) => (texts[a]! < texts[b]! ? -1 : texts[a]! > texts[b]! ? 1 : 0));
    const rank = new Map(order.map((i, place) => [owners[i]!, place]));
    const keyed = addresses.map((address) => ({ address, owner: rank.get(ownerOf(address))!, digits: String(indexOf(address)) }));
    keyed.sort((a, b) => a.owner - b.owner || (a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0));
    keyed.forEach((k, i) => (addresses[i] = k.address));
    return addresses;
  }
}
