import { formatSimTime } from "../../src/clock.js";
import { TICK_MS } from "../../src/limits.js";
import { command } from "../command.js";
import { countOf } from "../../src/units.js";

export default command({
  path: ["clock"],
  page: "kernel",
  summary: "show simulated time, ticks and the speed the interactive shell runs the clock at",
  args: [],
  options: [],
  examples: ["clock", "clock --json"],
  gate: { type: "system", mutates: false, object: () => "clock" },
  run: ({ kernel, session }) => ({
    nowMs: kernel.clock.now(),
    ticks: kernel.clock.ticks(),
    tickMs: TICK_MS,
    speed: session.clockSpeed(),
    follows: !session.interactive ? "sleep/tick only" : session.clockSpeed() === 0 ? "nothing: paused" : "wall clock",
  }),
  display: (r) => [`${formatSimTime(r.nowMs)}  (${countOf(r.ticks, "tick")} of ${r.tickMs} ms, ${r.follows === "nothing: paused" ? "paused at speed 0: clock speed 1 resumes" : `speed ${r.speed}x, follows ${r.follows}`})`],
});
