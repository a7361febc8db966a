import { EXEC_COMMANDS } from "../../../modules/containers/index.js";
import { printable } from "../../../src/printable.js";
import { command } from "../../command.js";

export default command({
  path: ["ctr", "exec"],
  summary: "run a command inside a running container's namespaces (docker exec): ps, hostname, id, cat /proc/self/ns, curl localhost:80 ...",
  args: [
    { name: "container", required: true, kind: "container" },
    { name: "command", required: true, variadic: true, suggestions: EXEC_COMMANDS },
  ],
  options: [],
  examples: ["image pull nginx; ctr run nginx --name web; sleep 1s; ctr exec web ps", "image pull nginx; ctr run nginx --name web; sleep 1s; ctr exec web cat /proc/self/ns"],
  gate: { type: "container", mutates: false, access: "write" },
  run: ({ kernel }, input) => ({ command: input.rest.join(" "), ...kernel.containers.exec(input.args.container, input.rest.join(" ")) }),
  describe: (r) => `${r.command}: exit ${r.exitCode}`,
  failure: (r) => (r.exitCode === 0 ? undefined : `'${r.command}' exited with ${r.exitCode}`),
  display: (r) => r.output.map(printable), // ps shows the workload's command as it was given
});
