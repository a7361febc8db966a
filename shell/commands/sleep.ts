import { formatSimTime } from "../../src/clock.js";
import { command, runJob, type ArgSpec, type Input, type Job, type RunContext } from "../command.js";
import { clockJob, exactDuration } from "../jobs.js";
import { formatDuration } from "../values.js";

interface Slept {
  readonly sleptMs: number;
  readonly nowMs: number;
  readonly interruptedOfMs?: number; // the duration asked for, when Ctrl-C stopped it early
}

const ARGS = [{ name: "duration", required: true, kind: "duration" }] as const satisfies readonly ArgSpec[];

function start({ kernel }: RunContext, input: Input<typeof ARGS, []>): Job<Slept> {
  const askedMs = input.args.duration;
  const job = clockJob(kernel.clock, askedMs, "sleep", (doneMs) => ["sleep", exactDuration(doneMs)]);
  return {
    ...job,
    finish(stopped) {
      const r = job.finish(stopped);
      return r.stopped ? { sleptMs: r.doneMs, nowMs: r.nowMs, interruptedOfMs: askedMs } : { sleptMs: r.doneMs, nowMs: r.nowMs };
    },
  };
}

export default command({
  path: ["sleep"],
  page: "kernel",
  summary: "advance the simulated clock by a duration (timers due on the way fire in order; Ctrl-C stops a long one)",
  args: ARGS,
  options: [],
  examples: ["sleep 10s", "sleep 500ms"],
  gate: { type: "system", mutates: true, object: () => "clock" },
  start,
  run: (context, input) => runJob(start(context, input)),
  describe: (r) => `advanced ${formatDuration(r.sleptMs)}`,
  display: (r) => [`clock ${formatSimTime(r.nowMs)} (+${formatDuration(r.sleptMs)}${r.interruptedOfMs === undefined ? "" : ` of ${formatDuration(r.interruptedOfMs)}: interrupted`})`],
});
