import { formatSimTime } from "../../src/clock.js";
import { TICKS_PER_COMMAND_MAX, TICK_MS } from "../../src/limits.js";
import { command, runJob, type ArgSpec, type Input, type Job, type RunContext } from "../command.js";
import { clockJob } from "../jobs.js";
import { countOf } from "../../src/units.js";

interface Ticked {
  readonly ticks: number;
  readonly nowMs: number;
  readonly interruptedOf?: number; // the ticks asked for, when Ctrl-C stopped it early
}

const ARGS = [{ name: "n", required: false, kind: "count", min: 1, max: TICKS_PER_COMMAND_MAX, label: "tick count" }] as const satisfies readonly ArgSpec[];

function start({ kernel }: RunContext, input: Input<typeof ARGS, []>): Job<Ticked> {
  const asked = input.args.n ?? 1;
  const job = clockJob(kernel.clock, asked * TICK_MS, "tick", (doneMs) => ["tick", String(doneMs / TICK_MS)]);
  return {
    ...job,
    finish(stopped) {
      const r = job.finish(stopped);
      const ticks = r.doneMs / TICK_MS;
      return r.stopped ? { ticks, nowMs: r.nowMs, interruptedOf: asked } : { ticks, nowMs: r.nowMs };
    },
  };
}

export default command({
  path: ["tick"],
  page: "kernel",
  summary: `advance the simulated clock by n scheduler ticks of ${TICK_MS} ms (default 1; Ctrl-C stops a long run)`,
  args: ARGS,
  options: [],
  examples: ["tick", "tick 50"],
  gate: { type: "system", mutates: true, object: () => "clock" },
  start,
  run: (context, input) => runJob(start(context, input)),
  describe: (r) => `advanced ${countOf(r.ticks, "tick")}`,
  display: (r) => [`clock ${formatSimTime(r.nowMs)} (+${r.ticks} tick${r.ticks === 1 ? "" : "s"}${r.interruptedOf === undefined ? "" : ` of ${r.interruptedOf}: interrupted`})`],
});
