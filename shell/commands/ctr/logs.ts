import { CONTAINER_LOG_LINES_MAX } from "../../../src/limits.js";
import { command } from "../../command.js";
import { logLines } from "../../display/ctr.js";
import { SINCE_OPTION, sinceMsOf } from "./since.js";

export default command({
  path: ["ctr", "logs"],
  summary: "a container's output from its log ring (docker logs): the last --tail lines, those of the last --since, -t with their times",
  args: [{ name: "container", required: true, kind: "container" }],
  options: [
    { name: "tail", kind: "count", min: 0, max: CONTAINER_LOG_LINES_MAX, summary: `only the last N lines (the ring keeps ${CONTAINER_LOG_LINES_MAX})` },
    SINCE_OPTION,
    { name: "t", kind: "flag", label: "-t", summary: "each line with its simulated time (docker logs -t)" },
  ],
  examples: ['image pull busybox; ctr run busybox --name talk --cmd "log hello every 1s"; sleep 5s; ctr logs talk --tail 3 -t', 'image pull busybox; ctr run busybox --name talk --cmd "log hello every 1s"; sleep 1m; ctr logs talk --since 10s'],
  gate: { type: "container", mutates: false },
  run: ({ kernel }, input) => {
    const since = input.options.since === undefined ? undefined : sinceMsOf(input.options.since, kernel.clock.now());
    return { timestamps: input.options.t === true, lines: kernel.containers.logs(input.args.container, { tail: input.options.tail, sinceMs: since }) };
  },
  display: (r) => logLines(r.lines, r.timestamps),
});
