import { command } from "../../command.js";
import { jsonText } from "../../json-output.js";

export default command({
  path: ["ctr", "inspect"],
  summary: "a container as docker inspect gives it: JSON with Id, State, HostConfig, Config, namespaces and the Kubernetes status",
  args: [{ name: "container", required: true, kind: "container" }],
  options: [],
  examples: ["image pull nginx; ctr run nginx --name web --mem 64M; ctr inspect web"],
  gate: { type: "container", mutates: false },
  run: ({ kernel }, input) => [kernel.containers.inspect(input.args.container)],
  display: (r) => jsonText(r, 4).split("\n"), // docker inspect's own layout: an array, four spaces
});
