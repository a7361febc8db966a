import { formatSimTime } from "../../src/clock.js";
import { command } from "../command.js";

export default command({
  path: ["status"],
  page: "kernel",
  summary: "one screen: every subsystem's use against capacity, health, clock and user",
  args: [],
  options: [],
  examples: ["status", "status --json"],
  gate: { type: "system", mutates: false },
  run: ({ kernel, session }) => ({
    nowMs: kernel.clock.now(),
    user: session.subject.name,
    mode: session.interactive ? "interactive" : "script",
    subsystems: session.kernelView().status(),
  }),
  display: (status, d) => [
    `clock ${formatSimTime(status.nowMs)}   user ${status.user}   mode ${status.mode}`,
    ...d.table(
      ["SUBSYSTEM", "USED", "CAPACITY", "HEALTH", "DETAIL"],
      status.subsystems.map((s) => [s.subsystem, s.used, s.capacity, s.health === "ok" ? d.chalk.green(s.health) : d.chalk.yellow(s.health), s.detail]),
    ),
  ],
});
