import { command } from "../../command.js";
import { containerLine } from "../../display/ctr.js";

export default command({
  path: ["ctr", "start"],
  summary: "start a Created, Stopped, Failed or Terminated container: Starting, then Running",
  args: [{ name: "container", required: true, kind: "container" }],
  options: [],
  examples: ["image pull nginx; ctr create nginx --name web; ctr start web"],
  gate: { type: "container", mutates: true },
  run: ({ kernel }, input) => kernel.containers.start(input.args.container),
  describe: (c) => `${c.state}: ${c.status}`,
  display: (c, d) => [containerLine(c, d)],
});
