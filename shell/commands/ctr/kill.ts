import { SIGNALS } from "../../../modules/containers/index.js";
import { command } from "../../command.js";
import { containerLine } from "../../display/ctr.js";

export default command({
  path: ["ctr", "kill"],
  summary: "send a signal to the container's PID 1 (docker kill; SIGKILL by default): it exits 128 + the signal's number",
  args: [{ name: "container", required: true, kind: "container" }],
  options: [{ name: "signal", kind: "string", placeholder: "signal", suggestions: Object.keys(SIGNALS).map((name) => `SIG${name}`), summary: "SIGKILL (default), SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 (SIG optional), or its number (9)" }],
  examples: ["image pull nginx; ctr run nginx --name web; sleep 1s; ctr kill web", "image pull nginx; ctr run nginx --name web; sleep 1s; ctr kill web --signal SIGTERM"],
  gate: { type: "container", mutates: true },
  run: ({ kernel }, input) => kernel.containers.kill(input.args.container, input.options.signal),
  describe: (c) => `${c.signal}${c.delivered ? "" : " (ignored)"}: ${c.state}`,
  display: (c, d) => [`${c.signal} ${c.delivered ? "sent to" : "ignored by"} ${c.name}'s PID 1`, containerLine(c, d)],
});
