// `cluster chaos`: a Jepsen-style run. A seeded workload writes 4 KiB blocks (every write's bytes
// unique) from several clients to a scratch volume, and now and then reads an acknowledged block
// back, while a nemesis crashes, partitions and recovers storage nodes (never more than
// copies - 1 at a time unless unsafe), including the handover that once let a stale copy win:
// one copy down, a write, that copy back and the other down at once. Then everything heals, the
// rebuild finishes, and a checker reads every block back. A write that failed (EIO included) is
// indeterminate: either outcome is allowed. An acknowledged write must be present, and no read,
// during the run or after, may return bytes older than the last acknowledged write (EIO during
// the run is allowed: the current copy was away). The same seed on the same cluster gives the
// same report, byte for byte.
// A run goes in steps of simulated time (ChaosRun), so the shell can show progress and stop it:
// healing and checking still run. On every path out (the end, a stop, an error in setting up,
// in a step or in the check) the run puts the cluster back: nodes it took down recovered, its
// scratch volume, mappings and clients gone.

import { at } from "../../src/assert.js";
import { fail, isKernelError } from "../../src/errors.js";
import type { Clock } from "../../src/clock.js";
import { CHAOS_BLOCK_BYTES, CHAOS_CLIENTS, CHAOS_HEAL_LIMIT_MS, CHAOS_NEMESIS_INTERVAL_MS, CHAOS_READ_EVERY, CHAOS_STEP_MS, CHAOS_VOLUME_BYTES, CHAOS_WRITE_INTERVAL_MS, CLIENT_COUNT_MAX, CLUSTER_CHUNK_SIZE } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import { formatWholeSeconds } from "../../src/units.js";
import type { DistributedStorageManager } from "./cluster-manager.js";
import { CONSISTENCY_LEVELS } from "./topology.js";

export interface ChaosOptions {
  readonly durationMs: number;
  readonly seed: number;
  readonly maxFailures?: number;
  readonly unsafe: boolean;
}

export interface ChaosReport {
  readonly seed: number;
  readonly pool: string;
  readonly durationMs: number;
  readonly writes: number;
  readonly acknowledged: number;
  readonly present: number;
  readonly lost: number;
  readonly consistency: string; // the pool's: only a strong pool promises every read the last acknowledged write
  readonly staleReads: number; // reads during the run that returned neither the last acknowledged write nor a later failed one
  readonly indeterminate: number;
  readonly events: readonly string[];
  readonly healedAfterMs: number;
}

/** The bytes of write number `write` to `block`: every write is distinguishable from every other. */
function blockBytes(block: number, write: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(CHAOS_BLOCK_BYTES);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < CHAOS_BLOCK_BYTES; i += 8) {
    view.setUint32(i, block);
    view.setUint32(i + 4, (write ^ (seed << 20) ^ i) >>> 0);
  }
  return bytes;
}

/**
 * The workload and its history: per block, the last acknowledged write and the failed writes
 * after it. A read may return the last acknowledged write or one of those failed ones (a failed
 * write, EIO included, may or may not have landed); anything else, older bytes above all, is a
 * lost acknowledged write.
 */
class Workload {
  writes = 0;
  acknowledged = 0;
  failed = 0;
  staleReads = 0;
  private readonly lastAcknowledged = new Map<number, number>(); // block -> write number; at most CHAOS_VOLUME_BYTES / CHAOS_BLOCK_BYTES
  private readonly failedSince = new Map<number, number[]>(); // block -> failed write numbers after it

  constructor(
    private readonly mdm: DistributedStorageManager,
    private readonly volume: string,
    private readonly clients: readonly string[],
    private readonly rng: Rng,
    private readonly seed: number,
  ) {}

  /** The block the next write goes to. */
  nextBlock(): number {
    return this.writes % (CHAOS_VOLUME_BYTES / CHAOS_BLOCK_BYTES);
  }

