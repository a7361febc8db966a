// Read-only reports cost what they show, not the data behind them: each report on a kernel with
// nothing written against the same report on one with 1 GiB written to a two-copy distributed
// volume and 1 GiB to a local one (a snapshot of each taken first, a 16 TiB thin volume provisioned
// on both). This is the report's own cost, apart from process start-up and the shell's pipe:
// the CPU time (process.cpuUsage: a shared machine's other work does not stretch one side) of a
// batch of calls on each kernel, the two kernels asked in turn, round by round, in alternating
// order (ABBA), each batch long enough (BATCH_MS) that the clock's grain and one GC pause are
// small in it; the ratio is per round. Goal (issue 13): `cluster status` at 1 GiB / at 0 <= 1.2
// (median of the rounds). Then the same with a storage node failed, at 0, 64 MiB and 1 GiB
// written: just failed (standing: every placed copy still current, the counters answer), then
// with 16 MiB more written on each (copies on the failed node behind: the reports read the
// per-shard mask counts, copy-masks.ts). Also the `top` frame (every pane, computed and laid out as lines) on the shared large
// state: 31 volumes, 16 nodes, 64 MiB distributed, a full audit ring.
// Prints one JSON object (bench/run.mjs runs it bundled): per report, the µs per call on each
// side round by round and their ratios.

import { Session } from "../shell/session.js";
import { liveSnapshot, renderLiveSnapshot } from "../shell/display/live.js";

const SEAL_KEY = new Uint8Array(32).fill(7);
const WRITTEN_MIB = 1024;
const DEGRADED_MIB = 64;
const BEHIND_MIB = 16; // written after the failure, on every side
const WRITE_MIB = 64; // one `vol write` of this many MiB at a time
const ROUNDS = 21; // batches of each report on each kernel
const DEGRADED_ROUNDS = 9;
const BATCH_MS = 20; // CPU time a batch aims at
const BATCH_CALLS_MAX = 1000;
const WARMUP = 10;
const FRAMES = 200;
const NODES = 16;
const LARGE_VOLUMES = 30; // local volumes beside dv in the large state

const REPORTS = ["status", "vol list", "cluster status", "cluster health", "vol snap list lv", "vol snap list dv", "cluster sds list", "cluster pool list", "cluster shard list"];
const DEGRADED_REPORTS = ["cluster status", "status", "cluster health", "vol snap list dv"];

type Spread = { median: number; min: number; max: number };

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[sorted.length >> 1]!, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

function session(): { session: Session; run: (line: string) => void } {
  const s = new Session({ seed: 1, sealKey: SEAL_KEY });
  return {
    session: s,
    run: (line) => {
      const outcome = s.execute(line);
      if (!outcome.ok) throw new Error(`${line}: ${outcome.error}`);
    },
  };
}

/** A kernel with a 16-node two-copy pool, dv (distributed), lv (local) and a 16 TiB thin volume, `mib` written to dv and to lv. */
function kernelWith(mib: number): (line: string) => void {
  const { run } = session();
  run("cluster pd create pd1");
  run("cluster pool create pd1/sp1 --copies 2");
  for (let i = 1; i <= NODES; i++) run(`cluster sds add sds${i} --pool pd1/sp1 --capacity 100G`);
  run("cluster sdc add sdc1");
  run("vol create dv --type distributed --pool pd1/sp1 --size 2G");
  run("cluster map dv sdc1");
  run("vol create lv --size 2G");
  run("vol create thin --size 16T --thin");
  run("vol snap create lv s0");
  run("vol snap create dv d0");
  for (let at = 0; at < mib; at += WRITE_MIB) {
    run(`vol write dv ${at * 1024 * 1024} --pattern 0x61 --len ${WRITE_MIB}M`);
    run(`vol write lv ${at * 1024 * 1024} --pattern 0x61 --len ${WRITE_MIB}M`);
  }
  return run;
}

function microseconds(call: () => void): number {
  const start = process.hrtime.bigint();
  call();
  return Number(process.hrtime.bigint() - start) / 1e3;
}

