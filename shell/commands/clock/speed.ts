import { fail } from "../../../src/errors.js";
import { command } from "../../command.js";
import { CLOCK_SPEED_MAX } from "../../../src/limits.js";

export default command({
  path: ["clock", "speed"],
  page: "kernel",
  summary: `set how fast simulated time follows the wall clock in the interactive shell (0 to ${CLOCK_SPEED_MAX})`,
  args: [{ name: "factor", required: true }],
  options: [],
  examples: ["clock speed 10", "clock speed 1"],
  run: ({ session }, input) => {
    const speed = Number(input.args.factor);
    if (!(speed >= 0 && speed <= CLOCK_SPEED_MAX)) fail("EINVAL", `bad clock speed '${input.args.factor}'`, `use a number from 0 (paused) to ${CLOCK_SPEED_MAX}`);
    session.setClockSpeed(speed);
    return { speed, interactive: session.interactive };
  },
  display: (r) => [`clock speed ${r.speed}x${r.interactive ? "" : " (takes effect in the interactive shell; scripts move time with sleep/tick)"}`],
});