  write(): void {
    const block = this.nextBlock();
    const write = this.writes++;
    try {
      this.mdm.write(this.volume, block * CHAOS_BLOCK_BYTES, blockBytes(block, write, this.seed), { client: this.clients[this.rng.nextBelow(CHAOS_CLIENTS)] });
      this.acknowledged++;
      this.lastAcknowledged.set(block, write);
      this.failedSince.delete(block);
    } catch (error) {
      if (!isKernelError(error)) throw error;
      this.failed++;
      this.failedSince.set(block, [...(this.failedSince.get(block) ?? []), write]);
    }
  }

  /**
   * Reads `block` back. During the run EIO is allowed (its current copies are away), older bytes
   * never; after healing, a block that cannot be read is as lost as one with the wrong bytes.
   */
  check(block: number, during: boolean): boolean {
    let bytes: Uint8Array;
    try {
      bytes = this.mdm.read(this.volume, block * CHAOS_BLOCK_BYTES, CHAOS_BLOCK_BYTES, { client: this.clients[0] });
    } catch (error) {
      if (!isKernelError(error)) throw error;
      if (during && error.code === "EIO") return true;
      if (!during) return false;
      throw error;
    }
    const allowed = [this.lastAcknowledged.get(block)!, ...(this.failedSince.get(block) ?? [])];
    const ok = allowed.some((write) => Buffer.from(bytes).equals(blockBytes(block, write, this.seed)));
    if (!ok && during) this.staleReads++;
    return ok;
  }

  /** A block written so far, chosen by the workload's generator, if it has an acknowledged write. */
  someAcknowledged(): number | undefined {
    const block = this.rng.nextBelow(Math.min(this.writes, CHAOS_VOLUME_BYTES / CHAOS_BLOCK_BYTES));
    return this.lastAcknowledged.has(block) ? block : undefined;
  }

  blocksAcknowledged(): number[] {
    return [...this.lastAcknowledged.keys()];
  }
}

/** Simulated time one step of a chaos run covers: the session yields between steps, so Ctrl-C gets through. */

/**
 * A chaos run in steps: the constructor checks the pool and sets up the scratch volume and
 * clients, each `step` runs CHAOS_STEP_MS of workload and nemesis, and `finish` heals, checks and
 * cleans up (also after a stop). A run stopped after covering D reaches the same state, and the
 * same report, as a run with --duration D, which is how it is journaled. If setting up, a step or
 * the check throws, the run cleans up before the error goes on.
 */
export class ChaosRun {
  private readonly pool: number;
  private readonly poolName: string;
  private readonly nodes: readonly number[];
  private readonly maxFailures: number;
  private readonly volume: string;
  private readonly clients: readonly string[];
  private readonly rng: Rng;
  private readonly workload: Workload;
  private readonly startMs: number;
  private readonly events: string[] = [];
  private readonly down = new Set<number>();
  private nextNemesisMs: number;
  private nextWriteMs: number;
  private volumeCreated = false; // what cleanUp removes: only what this run made
  private clientsAdded = 0;
  private cleaned = false;

  constructor(private readonly mdm: DistributedStorageManager, private readonly clock: Clock, private readonly options: ChaosOptions) {
    const t = mdm.topology;
    const eligible = t.pools.slots().filter((p) => t.nodesOf(p).length > t.copies[p]!);
    const pool = eligible.find((p) => !t.nodesOf(p).some((node) => mdm.isDraining(node))) ?? eligible[0]; // a pool with a drain under way is refused below
    if (pool === undefined) fail("EINVAL", "chaos needs a pool with more nodes than copies", "add nodes: cluster sds add <name> --pool <pd/sp> --capacity 1G");
    this.pool = pool;
    this.poolName = t.pools.nameOf(pool);
    this.nodes = t.nodesOf(pool);
    const away = this.nodes.filter((node) => !mdm.health.reachable(node));
    if (away.length > 0) fail("EBUSY", `chaos starts from a healthy pool: ${away.map((n) => t.nodes.nameOf(n)).join(", ")} in ${this.poolName} ${away.length === 1 ? "is" : "are"} not running`, `cluster sds recover ${t.nodes.nameOf(away[0]!)}`);
    const leaving = this.nodes.find((node) => mdm.isDraining(node)); // it would leave mid-run, under the nemesis
    if (leaving !== undefined) fail("EBUSY", `chaos starts from a healthy pool: ${t.nodes.nameOf(leaving)} in ${this.poolName} is draining`, "wait for it to leave: cluster rebuild status");
    const cap = options.unsafe ? this.nodes.length : t.copies[pool]! - 1; // --max-failures may lower it, never raise it
    this.maxFailures = Math.min(options.maxFailures ?? cap, cap);
    if (t.clients.count() + CHAOS_CLIENTS > CLIENT_COUNT_MAX) fail("ENOSPC", "chaos needs 3 free client slots");
    this.volume = `chaos-${options.seed}`;
    this.clients = Array.from({ length: CHAOS_CLIENTS }, (_, i) => `chaos-${options.seed}-c${i + 1}`);
    this.guarded(() => this.setUp());
    this.rng = new Rng(options.seed);
    this.workload = new Workload(mdm, this.volume, this.clients, this.rng, options.seed);
    this.startMs = clock.now();
    this.nextNemesisMs = this.startMs + this.nemesisGapMs();
    this.nextWriteMs = this.startMs + CHAOS_WRITE_INTERVAL_MS;
  }

