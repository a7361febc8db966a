// The data path against the physical limit done well: Uint8Array.set into a preallocated target
// whose pages are already touched (a fresh array would make the baseline pay page faults that
// the managers, writing into warm chunks, do not). Sequential 1 MiB IOs:
//   local volume: first write (fresh chunks), overwrite, read   / one warmed copy of the bytes
//   distributed volume (3 copies): first write, overwrite       / three warmed copies
//                                  read                         / one warmed copy
// Each round times every figure and its baseline back to back, in CPU time (user + system, so a
// busy shared machine does not stretch one side only); ratios pair them round by round.
// Context, not goals: a first write puts bytes in memory the store never held, so it also pays
// what any store pays for that (allocation, page faults, the collector's accounting); `fresh` is
// that floor, a bare copy into new chunk-sized buffers kept until the round ends, as a store's
// are; `firstFaults` is page faults per MiB of first write. `read` reads into one kept buffer, as
// `vol read` does, shown or --out (shell/commands/vol/read-buffer.ts); `readFresh` into a new
// buffer per read (what a caller that keeps the bytes gets: allocation, page faults, collector).
// `copyOnWrite`: after a snapshot, a 4 KiB write into every chunk it shares (each copied whole
// into a new chunk first), in MiB/s of chunks copied.
// Bundled and run by bench/run.mjs; prints one JSON line of per-round values. KSHELL_BENCH_PROFILE:
// see cpu-profile.ts.

import { DistributedStorageManager } from "../modules/cluster/index.js";
import { StorageVolumeManager } from "../modules/storage/index.js";
import { unfilledBytes } from "../src/chunks/bytes.js";
import { Clock } from "../src/clock.js";
import { CHUNK_SIZE, CLUSTER_CHUNK_SIZE } from "../src/limits.js";
import { Rng } from "../src/rng.js";
import { withCpuProfile } from "./cpu-profile.js";
import { cpuSeconds } from "./cpu-time.js";

const MiB = 1024 * 1024;
const LOCAL_BYTES = 64 * MiB;
const DISTRIBUTED_BYTES = 32 * MiB; // three copies of it are kept
const COPIES = 3;
const ROUNDS = 5;
const TOKEN_SECRET = new Uint8Array(32).fill(7);

const block = new Uint8Array(MiB).map((_, i) => i % 253);

/** MiB/s of `run` over `bytes`. */
const rate = (bytes: number, run: () => void): number => bytes / MiB / cpuSeconds(run);

// Baselines: targets allocated and touched once, reused by every round.
const warm = (bytes: number): Uint8Array => new Uint8Array(bytes).fill(1);
const localTarget = warm(LOCAL_BYTES);
const copyTargets = Array.from({ length: COPIES }, () => warm(DISTRIBUTED_BYTES));
const readOut = warm(MiB); // the baselines' target
const readKept = warm(MiB); // the reads' kept buffer, as vol read's

function copyInto(targets: readonly Uint8Array[], bytes: number): void {
  for (let offset = 0; offset < bytes; offset += MiB) for (const target of targets) target.set(block, offset);
}

/** A copy into buffers never used before, `copies` per chunk-sized piece, dropped only when the round's are (what a store's first write cannot avoid). */
function copyFresh(bytes: number, chunkSize: number, copies: number): Uint8Array[] {
  const kept: Uint8Array[] = [];
  for (let offset = 0; offset < bytes; offset += chunkSize) {
    const piece = block.subarray(offset % MiB, (offset % MiB) + chunkSize);
    for (let copy = 0; copy < copies; copy++) {
      const chunk = unfilledBytes(chunkSize);
      chunk.set(piece);
      kept.push(chunk);
    }
  }
  return kept;
}

/** Minor page faults per MiB while `run` writes `bytes`. */
function faultsPerMiB(bytes: number, run: () => number): { value: number; faults: number } {
  const before = process.resourceUsage().minorPageFault;
  const value = run();
  return { value, faults: ((process.resourceUsage().minorPageFault - before) * MiB) / bytes };
}

function copyOut(source: Uint8Array, bytes: number): void {
  for (let offset = 0; offset < bytes; offset += MiB) readOut.set(source.subarray(offset, offset + MiB));
}

