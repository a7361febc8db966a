// Cluster benchmarks beside the data path (bench/data-path.ts has the replicated write and read
// throughput): token issue + verify against a bare HMAC-SHA256 sign and verify; placement
// movement and balance; a failed node's rebuild against copying its bytes into a warmed target;
// 4 KiB replicated writes; chaos. Times are CPU time. Prints one JSON line.

import { createHmac, timingSafeEqual } from "node:crypto";
import { DistributedStorageManager, place, runChaos } from "../modules/cluster/index.js";
import { unfilledBytes } from "../src/chunks/bytes.js";
import { DOWN_AFTER_MS, REBUILD_AFTER_MS, REBUILD_TICK_MS } from "../src/limits.js";
import { Clock } from "../src/clock.js";
import { Rng } from "../src/rng.js";
import { cpuSeconds as seconds } from "./cpu-time.js";

const TOKEN_SECRET = new Uint8Array(32).fill(7); // the state directory's secret the token key derives from

const MiB = 1024 * 1024;
const TOTAL = 64 * MiB;
const block = new Uint8Array(MiB).map((_, i) => i % 251);
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;


function mdm(): DistributedStorageManager {
  const manager = new DistributedStorageManager(new Clock(), new Rng(3), TOKEN_SECRET);
  manager.topology.addDomain("pd1");
  manager.addPool("pd1/sp1", { copies: 3, minCopies: 2, consistency: "strong", shards: 64 });
  for (let i = 0; i < 3; i++) manager.addNode(`sds${i}`, "pd1/sp1", 1024 * MiB, "ssd", "");
  manager.topology.clients.allocate("c1");
  manager.createVolume("bench", "pd1/sp1", TOTAL);
  manager.map("bench", "c1", false, false);
  return manager;
}

/** 4 KiB writes, where the token is a large share of each IO's cost. */
function smallWrites(cache: boolean): number {
  const manager = mdm();
  manager.setTokenCache(cache);
  const page = new Uint8Array(4096).fill(1);
  const count = 20_000;
  return count / seconds(() => {
    for (let i = 0; i < count; i++) manager.write("bench", (i * 4096) % TOTAL, page, {});
  });
}

function tokens(count: number): number {
  const manager = mdm();
  const node = manager.topology.nodes.find("sds0");
  const request = { volume: "bench", op: "write" as const, offset: 0, length: 4096, client: "c1" };
  return count / seconds(() => {
    for (let i = 0; i < count; i++) manager.verifyToken(manager.issueToken(request), request, node);
  });
}

function bareHmac(count: number): number {
  const key = Buffer.alloc(32, 7);
  const payload = "bench\nwrite\n0\n4096\nc1\n60000\n0123456789abcdef";
  return count / seconds(() => {
    for (let i = 0; i < count; i++) {
      const mac = createHmac("sha256", key).update(payload).digest();
      const again = createHmac("sha256", key).update(payload).digest();
      if (!timingSafeEqual(mac, again)) throw new Error("mismatch");
    }
  });
}

function placementFigures(): { movedRatio: number; balance: number } {
  const nodes = Array.from({ length: 16 }, (_, i) => ({ slot: i, name: `sds${i}`, weight: 1, faultSet: "" }));
  const grown = [...nodes, { slot: 16, name: "sds16", weight: 1, faultSet: "" }];
  let moved = 0;
  const held = new Array(16).fill(0);
  for (let shard = 0; shard < 256; shard++) {
    const before = place(`pd1/sp1#${shard}`, nodes, 3);
    for (const n of before) held[n]++;
    moved += place(`pd1/sp1#${shard}`, grown, 3).filter((n) => !before.includes(n)).length;
  }
  const minimum = (256 * 3) / 17;
  return { movedRatio: moved / minimum, balance: Math.max(...held) / ((256 * 3) / 16) };
}

