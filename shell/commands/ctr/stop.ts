import { command } from "../../command.js";
import { containerLine } from "../../display/ctr.js";

export default command({
  path: ["ctr", "stop"],
  summary: "stop a container as docker stop does: SIGTERM, then SIGKILL when the grace period ends (exit 143, or 137 when killed)",
  args: [{ name: "container", required: true, kind: "container" }],
  options: [{ name: "time", kind: "duration", summary: "grace period before SIGKILL (default 10s; 0 kills at once)" }],
  examples: ["image pull nginx; ctr run nginx --name web; sleep 1s; ctr stop web", 'image pull busybox; ctr run busybox --name s --cmd "sleep 1h"; sleep 1s; ctr stop s --time 2s; sleep 2s'],
  gate: { type: "container", mutates: true },
  run: ({ kernel }, input) => kernel.containers.stop(input.args.container, input.options.time),
  describe: (c) => `${c.state}: ${c.status}`,
  display: (c, d) => [containerLine(c, d)],
});
