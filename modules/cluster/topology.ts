// The cluster's shape as the MDM (PowerFlex's metadata manager) keeps it: protection domains
// hold storage pools; storage nodes (SDS) join one pool of one domain with a capacity, a media
// type and optionally a fault set; clients (SDC) consume volumes. Each pool owns a fixed set of
// shards (of SHARD_COUNT_MAX in all), and each shard's replicas are placed on the pool's nodes
// by weighted rendezvous hashing (placement.ts). All tables are fixed and typed; the pool and node
// tables declare their columns once (POOL_COLUMNS, NODE_COLUMNS), and their saved rows and the
// schemas that validate them (POOLS_SCHEMA, NODES_SCHEMA) follow from that.

import { at } from "../../src/assert.js";
import { defineMachine, transition } from "../../src/state-machine.js";
import { fail } from "../../src/errors.js";
import { CLIENT_COUNT_MAX, COPIES_MAX, NODE_CAPACITY_MAX, OBJECT_NAME_LENGTH_MAX, PROTECTION_DOMAIN_MAX, SHARD_COUNT_MAX, STORAGE_NODE_MAX, STORAGE_POOL_MAX } from "../../src/limits.js";
import { enumIndex, int, longName, slot as slotCheck, text } from "../../src/table/checks.js";
import { numbers, Table, texts } from "../../src/table/columns.js";
import { SlotTable, validateName } from "../../src/table/slot-table.js";
import { countOf } from "../../src/units.js";
export { countOf }; // shared with the cluster's commands
import { faultDomainOf, place, type PlacementNode } from "./placement.js";

export const CONSISTENCY_LEVELS = ["strong", "eventual", "causal"] as const;
export type ConsistencyLevel = (typeof CONSISTENCY_LEVELS)[number];
export const MEDIA = ["ssd", "hdd"] as const;
export const REPLICA_STATES = ["Healthy", "Syncing", "Degraded", "Failed", "Recovering", "Rebalancing", "Archived"] as const;
export const ReplicaState = { Healthy: 0, Syncing: 1, Degraded: 2, Failed: 3, Recovering: 4, Rebalancing: 5, Archived: 6 } as const;

// What a copy's state column holds (reports derive the other states from health and versions): a
// deferred update of an eventual or causal pool makes the copy Syncing until its queue drains.
const KEPT = [ReplicaState.Healthy, ReplicaState.Syncing];
export const REPLICA_MACHINE = defineMachine("replica", REPLICA_STATES, {
  defer: { from: KEPT, to: ReplicaState.Syncing },
  catchUp: { from: KEPT, to: ReplicaState.Healthy },
});
export type ReplicaAction = keyof typeof REPLICA_MACHINE.actions;

export const NONE = -1;

const POOL_COLUMNS = {
  domain: numbers(Int8Array, slotCheck(PROTECTION_DOMAIN_MAX, "PROTECTION_DOMAIN_MAX")),
  copies: numbers(Uint8Array, int(1, COPIES_MAX)),
  minCopies: numbers(Uint8Array, int(1, COPIES_MAX)),
  consistency: numbers(Uint8Array, enumIndex(CONSISTENCY_LEVELS, "a consistency level")),
};
const POOL_OPTIONS = { nameKey: "key", nameCheck: longName, validate: (kind: string, key: string) => key.split("/").forEach((part) => validateName(kind, part)) } as const;

const NODE_COLUMNS = {
  pool: numbers(Int8Array, slotCheck(STORAGE_POOL_MAX, "STORAGE_POOL_MAX"), NONE),
  capacity: numbers(Float64Array, int(1, NODE_CAPACITY_MAX, `a capacity 1..${NODE_CAPACITY_MAX} bytes (NODE_CAPACITY_MAX)`)),
  media: numbers(Uint8Array, enumIndex(MEDIA, "a medium")),
  faultSet: texts(text(OBJECT_NAME_LENGTH_MAX)),
};
const NODE_OPTIONS = { nameKey: "name" } as const;

const poolTable = () => new Table("storage pool", STORAGE_POOL_MAX, "STORAGE_POOL_MAX", POOL_COLUMNS, POOL_OPTIONS);
const nodeTable = () => new Table("storage node", STORAGE_NODE_MAX, "STORAGE_NODE_MAX", NODE_COLUMNS, NODE_OPTIONS);
export const POOLS_SCHEMA = poolTable().schema();
export const NODES_SCHEMA = nodeTable().schema();