/** CPU µs per call of `calls` calls in a row (user + system, every thread of the process: GC helpers too). */
function cpuPerCall(run: (line: string) => void, report: string, calls: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) run(report);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

type Paired = { baseUs: number[]; grownUs: number[]; ratios: number[] };

/** `report` on `base` and on `grown`, batch against batch, round by round, in ABBA order; the batch sized on the grown side. */
function paired(base: (line: string) => void, grown: (line: string) => void, report: string, rounds: number): Paired {
  for (let i = 0; i < WARMUP; i++) (base(report), grown(report));
  const once = Math.max(microseconds(() => grown(report)), 1);
  const calls = Math.min(BATCH_CALLS_MAX, Math.max(3, Math.ceil((BATCH_MS * 1e3) / once)));
  const result: Paired = { baseUs: [], grownUs: [], ratios: [] };
  for (let round = 0; round < rounds; round++) {
    let a: number;
    let b: number;
    if (round % 2 === 0) (a = cpuPerCall(base, report, calls), b = cpuPerCall(grown, report, calls));
    else (b = cpuPerCall(grown, report, calls), a = cpuPerCall(base, report, calls));
    result.baseUs.push(a);
    result.grownUs.push(b);
    result.ratios.push(b / a);
  }
  return result;
}

type Degraded = { at64: Record<string, Paired>; at1G: Record<string, Paired> };

/** The degraded reports at 0 against 64 MiB and 1 GiB written. */
function degradedCosts(empty: (line: string) => void, some: (line: string) => void, written: (line: string) => void): Degraded {
  const result: Degraded = { at64: {}, at1G: {} };
  for (const report of DEGRADED_REPORTS) {
    result.at64[report] = paired(empty, some, report, DEGRADED_ROUNDS);
    result.at1G[report] = paired(empty, written, report, DEGRADED_ROUNDS);
  }
  return result;
}

/** Every report settled at 0 and 1 GiB; then, with sds1 failed on each kernel, the degraded reports at 0, 64 MiB and 1 GiB, standing and then behind. */
function reportCosts(): { settled: Record<string, Paired>; failed: Degraded; behind: Degraded } {
  const empty = kernelWith(0);
  const written = kernelWith(WRITTEN_MIB);
  const settled: Record<string, Paired> = {};
  for (const report of REPORTS) settled[report] = paired(empty, written, report, ROUNDS);
  const some = kernelWith(DEGRADED_MIB);
  for (const run of [empty, some, written]) run("cluster sds fail sds1");
  const failed = degradedCosts(empty, some, written);
  for (const run of [empty, some, written]) run(`vol write dv 0 --pattern 0x62 --len ${BEHIND_MIB}M`); // sds1 holds some of these chunks: its copies fall behind
  const behind = degradedCosts(empty, some, written);
  return { settled, failed, behind };
}

/** The shared fixture's large state, built in memory (as /tmp/p13/large-state.ksh builds it). */
function topFrameMs(): Spread {
  const { session: s, run } = session();
  run("cluster pd create pd1");
  run("cluster pool create pd1/sp1 --copies 2");
  for (let i = 1; i <= NODES; i++) run(`cluster sds add sds${i} --pool pd1/sp1 --capacity 100G`);
  run("cluster sdc add sdc1");
  run("vol create dv --type distributed --pool pd1/sp1 --size 10G");
  run("cluster map dv sdc1");
  run("vol write dv 0 --pattern 0x61 --len 64M");
  for (let v = 0; v < LARGE_VOLUMES; v++) (run(`vol create v${v} --size 1G`), run(`vol write v${v} 0 --data hello${v}`));
  while (s.kernel.view.audit.stats().lost === 0) run("vol list"); // until the audit ring has wrapped
  const frame = () => renderLiveSnapshot(liveSnapshot(s.kernel.view, "all", s.display, {}), s.display);
  for (let i = 0; i < WARMUP; i++) frame();
  return spread(Array.from({ length: FRAMES }, () => microseconds(frame) / 1e3));
}

process.stdout.write(`${JSON.stringify({ ...reportCosts(), topFrameMs: topFrameMs() })}\n`);
