import { formatSimTime } from "../../../src/clock.js";
import { TICKS_PER_COMMAND_MAX, TICK_MS } from "../../../src/limits.js";
import { command, runJob, type Job, type ParsedInput, type RunContext } from "../../command.js";
import { clockJob } from "../../jobs.js";
import { parseCount } from "../../values.js";

interface Ticked {
  readonly ticks: number;
  readonly nowMs: number;
  readonly interruptedOf?: number; // the ticks asked for, when Ctrl-C stopped it early
}

function start({ kernel }: RunContext, input: ParsedInput): Job<Ticked> {
  const asked = input.args.n === undefined ? 1 : parseCount(input.args.n, "tick count", 1, TICKS_PER_COMMAND_MAX);
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
  args: [{ name: "n", required: false }],
  options: [],
  examples: ["tick", "tick 50"],
  gate: { action: "kernel.tick", type: "system", mutates: true, object: () => "clock" },
  start,
  run: (context, input) => runJob(start(context, input)),
  describe: (r) => `advanced ${r.ticks} ticks`,
  display: (r) => [`clock ${formatSimTime(r.nowMs)} (+${r.ticks} tick${r.ticks === 1 ? "" : "s"}${r.interruptedOf === undefined ? "" : ` of ${r.interruptedOf}: interrupted`})`],
});
