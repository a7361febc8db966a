// `cluster chaos`: a Jepsen-style run. A seeded workload writes unique 4 KiB blocks from several
// clients to a scratch volume while a nemesis crashes, partitions and recovers storage nodes
// (never more than copies - 1 at a time unless unsafe). Then everything heals, the rebuild
// finishes, and a checker reads every block back: each write was acknowledged and is present,
// acknowledged and lost, or indeterminate (it failed, so either outcome is allowed). The same
// seed on the same cluster gives the same report, byte for byte.

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

export function runChaos(mdm: DistributedStorageManager, clock: Clock, options: ChaosOptions): ChaosReport {
  const t = mdm.topology;
  const pool = t.pools.slots().find((p) => t.nodesOf(p).length > t.copies[p]!);
  if (pool === undefined) fail("EINVAL", "chaos needs a pool with more nodes than copies", "add nodes: cluster sds add <name> --pool <pd/sp> --capacity 1G");
  const poolName = t.pools.nameOf(pool);
  const nodes = t.nodesOf(pool);
  const away = nodes.filter((node) => !mdm.health.reachable(node));
  if (away.length > 0) fail("EBUSY", `chaos starts from a healthy pool: ${away.map((n) => t.nodes.nameOf(n)).join(", ")} in ${poolName} ${away.length === 1 ? "is" : "are"} not running`, `cluster sds recover ${t.nodes.nameOf(away[0]!)}`);
  const leaving = nodes.find((node) => mdm.isDraining(node)); // it would leave mid-run, under the nemesis
  if (leaving !== undefined) fail("EBUSY", `chaos starts from a healthy pool: ${t.nodes.nameOf(leaving)} in ${poolName} is draining`, "wait for it to leave: cluster rebuild status");
  const maxFailures = options.unsafe ? nodes.length : Math.min(options.maxFailures ?? t.copies[pool]! - 1, t.copies[pool]! - 1);
  if (t.clients.count() + CLIENTS > CLIENT_COUNT_MAX) fail("ENOSPC", "chaos needs 3 free client slots");
  const volume = `chaos-${options.seed}`;
  const clients = Array.from({ length: CLIENTS }, (_, i) => `chaos-${options.seed}-c${i + 1}`);
  mdm.createVolume(volume, poolName, VOLUME_BYTES);
  clients.forEach((client, i) => {
    mdm.addClient(client);
    mdm.map(volume, client, false, i > 0);
  });
  const rng = new Rng(options.seed);
  const start = clock.now();
  const events: string[] = [];
  const down = new Set<number>();
  const acknowledged: number[] = [];
  const failed: number[] = [];
  let nextNemesisMs = start + NEMESIS_INTERVAL_MS[0] + rng.nextBelow(NEMESIS_INTERVAL_MS[1] - NEMESIS_INTERVAL_MS[0]);
  let block = 0;
  for (let at = start + WRITE_INTERVAL_MS; at <= start + options.durationMs; at += WRITE_INTERVAL_MS) {
    if (at >= nextNemesisMs) {
      events.push(nemesis(mdm, rng, nodes, down, maxFailures, clock.now() - start));
      nextNemesisMs = at + NEMESIS_INTERVAL_MS[0] + rng.nextBelow(NEMESIS_INTERVAL_MS[1] - NEMESIS_INTERVAL_MS[0]);
    }
    if (at > clock.now()) clock.advanceTo(at);
    const id = block++ % (VOLUME_BYTES / BLOCK);
    try {
      mdm.write(volume, id * BLOCK, blockBytes(id, options.seed), { client: clients[rng.nextBelow(CLIENTS)] });
      acknowledged.push(id);
    } catch (error) {
      if (!isKernelError(error)) throw error;
      failed.push(id);
    }
  }
  for (const node of [...down].sort((a, b) => a - b)) {
    mdm.recoverNode(t.nodes.nameOf(node));
    events.push(`${formatOffset(clock.now() - start)} heal ${t.nodes.nameOf(node)}`);
  }
  const healStart = clock.now();
  while (clock.now() - healStart < HEAL_LIMIT_MS && (mdm.rebuildStatus().pendingBytes > 0 || mdm.healthReport().status !== "HEALTHY")) clock.advance(1000);
  const present = acknowledged.filter((id) => Buffer.from(mdm.read(volume, id * BLOCK, BLOCK, { client: clients[0] })).equals(blockBytes(id, options.seed))).length;
  for (const client of clients) mdm.unmap(volume, client);
  mdm.deleteVolume(volume);
  for (const client of clients) mdm.removeClient(client);
  return {
    seed: options.seed,
    pool: poolName,
    durationMs: options.durationMs,
    writes: block,
    acknowledged: acknowledged.length,
    present,
    lost: acknowledged.length - present,
    indeterminate: failed.length,
    events,
    healedAfterMs: clock.now() - healStart,
  };
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
