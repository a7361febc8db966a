// Storage throughput through the volume manager (local backend): sequential 1 MiB writes of
// 64 MiB as a ratio to plain Uint8Array.set of the same bytes, and random 4 KiB writes (IOPS).
// Bundled and run by bench/run.mjs; prints one JSON line.

import { StorageVolumeManager } from "../modules/storage/index.js";
import { Clock } from "../src/clock.js";
import { Rng } from "../src/rng.js";

const MiB = 1024 * 1024;
const TOTAL = 64 * MiB;
const ROUNDS = 5;
const RANDOM_WRITES = 50_000;

const block = new Uint8Array(MiB).map((_, i) => i % 253);
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function seconds(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function sequentialManager(): number {
  const storage = new StorageVolumeManager(new Clock());
  storage.create({ name: "bench", type: "block", tier: "ssd", sizeBytes: TOTAL, thin: true });
  return seconds(() => {
    for (let offset = 0; offset < TOTAL; offset += MiB) storage.write("bench", offset, block);
  });
}

function sequentialPlain(): number {
  const target = new Uint8Array(TOTAL);
  return seconds(() => {
    for (let offset = 0; offset < TOTAL; offset += MiB) target.set(block, offset);
  });
}

function randomWrites(): number {
  const storage = new StorageVolumeManager(new Clock());
  storage.create({ name: "bench", type: "block", tier: "ssd", sizeBytes: TOTAL, thin: true });
  const rng = new Rng(7);
  const page = new Uint8Array(4096).fill(0x42);
  const offsets = Array.from({ length: RANDOM_WRITES }, () => rng.nextBelow(TOTAL / 4096) * 4096);
  return RANDOM_WRITES / seconds(() => {
    for (const offset of offsets) storage.write("bench", offset, page);
  });
}

const manager = median(Array.from({ length: ROUNDS }, sequentialManager));
const plain = median(Array.from({ length: ROUNDS }, sequentialPlain));
const iops = median(Array.from({ length: 3 }, randomWrites));
process.stdout.write(`${JSON.stringify({ managerMBps: TOTAL / MiB / manager, plainMBps: TOTAL / MiB / plain, randomIops: iops })}\n`);