export interface PoolSpec {
  readonly copies: number;
  readonly minCopies: number;
  readonly consistency: ConsistencyLevel;
  readonly shards: number;
}

/** A shard whose replicas moved: data must follow from `from` to `to`. */
export interface ShardMove {
  readonly shard: number;
  readonly from: readonly number[];
  readonly to: readonly number[];
}

export class Topology {
  readonly domains = new SlotTable("protection domain", PROTECTION_DOMAIN_MAX, "PROTECTION_DOMAIN_MAX");
  readonly poolRows = poolTable();
  readonly pools = this.poolRows.slots;
  readonly poolDomain = this.poolRows.arrays.domain;
  readonly copies = this.poolRows.arrays.copies;
  readonly minCopies = this.poolRows.arrays.minCopies;
  readonly consistency = this.poolRows.arrays.consistency;
  readonly nodeRows = nodeTable();
  readonly nodes = this.nodeRows.slots;
  readonly nodePool = this.nodeRows.arrays.pool;
  readonly capacity = this.nodeRows.arrays.capacity;
  readonly media = this.nodeRows.arrays.media;
  readonly faultSets = this.nodeRows.arrays.faultSet;
  readonly clients = new SlotTable("client", CLIENT_COUNT_MAX, "CLIENT_COUNT_MAX");
  readonly shardPool = new Int8Array(SHARD_COUNT_MAX).fill(NONE);
  readonly replicas = new Int8Array(SHARD_COUNT_MAX * COPIES_MAX).fill(NONE);
  readonly replicaStates = new Uint8Array(SHARD_COUNT_MAX * COPIES_MAX);
  readonly versions = new Float64Array(SHARD_COUNT_MAX);

  addDomain(name: string): void {
    this.domains.allocate(name);
  }

  deleteDomain(name: string): void {
    const slot = this.domains.find(name);
    const pool = this.pools.slots().find((p) => this.poolDomain[p] === slot);
    if (pool !== undefined) fail("EBUSY", `protection domain '${name}' still holds pool '${this.pools.nameOf(pool)}'`);
    this.domains.free(slot);
  }

  addPool(key: string, spec: PoolSpec): void {
    const [domain, pool] = key.split("/");
    if (domain === undefined || pool === undefined || key.split("/").length !== 2) fail("EINVAL", `bad pool '${key}'`, "name pools as <domain>/<pool>, e.g. pd1/sp1");
    const domainSlot = this.domains.find(domain);
    if (spec.copies < 2 || spec.copies > COPIES_MAX) fail("EINVAL", `copies ${spec.copies} is out of range (2..${COPIES_MAX})`);
    if (spec.minCopies < 1 || spec.minCopies > spec.copies) fail("EINVAL", `min-copies ${spec.minCopies} must be 1..${spec.copies}`);
    const free = this.freeShards();
    if (spec.shards < 1 || spec.shards > free.length) fail("ENOSPC", `pool needs ${spec.shards} shards; ${free.length} of ${SHARD_COUNT_MAX} are free (SHARD_COUNT_MAX)`);
    const slot = this.pools.allocate(key);
    this.poolDomain[slot] = domainSlot;
    this.copies[slot] = spec.copies;
    this.minCopies[slot] = spec.minCopies;
    this.consistency[slot] = CONSISTENCY_LEVELS.indexOf(spec.consistency);
    for (const shard of free.slice(0, spec.shards)) this.shardPool[shard] = slot;
  }

  deletePool(key: string): void {
    const slot = this.pools.find(key);
    const node = this.nodes.slots().find((n) => this.nodePool[n] === slot);
    if (node !== undefined) fail("EBUSY", `pool '${key}' still has node '${this.nodes.nameOf(node)}'`, "remove its nodes first");
    for (const shard of this.shardsOf(slot)) {
      this.shardPool[shard] = NONE;
      this.replicas.fill(NONE, shard * COPIES_MAX, (shard + 1) * COPIES_MAX);
      this.versions[shard] = 0;
    }
    this.poolRows.free(slot);
  }

  /** Adds a node to a pool; returns the shards whose replicas moved (data must follow). */
  addNode(name: string, poolKey: string, capacityBytes: number, media: number, faultSet: string): ShardMove[] {
    const pool = this.pools.find(poolKey);
    if (faultSet !== "") validateName("fault set", faultSet);
    const slot = this.nodes.allocate(name);
    this.nodePool[slot] = pool;
    this.capacity[slot] = capacityBytes;
    this.media[slot] = media;
    this.faultSets[slot] = faultSet;
    return this.placePool(pool);
  }

