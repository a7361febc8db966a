import { command } from "../../command.js";
import { statsRows } from "../../display/ctr.js";
import { readableContainer } from "./readable.js";

export default command({
  path: ["ctr", "stats"],
  summary: "docker stats --no-stream: CPU %, MEM USAGE / LIMIT, MEM %, NET I/O, BLOCK I/O, PIDS of every container or one",
  args: [{ name: "container", required: false, kind: "container" }],
  options: [],
  examples: ["ctr stats", 'image pull busybox; ctr run busybox --name hog --cmd "cpu 2" --cpu 500m; sleep 5s; ctr stats hog'],
  gate: { type: "container", mutates: false },
  run: ({ kernel, session }, input) => {
    const readable = readableContainer(kernel, session, "ctr.stats");
    const stats = kernel.containers.stats(input.args.container);
    return { stats: input.args.container === undefined ? stats.filter((s) => readable(s.name)) : stats };
  },
  display: (r, d) => statsRows(r.stats, d),
});
