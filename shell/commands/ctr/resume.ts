import { command } from "../../command.js";
import { containerLine } from "../../display/ctr.js";

export default command({
  path: ["ctr", "resume"],
  summary: "thaw a Paused container (docker unpause): Running again",
  args: [{ name: "container", required: true, kind: "container" }],
  options: [],
  examples: ["image pull nginx; ctr run nginx --name web; sleep 1s; ctr pause web; ctr resume web"],
  gate: { type: "container", mutates: true },
  run: ({ kernel }, input) => kernel.containers.resume(input.args.container),
  describe: (c) => `${c.state}: ${c.status}`,
  display: (c, d) => [containerLine(c, d)],
});
