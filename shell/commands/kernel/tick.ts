import { formatSimTime } from "../../../src/clock.js";
import { TICK_MS } from "../../../src/limits.js";
import { command } from "../../command.js";
import { parseCount } from "../../values.js";

const TICKS_PER_COMMAND_MAX = 10_000_000;

export default command({
  path: ["tick"],
  page: "kernel",
  summary: `advance the simulated clock by n scheduler ticks of ${TICK_MS} ms (default 1)`,
  args: [{ name: "n", required: false }],
  options: [],
  examples: ["tick", "tick 50"],
  gate: { action: "kernel.tick", type: "system", mutates: true, object: () => "clock" },
  run: ({ kernel }, input) => {
    const ticks = input.args.n === undefined ? 1 : parseCount(input.args.n, "tick count", 1, TICKS_PER_COMMAND_MAX);
    kernel.clock.advance(ticks * TICK_MS);
    return { ticks, nowMs: kernel.clock.now() };
  },
  describe: (r) => `advanced ${r.ticks} ticks`,
  display: (r) => [`clock ${formatSimTime(r.nowMs)} (+${r.ticks} tick${r.ticks === 1 ? "" : "s"})`],
});
