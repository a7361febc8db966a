import { formatSimTime } from "../../../src/clock.js";
import { command } from "../../command.js";
import { formatDuration, parseDuration } from "../../values.js";

export default command({
  path: ["sleep"],
  page: "kernel",
  summary: "advance the simulated clock by a duration (timers due on the way fire in order)",
  args: [{ name: "duration", required: true }],
  options: [],
  examples: ["sleep 10s", "sleep 500ms"],
  gate: { action: "kernel.sleep", type: "system", mutates: true, object: () => "clock" },
  run: ({ kernel }, input) => {
    const ms = parseDuration(input.args.duration!);
    kernel.clock.advance(ms);
    return { sleptMs: ms, nowMs: kernel.clock.now() };
  },
  describe: (r) => `advanced ${formatDuration(r.sleptMs)}`,
  display: (r) => [`clock ${formatSimTime(r.nowMs)} (+${formatDuration(r.sleptMs)})`],
});
