// Read-only reports cost what they show, not the data behind them: each report on a kernel with
// nothing written against the same report on one with 1 GiB written to a two-copy distributed
// volume and 1 GiB to a local one (and a 16 TiB thin volume provisioned on both), the two kernels
// asked in turn, call by call, so a noisy machine moves both sides together. Goal (issue 13):
// `cluster status` at 1 GiB / at 0 <= 1.2 (median of the per-pair ratios); the others independent
// of bytes written. Also the `top` frame (every pane, computed and laid out as lines) on the
// shared large state: 31 volumes, 16 nodes, 64 MiB distributed, a full audit ring.
// Prints one JSON object (bench/run.mjs runs it bundled); each figure is median, min and max.

import { Session } from "../shell/session.js";
import { liveSnapshot, renderLiveSnapshot } from "../shell/display/live.js";

const SEAL_KEY = new Uint8Array(32).fill(7);
const WRITTEN_MIB = 1024;
const WRITE_MIB = 64; // one `vol write` of this many MiB at a time
const PAIRS = 101; // calls of each report on each kernel
const WARMUP = 10;
const FRAMES = 200;
const NODES = 16;
const LARGE_VOLUMES = 30; // local volumes beside dv in the large state

const REPORTS = ["status", "vol list", "cluster status", "cluster health", "vol snap list lv", "vol snap list dv", "cluster sds list", "cluster pool list", "cluster shard list"];

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

function reportCosts(): Record<string, { emptyUs: Spread; writtenUs: Spread; ratio: Spread }> {
  const empty = kernelWith(0);
  const written = kernelWith(WRITTEN_MIB);
  const costs: Record<string, { emptyUs: Spread; writtenUs: Spread; ratio: Spread }> = {};
  for (const report of REPORTS) {
    for (let i = 0; i < WARMUP; i++) (empty(report), written(report));
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      a.push(microseconds(() => empty(report)));
      b.push(microseconds(() => written(report)));
    }
    costs[report] = { emptyUs: spread(a), writtenUs: spread(b), ratio: spread(b.map((y, i) => y / a[i]!)) };
  }
  return costs;
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

process.stdout.write(`${JSON.stringify({ reports: reportCosts(), topFrameMs: topFrameMs() })}\n`);
