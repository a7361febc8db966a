import { command } from "../../command.js";
import { statsRows } from "../../display/ctr.js";

export default command({
  path: ["ctr", "stats"],
  summary: "docker stats --no-stream: CPU %, MEM USAGE / LIMIT, MEM %, NET I/O, BLOCK I/O, PIDS of every container or one",
  args: [{ name: "container", required: false, kind: "container" }],
  options: [],
  examples: ["ctr stats", 'image pull busybox; ctr run busybox --name hog --cmd "cpu 2" --cpu 500m; sleep 5s; ctr stats hog'],
  gate: { type: "container", mutates: false },
  run: ({ kernel }, input) => ({ stats: kernel.containers.stats(input.args.container) }),
  display: (r, d) => statsRows(r.stats, d),
});