  /** Simulated time the workload has covered. */
  get elapsedMs(): number {
    return this.nextWriteMs - CHAOS_WRITE_INTERVAL_MS - this.startMs;
  }

  get writes(): number {
    return this.workload.writes;
  }

  /** Runs the workload and nemesis for the next CHAOS_STEP_MS; false once the duration is covered. */
  step(): boolean {
    return this.guarded(() => {
      const endMs = this.startMs + this.options.durationMs;
      const stepEndMs = Math.min(endMs, this.nextWriteMs - CHAOS_WRITE_INTERVAL_MS + CHAOS_STEP_MS);
      for (; this.nextWriteMs <= stepEndMs; this.nextWriteMs += CHAOS_WRITE_INTERVAL_MS) this.writeAt(this.nextWriteMs);
      return this.nextWriteMs <= endMs;
    });
  }

  private setUp(): void {
    this.mdm.createVolume(this.volume, this.poolName, CHAOS_VOLUME_BYTES);
    this.volumeCreated = true;
    this.clients.forEach((client, i) => {
      this.mdm.addClient(client);
      this.clientsAdded = i + 1;
      this.mdm.map(this.volume, client, false, i > 0);
    });
  }

  /** Runs `work`; if it throws, cleans up first. */
  private guarded<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      this.cleanUp();
      throw error;
    }
  }

  /** Puts the cluster back as the run found it, once: nodes still down recovered, then the scratch volume, its mappings and clients removed. */
  private cleanUp(): void {
    if (this.cleaned) return;
    this.cleaned = true;
    const { mdm, volume } = this;
    for (const node of [...this.down].sort((a, b) => a - b)) mdm.recoverNode(mdm.topology.nodes.nameOf(node));
    this.down.clear();
    const added = this.clients.slice(0, this.clientsAdded);
    if (this.volumeCreated) {
      for (const client of added) if (mdm.mappedClients(volume).includes(client)) mdm.unmap(volume, client);
      mdm.deleteVolume(volume);
    }
    for (const client of added) mdm.removeClient(client);
  }

  private writeAt(at: number): void {
    const { mdm, clock, workload } = this;
    if (at >= this.nextNemesisMs) {
      const event = nemesis(mdm, this.rng, { pool: this.pool, volume: this.volume, nodes: this.nodes, down: this.down, maxFailures: this.maxFailures, workload }, clock.now() - this.startMs);
      if (event !== undefined) this.events.push(event);
      this.nextNemesisMs = at + this.nemesisGapMs();
    }
    if (at > clock.now()) clock.advanceTo(at);
    workload.write();
    const block = workload.writes % CHAOS_READ_EVERY === 0 ? workload.someAcknowledged() : undefined;
    if (block !== undefined) workload.check(block, true);
  }

  private nemesisGapMs(): number {
    return CHAOS_NEMESIS_INTERVAL_MS[0] + this.rng.nextBelow(CHAOS_NEMESIS_INTERVAL_MS[1] - CHAOS_NEMESIS_INTERVAL_MS[0]);
  }

  /** Heals every node, waits for the rebuild, reads every acknowledged block back and removes the scratch volume. */
  finish(): ChaosReport {
    const { mdm, clock, options, workload } = this;
    const healStart = clock.now();
    const lost = this.guarded(() => {
      for (const node of [...this.down].sort((a, b) => a - b)) {
        this.down.delete(node);
        mdm.recoverNode(mdm.topology.nodes.nameOf(node));
        this.events.push(`${formatOffset(clock.now() - this.startMs)} heal ${mdm.topology.nodes.nameOf(node)}`);
      }
      while (clock.now() - healStart < CHAOS_HEAL_LIMIT_MS && (mdm.rebuildStatus().pendingBytes > 0 || mdm.healthReport().status !== "HEALTHY")) clock.advance(1000);
      const present = workload.blocksAcknowledged().filter((block) => workload.check(block, false)).length;
      return workload.blocksAcknowledged().length - present;
    });
    this.cleanUp();
    return {
      seed: options.seed,
      pool: this.poolName,
      durationMs: this.nextWriteMs <= this.startMs + options.durationMs ? this.elapsedMs : options.durationMs, // stopped early: what it covered
      writes: workload.writes,
      acknowledged: workload.acknowledged,
      present: workload.acknowledged - lost,
      lost,
      consistency: CONSISTENCY_LEVELS[mdm.topology.consistency[this.pool]!]!,
      staleReads: workload.staleReads,
      indeterminate: workload.failed,
      events: this.events,
      healedAfterMs: clock.now() - healStart,
    };
  }
}

