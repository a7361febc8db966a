import { ChaosRun, countOf, type ChaosReport } from "../../../modules/cluster/index.js";
import { command, runJob, type Input, type Job, type OptionSpec, type RunContext } from "../../command.js";
import { exactDuration } from "../../jobs.js";
import { formatDuration } from "../../values.js";

const DURATION_DEFAULT_MS = 600_000;

type ChaosResult = ChaosReport & { readonly interruptedOfMs?: number }; // the duration asked for, when Ctrl-C stopped it early

const OPTIONS = [
  { name: "duration", kind: "duration", summary: "simulated time the workload runs (default 10m; Ctrl-C stops it early, still healing and checking)" },
  { name: "seed", kind: "count", summary: "seed of the workload and the nemesis (default 1)" },
  { name: "max-failures", kind: "count", summary: "nodes down at once (default copies - 1, also its cap without --unsafe; 0 leaves every node up)" },
  { name: "unsafe", kind: "flag", summary: "let the nemesis take down more nodes than the copies can survive (up to all, or --max-failures)" },
] as const satisfies readonly OptionSpec[];

function start({ kernel }: RunContext, input: Input<[], typeof OPTIONS>): Job<ChaosResult> {
  const o = input.options;
  const durationMs = o.duration ?? DURATION_DEFAULT_MS;
  const seed = o.seed ?? 1;
  const run = new ChaosRun(kernel.cluster, kernel.clock, { durationMs, seed, maxFailures: o["max-failures"], unsafe: o.unsafe === true });
  return {
    step: () => run.step(),
    progress: () => `chaos: ${formatDuration(run.elapsedMs)} of ${formatDuration(durationMs)} simulated, ${run.writes.toLocaleString("en-US")} ops, Ctrl-C stops`,
    finish: (stopped) => (stopped ? { ...run.finish(), interruptedOfMs: durationMs } : run.finish()),
    // What a stopped run covered replays as a run of that duration (the typed words, with --duration replaced).
    ranWords: () => ["cluster", "chaos", "--duration", exactDuration(run.elapsedMs), "--seed", String(seed), ...(o["max-failures"] === undefined ? [] : ["--max-failures", String(o["max-failures"])]), ...(o.unsafe === true ? ["--unsafe"] : [])],
  };
}

export default command({
  path: ["cluster", "chaos"],
  summary: "Jepsen-style: unique block writes from 3 clients while nodes crash, partition and recover; then heal and check every acknowledged write",
  args: [],
  options: OPTIONS,
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sds add c --pool pd1/sp1 --capacity 1G; cluster chaos --duration 2m --seed 7"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  start,
  run: (context, input) => runJob(start(context, input)),
  describe: (r) => `seed ${r.seed}: ${r.acknowledged} acknowledged, ${r.lost} lost`,
  failure: (r) => (r.lost > 0 || (r.consistency === "strong" && r.staleReads > 0) ? `${r.lost} acknowledged writes lost, ${r.staleReads} stale reads (seed ${r.seed})` : undefined),
  display: (r) => [
    `chaos seed ${r.seed} on pool ${r.pool} for ${formatDuration(r.durationMs)}${r.interruptedOfMs === undefined ? "" : ` of ${formatDuration(r.interruptedOfMs)} (interrupted)`}: ${countOf(r.writes, "write")}`,
    ...r.events.map((event) => `  ${event}`),
    `healed and rebuilt ${formatDuration(r.healedAfterMs)} after the workload`,
    `acknowledged ${r.acknowledged}: present ${r.present}, lost ${r.lost}`,
    `indeterminate ${r.indeterminate} (failed writes; either outcome is allowed)`,
    ...(r.staleReads === 0 ? [] : r.consistency === "strong" ? [`STALE READS ${r.staleReads}: bytes older than the last acknowledged write`] : [`old reads ${r.staleReads}: bytes older than the last acknowledged write, allowed in ${r.consistency} pools (copies catch up later)`]),
    r.lost === 0 ? "no acknowledged write was lost" : `LOST ${r.lost} ACKNOWLEDGED WRITES`,
  ],
});