/** Simulated IO operations (writes, then checking reads) per wall-clock second during chaos. */
function chaosOpsPerSecond(): number {
  const clock = new Clock();
  const manager = new DistributedStorageManager(clock, new Rng(3), TOKEN_SECRET);
  manager.topology.addDomain("pd1");
  manager.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency: "strong", shards: 64 });
  for (let i = 0; i < 4; i++) manager.addNode(`sds${i}`, "pd1/sp1", 1024 * MiB, "ssd", "");
  let ops = 0;
  const wall = seconds(() => {
    const report = runChaos(manager, clock, { durationMs: 10 * 60_000, seed: 7, unsafe: false });
    ops = report.writes + report.acknowledged;
  });
  return ops / wall;
}

/**
 * Time to rebuild a failed node's copies elsewhere, against Uint8Array.set of its bytes into a
 * warmed target, and against the same copy into fresh chunk-sized buffers (the floor for a target
 * whose memory was never touched: page faults). Only the clock's advance is timed, one rebuild
 * step (REBUILD_TICK_MS) at a time, as `sleep` takes it; whether the rebuild is done is asked
 * between steps, untimed (those are reports, measured in bench/reports.ts).
 */
function rebuildRound(): { ratio: number; floorRatio: number; bytes: number } {
  const clock = new Clock();
  const manager = new DistributedStorageManager(clock, new Rng(3), TOKEN_SECRET);
  manager.topology.addDomain("pd1");
  manager.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency: "strong", shards: 64 });
  for (let i = 0; i < 4; i++) manager.addNode(`sds${i}`, "pd1/sp1", 1024 * MiB, "ssd", "");
  manager.topology.clients.allocate("c1");
  manager.createVolume("bench", "pd1/sp1", TOTAL);
  manager.map("bench", "c1", false, false);
  for (let offset = 0; offset < TOTAL; offset += MiB) manager.write("bench", offset, block, {});
  const victim = manager.topology.nodes.find("sds0");
  const bytes = manager.nodeUsage(victim);
  manager.failNode("sds0", "crash");
  clock.advance(DOWN_AFTER_MS + REBUILD_AFTER_MS); // up to the moment the forward rebuild starts
  let rebuildSeconds = 0;
  do rebuildSeconds += seconds(() => clock.advance(REBUILD_TICK_MS));
  while (manager.rebuildStatus().pendingBytes > 0 || manager.healthReport().checks.some((c) => c.check === "SHARDS_DEGRADED"));
  const target = new Uint8Array(bytes).fill(1); // touched first: the baseline pays no page faults
  const copySeconds = seconds(() => {
    for (let offset = 0; offset < bytes; offset += MiB) target.set(block, offset);
  });
  const fresh: Uint8Array[] = []; // kept until the round ends, as the rebuilt copies are
  const freshSeconds = seconds(() => {
    for (let offset = 0; offset < bytes; offset += MiB) {
      const chunk = unfilledBytes(MiB); // as a node's memory slot takes a new chunk
      chunk.set(block);
      fresh.push(chunk);
    }
  });
  return { ratio: copySeconds / rebuildSeconds, floorRatio: copySeconds / freshSeconds, bytes };
}

const chaosOps = chaosOpsPerSecond();
const REBUILD_ROUNDS = 5;
const rebuilds = Array.from({ length: REBUILD_ROUNDS }, rebuildRound);
const smallIops = median(Array.from({ length: 3 }, () => smallWrites(false)));
const smallCachedIops = median(Array.from({ length: 3 }, () => smallWrites(true)));
const tokenRatios = Array.from({ length: 5 }, () => tokens(20_000) / bareHmac(20_000)); // paired round by round
process.stdout.write(`${JSON.stringify({ smallIops, smallCachedIops, tokenRatios, ...placementFigures(), chaosOps, rebuildRatios: rebuilds.map((r) => r.ratio), rebuildFloorRatios: rebuilds.map((r) => r.floorRatio), rebuildBytes: rebuilds[0]!.bytes })}\n`);