/** A whole chaos run at once. */
export function runChaos(mdm: DistributedStorageManager, clock: Clock, options: ChaosOptions): ChaosReport {
  const run = new ChaosRun(mdm, clock, options);
  while (run.step());
  return run.finish();
}

/** What the nemesis works on. */
interface Stage {
  readonly pool: number;
  readonly volume: string;
  readonly nodes: readonly number[];
  readonly down: Set<number>;
  readonly maxFailures: number;
  readonly workload: Workload;
}

/**
 * One nemesis move: recover a failed node; fail or partition a running one (within the limit); or
 * a handover: crash a copy of the next block's chunk, write the block, recover that copy and at
 * once crash the other, so the only current copy is away and the one that came back is behind.
 */
function nemesis(mdm: DistributedStorageManager, rng: Rng, stage: Stage, elapsedMs: number): string | undefined {
  const { nodes, down, maxFailures } = stage;
  if (maxFailures === 0) return undefined; // --max-failures 0: the workload runs undisturbed
  const name = (node: number) => mdm.topology.nodes.nameOf(node);
  const when = formatOffset(elapsedMs);
  if (down.size > 0 && (down.size >= maxFailures || rng.nextBelow(2) === 0)) {
    const node = at([...down].sort((a, b) => a - b), rng.nextBelow(down.size), "nodes the nemesis took down");
    down.delete(node);
    mdm.recoverNode(name(node));
    return `${when} recover ${name(node)}`;
  }
  if (down.size === 0 && maxFailures >= 1 && rng.nextBelow(3) === 0) {
    const t = mdm.topology;
    const [current, behind] = t.replicasOf(t.shardFor(stage.pool, stage.volume, Math.floor((stage.workload.nextBlock() * CHAOS_BLOCK_BYTES) / CLUSTER_CHUNK_SIZE)));
    mdm.failNode(name(behind!), "crash");
    down.add(behind!); // for cleanUp, should the write throw
    stage.workload.write();
    down.delete(behind!);
    mdm.recoverNode(name(behind!));
    mdm.failNode(name(current!), "crash");
    down.add(current!);
    return `${when} crash ${name(behind!)}, write, recover ${name(behind!)}, crash ${name(current!)}`;
  }
  const running = nodes.filter((node) => !down.has(node));
  const node = at(running, rng.nextBelow(running.length), "nodes still running");
  const how = rng.nextBelow(2) === 0 ? "crash" : "partition";
  down.add(node);
  mdm.failNode(name(node), how);
  return `${when} ${how} ${name(node)}`;
}

/** Time since the run began, rounded to the second: "+4m 07s", "+7h 57m". */
function formatOffset(ms: number): string {
  return `+${formatWholeSeconds(ms)}`;
}
