import { command } from "../../command.js";
import { isUp, statsRows } from "../../display/ctr.js";
import { readableContainer } from "./readable.js";

export default command({
  path: ["ctr", "stats"],
  summary: "docker stats --no-stream: CPU %, MEM USAGE / LIMIT, MEM %, NET I/O, BLOCK I/O, PIDS of the running containers (-a: all) or one",
  args: [{ name: "container", required: false, kind: "container" }],
  options: [
    { name: "a", kind: "flag", label: "-a", summary: "every container, stopped ones too (docker stats -a); only running ones by default" },
    { name: "all", kind: "flag", summary: "the same as -a" },
  ],
  examples: ["ctr stats", 'image pull busybox; ctr run busybox --name hog --cmd "cpu 2" --cpu 500m; sleep 5s; ctr stats hog'],
  gate: { type: "container", mutates: false },
  run: ({ kernel, session }, input) => {
    const readable = readableContainer(kernel, session, "ctr.stats");
    const stats = kernel.containers.stats(input.args.container);
    if (input.args.container !== undefined) return { stats };
    const up = new Set(kernel.containers.list().filter((c) => input.options.a === true || input.options.all === true || isUp(c)).map((c) => c.name));
    return { stats: stats.filter((s) => up.has(s.name) && readable(s.name)) };
  },
  display: (r, d) => statsRows(r.stats, d),
});
