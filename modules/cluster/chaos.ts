// `cluster chaos`: a Jepsen-style run. A seeded workload writes unique 4 KiB blocks from several
// clients to a scratch volume while a nemesis crashes, partitions and recovers storage nodes
// (never more than copies - 1 at a time unless unsafe). Then everything heals, the rebuild
// finishes, and a checker reads every block back: each write was acknowledged and is present,
// acknowledged and lost, or indeterminate (it failed, so either outcome is allowed). The same
// seed on the same cluster gives the same report, byte for byte. A run goes in steps of simulated
// time (ChaosRun), so the shell can show progress and stop it: healing and checking still run.

import { fail, isKernelError } from "../../src/errors.js";
import type { Clock } from "../../src/clock.js";
import { CLIENT_COUNT_MAX } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import type { DistributedStorageManager } from "./cluster-manager.js";

const BLOCK = 4096;
const VOLUME_BYTES = 64 * 1024 * 1024;
const WRITE_INTERVAL_MS = 200;
const NEMESIS_INTERVAL_MS = [10_000, 40_000] as const;
const HEAL_LIMIT_MS = 30 * 60_000;
const CLIENTS = 3;

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
  readonly indeterminate: number;
  readonly events: readonly string[];
  readonly healedAfterMs: number;
}

function blockBytes(block: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(BLOCK);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < BLOCK; i += 8) {
    view.setUint32(i, block);
    view.setUint32(i + 4, seed ^ i);
  }
  return bytes;
}

/** Simulated time one step of a chaos run covers: the session yields between steps, so Ctrl-C gets through. */
export const CHAOS_STEP_MS = 60_000;

/**
 * A chaos run in steps: the constructor checks the pool and sets up the scratch volume and
 * clients, each `step` runs CHAOS_STEP_MS of workload and nemesis, and `finish` heals, checks and
 * cleans up (also after a stop). A run stopped after covering D reaches the same state, and the
 * same report, as a run with --duration D, which is how it is journaled.
 */
export class ChaosRun {
  private readonly t: DistributedStorageManager["topology"];
  private readonly poolName: string;
  private readonly nodes: readonly number[];
  private readonly maxFailures: number;
  private readonly volume: string;
  private readonly clients: readonly string[];
  private readonly rng: Rng;
  private readonly startMs: number;
  private readonly events: string[] = [];
  private readonly down = new Set<number>();
  private readonly acknowledged: number[] = [];
  private readonly failed: number[] = [];
  private nextNemesisMs: number;
  private nextWriteMs: number;
  private block = 0;

  constructor(private readonly mdm: DistributedStorageManager, private readonly clock: Clock, private readonly options: ChaosOptions) {
    const t = (this.t = mdm.topology);
    const pool = t.pools.slots().find((p) => t.nodesOf(p).length > t.copies[p]!);
    if (pool === undefined) fail("EINVAL", "chaos needs a pool with more nodes than copies", "add nodes: cluster sds add <name> --pool <pd/sp> --capacity 1G");
    this.poolName = t.pools.nameOf(pool);
    this.nodes = t.nodesOf(pool);
    const away = this.nodes.filter((node) => !mdm.health.reachable(node));
    if (away.length > 0) fail("EBUSY", `chaos starts from a healthy pool: ${away.map((n) => t.nodes.nameOf(n)).join(", ")} in ${this.poolName} ${away.length === 1 ? "is" : "are"} not running`, `cluster sds recover ${t.nodes.nameOf(away[0]!)}`);
    this.maxFailures = options.unsafe ? this.nodes.length : Math.min(options.maxFailures ?? t.copies[pool]! - 1, t.copies[pool]! - 1);
    if (t.clients.count() + CLIENTS > CLIENT_COUNT_MAX) fail("ENOSPC", "chaos needs 3 free client slots");
    this.volume = `chaos-${options.seed}`;
    this.clients = Array.from({ length: CLIENTS }, (_, i) => `chaos-${options.seed}-c${i + 1}`);
    mdm.createVolume(this.volume, this.poolName, VOLUME_BYTES);
    this.clients.forEach((client, i) => {
      mdm.addClient(client);
      mdm.map(this.volume, client, false, i > 0);
    });
    this.rng = new Rng(options.seed);
    this.startMs = clock.now();
    this.nextNemesisMs = this.startMs + this.nemesisGapMs();
    this.nextWriteMs = this.startMs + WRITE_INTERVAL_MS;
  }

