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
    if (input.args.container !== undefined) return { stats: kernel.containers.stats(input.args.container) };
    const readable = readableContainer(kernel, session, "ctr.stats");
    const all = input.options.a === true || input.options.all === true;
    const shown = kernel.containers.list().filter((c) => (all || isUp(c)) && readable(c.name)); // figures only for those shown
    return { stats: shown.flatMap((c) => kernel.containers.stats(c.name)) };
  },
  display: (r, d) => statsRows(r.stats, d),
});
