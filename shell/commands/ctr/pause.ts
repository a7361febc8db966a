import { command } from "../../command.js";
import { containerLine } from "../../display/ctr.js";

export default command({
  path: ["ctr", "pause"],
  summary: "freeze a Running container's processes (the cgroup freezer, docker pause): Paused",
  args: [{ name: "container", required: true, kind: "container" }],
  options: [],
  examples: ["image pull nginx; ctr run nginx --name web; sleep 1s; ctr pause web"],
  gate: { type: "container", mutates: true },
  run: ({ kernel }, input) => kernel.containers.pause(input.args.container),
  describe: (c) => `${c.state}: ${c.status}`,
  display: (c, d) => [containerLine(c, d)],
});