  /** Takes a node out of placement; returns the moves that drain it. */
  removeNode(name: string): ShardMove[] {
    const slot = this.nodes.find(name);
    const pool = this.nodePool[slot]!;
    this.nodePool[slot] = NONE;
    const moves = this.placePool(pool);
    this.nodeRows.free(slot);
    return moves;
  }

  nodesOf(pool: number): number[] {
    return this.nodes.slots().filter((n) => this.nodePool[n] === pool);
  }

  /** Distinct failure domains among the pool's nodes: at most this many copies land apart. */
  faultDomains(pool: number): number {
    return new Set(this.nodesOf(pool).map((n) => faultDomainOf(this.nodes.nameOf(n), this.faultSets[n]!))).size;
  }

  /** Why the pool cannot place every copy of a shard on distinct nodes in distinct fault sets; undefined when it can. */
  undersized(pool: number): string | undefined {
    const nodes = this.nodesOf(pool).length;
    const domains = this.faultDomains(pool);
    const copies = this.copies[pool]!;
    if (domains >= copies) return undefined;
    const span = domains === nodes ? "" : `, in ${countOf(domains, "fault set")}`;
    return `pool '${this.pools.nameOf(pool)}' keeps ${copies} copies but has ${countOf(nodes, "node")}${span}`;
  }

  /** Moves copy `replica` of `shard` along the replica machine (the only way its state changes). */
  moveReplica(shard: number, replica: number, action: ReplicaAction): void {
    const cell = shard * COPIES_MAX + replica;
    this.replicaStates[cell] = transition(REPLICA_MACHINE, () => `shard ${shard} copy ${replica}`, at(this.replicaStates, cell, "replica states"), action);
  }

  shardsOf(pool: number): number[] {
    const shards: number[] = [];
    for (let shard = 0; shard < SHARD_COUNT_MAX; shard++) if (this.shardPool[shard] === pool) shards.push(shard);
    return shards;
  }

  replicasOf(shard: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < COPIES_MAX; i++) {
      const node = this.replicas[shard * COPIES_MAX + i]!;
      if (node !== NONE) out.push(node);
    }
    return out;
  }

  /** The shard holding chunk `index` of `volume` in `pool`: a stable hash over the pool's shards. */
  shardFor(pool: number, volume: string, index: number, shards = this.shardsOf(pool)): number {
    let h = 2166136261;
    const key = `${volume}#${index}`;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    return at(shards, (h >>> 0) % shards.length, "the shards of a volume's pool"); // a constant: this runs per chunk
  }

  /** Overrides a shard's replica nodes (rebalancing, manual migration) until the next re-placement. */
  setReplicas(shard: number, nodes: readonly number[]): void {
    this.replicas.fill(NONE, shard * COPIES_MAX, (shard + 1) * COPIES_MAX);
    nodes.forEach((node, i) => (this.replicas[shard * COPIES_MAX + i] = node));
  }

  /** Re-places the pool's shards leaving out `excluded` nodes (DOWN past the rebuild interval). */
  replace(pool: number, excluded: ReadonlySet<number>): ShardMove[] {
    return this.placePool(pool, excluded);
  }

  /** Re-places every shard of the pool; returns those whose replica set changed. */
  private placePool(pool: number, excluded: ReadonlySet<number> = new Set()): ShardMove[] {
    const candidates: PlacementNode[] = this.nodesOf(pool).filter((slot) => !excluded.has(slot)).map((slot) => ({ slot, name: this.nodes.nameOf(slot), weight: this.capacity[slot]!, faultSet: this.faultSets[slot]! }));
    const moves: ShardMove[] = [];
    for (const shard of this.shardsOf(pool)) {
      const before = this.replicasOf(shard);
      const after = place(`${this.pools.nameOf(pool)}#${shard}`, candidates, this.copies[pool]!);
      this.replicas.fill(NONE, shard * COPIES_MAX, (shard + 1) * COPIES_MAX);
      after.forEach((node, i) => (this.replicas[shard * COPIES_MAX + i] = node));
      const from = before.filter((n) => !after.includes(n));
      const to = after.filter((n) => !before.includes(n));
      if (from.length > 0 || to.length > 0) moves.push({ shard, from: before, to });
    }
    return moves;
  }

  private freeShards(): number[] {
    const free: number[] = [];
    for (let shard = 0; shard < SHARD_COUNT_MAX; shard++) if (this.shardPool[shard] === NONE) free.push(shard);
    return free;
  }
}
