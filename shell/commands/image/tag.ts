import { shortId } from "../../../modules/containers/index.js";
import { command } from "../../command.js";

export default command({
  path: ["image", "tag"],
  summary: "name an image by another reference (no tag: latest); a reference naming another image is refused",
  args: [
    { name: "source", required: true, kind: "image" },
    { name: "target", required: true, label: "target reference" },
  ],
  options: [],
  examples: ["image pull nginx; image tag nginx web:v1", "image pull redis:7.2; image tag redis:7.2 cache"],
  gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN", object: () => "image" },
  run: ({ kernel }, input) => kernel.containers.images.tag(input.args.source, input.args.target),
  describe: (i) => `${i.repository}:${i.tag} ${shortId(i.id)}`,
  display: (i) => [`tagged ${shortId(i.id)} as ${i.repository}:${i.tag}`],
});