  /** Simulated time the workload has covered. */
  get elapsedMs(): number {
    return this.nextWriteMs - WRITE_INTERVAL_MS - this.startMs;
  }

  get writes(): number {
    return this.block;
  }

  /** Runs the workload and nemesis for the next CHAOS_STEP_MS; false once the duration is covered. */
  step(): boolean {
    const endMs = this.startMs + this.options.durationMs;
    const stepEndMs = Math.min(endMs, this.nextWriteMs - WRITE_INTERVAL_MS + CHAOS_STEP_MS);
    for (; this.nextWriteMs <= stepEndMs; this.nextWriteMs += WRITE_INTERVAL_MS) this.writeAt(this.nextWriteMs);
    return this.nextWriteMs <= endMs;
  }

  private writeAt(at: number): void {
    const { mdm, clock, options } = this;
    if (at >= this.nextNemesisMs) {
      this.events.push(nemesis(mdm, this.rng, this.nodes, this.down, this.maxFailures, clock.now() - this.startMs));
      this.nextNemesisMs = at + this.nemesisGapMs();
    }
    if (at > clock.now()) clock.advanceTo(at);
    const id = this.block++ % (VOLUME_BYTES / BLOCK);
    try {
      mdm.write(this.volume, id * BLOCK, blockBytes(id, options.seed), { client: this.clients[this.rng.nextBelow(CLIENTS)] });
      this.acknowledged.push(id);
    } catch (error) {
      if (!isKernelError(error)) throw error;
      this.failed.push(id);
    }
  }

  private nemesisGapMs(): number {
    return NEMESIS_INTERVAL_MS[0] + this.rng.nextBelow(NEMESIS_INTERVAL_MS[1] - NEMESIS_INTERVAL_MS[0]);
  }

  /** Heals every node, waits for the rebuild, reads every acknowledged block back and removes the scratch volume. */
  finish(): ChaosReport {
    const { mdm, clock, t, volume, clients, options } = this;
    for (const node of [...this.down].sort((a, b) => a - b)) {
      mdm.recoverNode(t.nodes.nameOf(node));
      this.events.push(`${formatOffset(clock.now() - this.startMs)} heal ${t.nodes.nameOf(node)}`);
    }
    const healStart = clock.now();
    while (clock.now() - healStart < HEAL_LIMIT_MS && (mdm.rebuildStatus().pendingBytes > 0 || mdm.healthReport().status !== "HEALTHY")) clock.advance(1000);
    const present = this.acknowledged.filter((id) => Buffer.from(mdm.read(volume, id * BLOCK, BLOCK, { client: clients[0] })).equals(blockBytes(id, options.seed))).length;
    for (const client of clients) mdm.unmap(volume, client);
    mdm.deleteVolume(volume);
    for (const client of clients) mdm.removeClient(client);
    return {
      seed: options.seed,
      pool: this.poolName,
      durationMs: this.nextWriteMs <= this.startMs + options.durationMs ? this.elapsedMs : options.durationMs, // stopped early: what it covered
      writes: this.block,
      acknowledged: this.acknowledged.length,
      present,
      lost: this.acknowledged.length - present,
      indeterminate: this.failed.length,
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

/** One nemesis move: fail or partition a running node (within the limit), or recover a failed one. */
function nemesis(mdm: DistributedStorageManager, rng: Rng, nodes: readonly number[], down: Set<number>, maxFailures: number, elapsedMs: number): string {
  const name = (node: number) => mdm.topology.nodes.nameOf(node);
  const when = formatOffset(elapsedMs);
  if (down.size > 0 && (down.size >= maxFailures || rng.nextBelow(2) === 0)) {
    const node = [...down].sort((a, b) => a - b)[rng.nextBelow(down.size)]!;
    down.delete(node);
    mdm.recoverNode(name(node));
    return `${when} recover ${name(node)}`;
  }
  const running = nodes.filter((node) => !down.has(node));
  const node = running[rng.nextBelow(running.length)]!;
  const how = rng.nextBelow(2) === 0 ? "crash" : "partition";
  down.add(node);
  mdm.failNode(name(node), how);
  return `${when} ${how} ${name(node)}`;
}

function formatOffset(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `+${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}
