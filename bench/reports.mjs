// Figures through running kshell processes (kshell-session.mjs: a batch of lines piped into a
// running shell, timed from writing them until their output has all come back; no start-up):
//   `cluster status` with 1 GiB written / with nothing written: two kernels in memory (nothing
//       loaded: no start-up or state load is in it), the same cluster, batches of the command sent
//       to each in turn (ABBA: the order alternates by round), the ratio paired by round. A batch
//       runs ~0.1 s: with 60 commands (~10 ms) one scheduling hiccup on a loaded two-core machine
//       moved a round's ratio from 0.46 to 1.6; the per-command shell cost (parse, gate, two audit
//       appends, output) is in both sides, so bench/reports.ts gives the report's own cost apart
//   1 MiB `vol read --out` through the shell / the same bytes copied out of a warmed buffer and
//       written with writeFileSync (what the command has to do at least), paired by round

import { randomFillSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { KshellSession } from "./kshell-session.mjs";

const MiB = 1024 * 1024;
const WRITE_MIB = 64; // one `vol write --file` (the per-command IO limit)
const WRITTEN_GIB = 1;
const STATUS_BATCH = 600; // at 0 bytes a status takes ~0.15 ms: ~0.1 s a batch, far above the marker's round trip and a time slice
const STATUS_ROUNDS = 11;
const READ_BATCH = 20;
const READ_ROUNDS = 7;
const TIMEOUT_MS = 300_000;

const CLUSTER = [
  "cluster pd create pd1",
  "cluster pool create pd1/sp1 --copies 2",
  "cluster sds add sds1 --pool pd1/sp1 --capacity 100G",
  "cluster sds add sds2 --pool pd1/sp1 --capacity 100G",
  "cluster sdc add sdc1",
  "vol create dv --type distributed --pool pd1/sp1 --size 10G",
  "cluster map dv sdc1",
];

async function withSessions(context, count, use) {
  const sessions = Array.from({ length: count }, () => new KshellSession(context.kshell, ["--seed", "1"], { env: context.env, timeoutMs: TIMEOUT_MS }));
  try {
    const result = await use(sessions);
    for (const session of sessions) await session.close();
    return result;
  } catch (error) {
    for (const session of sessions) session.kill(error.message);
    throw error;
  }
}

/** Per-round ratios of `cluster status` ms at 1 GiB written to at 0, and both sides' ms per command. */
export async function clusterStatusScaling(context) {
  const dataFile = join(context.scratch, "status-64m.bin");
  writeFileSync(dataFile, randomFillSync(Buffer.alloc(WRITE_MIB * MiB)));
  const writes = Array.from({ length: (WRITTEN_GIB * 1024) / WRITE_MIB }, (_, i) => `vol write dv ${i * WRITE_MIB * MiB} --file ${dataFile}`);
  const batch = Array.from({ length: STATUS_BATCH }, () => "cluster status");
  return withSessions(context, 2, async ([empty, full]) => {
    await empty.send(CLUSTER);
    await full.send([...CLUSTER, ...writes]);
    await empty.send(batch); // warm both
    await full.send(batch);
    const atZero = [];
    const atFull = [];
    for (let round = 0; round < STATUS_ROUNDS; round++) {
      if (round % 2 === 0) {
        atZero.push((await empty.send(batch)) / STATUS_BATCH);
        atFull.push((await full.send(batch)) / STATUS_BATCH);
      } else {
        atFull.push((await full.send(batch)) / STATUS_BATCH);
        atZero.push((await empty.send(batch)) / STATUS_BATCH);
      }
    }
    return { ratios: atFull.map((ms, i) => ms / atZero[i]), atZero, atFull };
  });
}

/** Per-round ratios of the baseline's ms to `vol read --out`'s for a 1 MiB read, and both sides' ms per read. */
export async function readOut(context) {
  const dataFile = join(context.scratch, "read-1m.bin");
  const source = randomFillSync(Buffer.alloc(MiB));
  writeFileSync(dataFile, source);
  const outFile = join(context.scratch, "read-out.bin");
  const baselineFile = join(context.scratch, "read-baseline.bin");
  const buffer = Buffer.alloc(MiB, 1); // warmed: its pages touched once
  const baselineMs = () => {
    const start = performance.now();
    for (let i = 0; i < READ_BATCH; i++) {
      buffer.set(source);
      writeFileSync(baselineFile, buffer);
    }
    return (performance.now() - start) / READ_BATCH;
  };
  const batch = Array.from({ length: READ_BATCH }, () => `vol read v1 0 1M --out ${outFile}`);
  return withSessions(context, 1, async ([session]) => {
    await session.send(["vol create v1 --size 64M", `vol write v1 0 --file ${dataFile}`]);
    await session.send(batch); // warm
    baselineMs();
    const shell = [];
    const baseline = [];
    for (let round = 0; round < READ_ROUNDS; round++) {
      shell.push((await session.send(batch)) / READ_BATCH);
      baseline.push(baselineMs());
    }
    return { ratios: baseline.map((ms, i) => ms / shell[i]), shell, baseline };
  });
}
