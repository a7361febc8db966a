import { command } from "../../command.js";
import { containerRows } from "../../display/ctr.js";
import { readableRows } from "../../display/readable-rows.js";
import { readableContainer } from "./readable.js";

export default command({
  path: ["ctr", "list"],
  aliases: ["ps", "ls"],
  summary: "containers as docker ps shows them (CONTAINER ID, IMAGE, COMMAND, CREATED, STATUS, PORTS, NAMES) with RESTARTS; -a shows stopped ones too",
  args: [],
  options: [
    { name: "a", kind: "flag", label: "-a", summary: "every container, stopped ones too (docker ps -a)" },
    { name: "all", kind: "flag", summary: "the same as -a" },
    { name: "q", kind: "flag", label: "-q", summary: "only the short ids, one a line (docker ps -q)" },
  ],
  examples: ["ctr list", "image pull nginx; ctr run nginx --name web; sleep 5s; ctr list", "image pull alpine; ctr run alpine --name once; sleep 1s; ctr list -a --json", "ctr list -a -q"],
  gate: { type: "container", mutates: false },
  run: ({ kernel, session }, input) => {
    const readable = readableContainer(kernel, session, "ctr.list"); // a row shows the command, the container's own: only those the user may read
    const { rows: containers, unreadable } = readableRows(kernel.containers.list(), (c) => readable(c.name));
    return { nowMs: kernel.clock.now(), all: input.options.a === true || input.options.all === true, quiet: input.options.q === true, containers, unreadable };
  },
  display: (r, d) => containerRows(r.containers, r.nowMs, r.all, d, r.quiet, r.unreadable),
});
