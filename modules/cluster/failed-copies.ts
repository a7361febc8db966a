// Copies a read found failing their checksum (data-path.ts): the read went on to another copy and
// an alert named the bad one. Until a scrub rewrites it (scrub.ts) the copy stays listed here and
// counts against the cluster: health is DEGRADED with a COPIES_FAILED check naming each, and its
// volume's data state is degraded, as ceph reports an inconsistent placement group until it is
// repaired. A copy rewritten since (its version moved on: a later write) or gone (deleted, its
// volume deleted, its node removed, archived) no longer counts. Kept as (node, chunk address) ->
// the copy's version when it failed, in a fixed-capacity map, and saved with the cluster, so a
// restart does not forget what a read found.

import { CLUSTER_CHUNK_KEY_MAX } from "../../src/limits.js";
import { IntMap } from "../../src/table/int-map.js";
import { CHUNK_ADDRESS_COUNT, type ChunkNames, volumeOf, snapshotOf, NO_SNAPSHOT } from "./chunk-address.js";
import type { NodeStores } from "./node-store.js";

/** The saved form: [node, "volume#index", version] a copy. */
export type SavedFailedCopies = [number, string, number][];

const copyKey = (node: number, address: number) => node * CHUNK_ADDRESS_COUNT + address;

export class FailedCopies {
  private readonly copies = new IntMap("failed copy", CLUSTER_CHUNK_KEY_MAX, "CLUSTER_CHUNK_KEY_MAX");

  constructor(
    private readonly stores: NodeStores,
    private readonly names: ChunkNames,
  ) {}

  /** A read found the copy of `address` on `node` failing its checksum. */
  note(node: number, address: number): void {
    this.copies.set(copyKey(node, address), this.stores.versionOr(node, address, 0));
  }

  /** The copy reads back good again (a scrub checked or rewrote it). */
  clear(node: number, address: number): void {
    this.copies.delete(copyKey(node, address));
  }

  /** Calls `each(node, address)` for every copy that still fails, in the order found. */
  forEach(each: (node: number, address: number) => void): void {
    this.copies.forEach((key, version) => {
      const node = Math.floor(key / CHUNK_ADDRESS_COUNT);
      const address = key % CHUNK_ADDRESS_COUNT;
      if (this.stores.versionOr(node, address, -1) === version) each(node, address);
    });
  }

  /** Whether a chunk of the volume itself (not of its snapshots) has a copy that still fails. */
  hasVolumeCopy(volume: number): boolean {
    if (this.copies.size === 0) return false; // the common case, asked on every `vol list`
    let found = false;
    this.forEach((_node, address) => (found ||= volumeOf(address) === volume && snapshotOf(address) === NO_SNAPSHOT));
    return found;
  }

  /** Forgets copies rewritten or gone since they failed (a scrub's end: the map stays small). */
  prune(): void {
    this.copies.forEach((key, version) => {
      if (this.stores.versionOr(Math.floor(key / CHUNK_ADDRESS_COUNT), key % CHUNK_ADDRESS_COUNT, -1) !== version) this.copies.delete(key);
    });
  }

  toJSON(): SavedFailedCopies {
    const saved: SavedFailedCopies = [];
    this.forEach((node, address) => saved.push([node, this.names.text(address), this.stores.versionOr(node, address, 0)]));
    return saved;
  }

  /** After the stores: a copy whose volume is gone, or that changed, is left out. */
  restore(saved: SavedFailedCopies | undefined): void {
    this.copies.clear();
    for (const [node, text, version] of saved ?? []) {
      const address = this.names.parse(text);
      if (address !== undefined && this.stores.versionOr(node, address, -1) === version) this.copies.set(copyKey(node, address), version);
    }
  }
}