function localRound() {
  const storage = new StorageVolumeManager(new Clock());
  storage.create({ name: "bench", type: "block", tier: "ssd", sizeBytes: LOCAL_BYTES, thin: true });
  const write = () => {
    for (let offset = 0; offset < LOCAL_BYTES; offset += MiB) storage.write("bench", offset, block);
  };
  let sink = 0;
  const { value: firstWrite, faults: firstFaults } = faultsPerMiB(LOCAL_BYTES, () => rate(LOCAL_BYTES, write));
  const overwrite = rate(LOCAL_BYTES, write);
  const readFresh = rate(LOCAL_BYTES, () => {
    for (let offset = 0; offset < LOCAL_BYTES; offset += MiB) sink += storage.read("bench", offset, MiB).data[7]!;
  });
  const read = rate(LOCAL_BYTES, () => {
    for (let offset = 0; offset < LOCAL_BYTES; offset += MiB) sink += storage.read("bench", offset, MiB, { into: readKept }).data[7]!;
  });
  if (sink !== 2 * (7 % 253) * (LOCAL_BYTES / MiB)) throw new Error("local reads returned other bytes");
  const copy = rate(LOCAL_BYTES, () => copyInto([localTarget], LOCAL_BYTES));
  const copyRead = rate(LOCAL_BYTES, () => copyOut(localTarget, LOCAL_BYTES));
  const fresh = rate(LOCAL_BYTES, () => copyFresh(LOCAL_BYTES, CHUNK_SIZE, 1));
  storage.snapshotCreate("bench", "before");
  const smallWrite = block.subarray(0, 4096);
  const copyOnWrite = rate(LOCAL_BYTES, () => {
    for (let offset = 0; offset < LOCAL_BYTES; offset += CHUNK_SIZE) storage.write("bench", offset + 100, smallWrite); // each chunk copied whole, then 4 KiB changed
  });
  if (storage.snapshotRead("bench", "before", 100, 1)[0] !== 100 % 253) throw new Error("copy-on-write changed the snapshot");
  return { firstWrite, overwrite, read, readFresh, copy, copyRead, fresh, firstFaults, copyOnWrite };
}

function distributedRound() {
  const manager = new DistributedStorageManager(new Clock(), new Rng(3), TOKEN_SECRET);
  manager.topology.addDomain("pd1");
  manager.addPool("pd1/sp1", { copies: COPIES, minCopies: 2, consistency: "strong", shards: 64 });
  for (let i = 0; i < COPIES; i++) manager.addNode(`sds${i}`, "pd1/sp1", 1024 * MiB, "ssd", "");
  manager.topology.clients.allocate("c1");
  manager.createVolume("bench", "pd1/sp1", DISTRIBUTED_BYTES);
  manager.map("bench", "c1", false, false);
  const write = () => {
    for (let offset = 0; offset < DISTRIBUTED_BYTES; offset += MiB) manager.write("bench", offset, block, {});
  };
  let sink = 0;
  const { value: firstWrite, faults: firstFaults } = faultsPerMiB(DISTRIBUTED_BYTES, () => rate(DISTRIBUTED_BYTES, write));
  const overwrite = rate(DISTRIBUTED_BYTES, write);
  const readFresh = rate(DISTRIBUTED_BYTES, () => {
    for (let offset = 0; offset < DISTRIBUTED_BYTES; offset += MiB) sink += manager.read("bench", offset, MiB, {})[7]!;
  });
  const read = rate(DISTRIBUTED_BYTES, () => {
    for (let offset = 0; offset < DISTRIBUTED_BYTES; offset += MiB) sink += manager.read("bench", offset, MiB, { into: readKept })[7]!;
  });
  if (sink !== 2 * (7 % 253) * (DISTRIBUTED_BYTES / MiB)) throw new Error("distributed reads returned other bytes");
  const copies = rate(DISTRIBUTED_BYTES, () => copyInto(copyTargets, DISTRIBUTED_BYTES));
  const copyRead = rate(DISTRIBUTED_BYTES, () => copyOut(copyTargets[0]!, DISTRIBUTED_BYTES));
  const fresh = rate(DISTRIBUTED_BYTES, () => copyFresh(DISTRIBUTED_BYTES, CLUSTER_CHUNK_SIZE, COPIES));
  return { firstWrite, overwrite, read, readFresh, copies, copyRead, fresh, firstFaults };
}

localRound(); // warm the code paths once, untimed
distributedRound();
const { local, distributed } = withCpuProfile(() => ({ local: Array.from({ length: ROUNDS }, localRound), distributed: Array.from({ length: ROUNDS }, distributedRound) }));
process.stdout.write(`${JSON.stringify({ local, distributed })}\n`);
