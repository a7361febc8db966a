import { command } from "../../command.js";
import { imageShowLines } from "../../display/image.js";

export default command({
  path: ["image", "show"],
  summary: "one image: id, digest, the config a container starts from, and its layers newest first (as docker history)",
  args: [{ name: "image", required: true, kind: "image" }],
  options: [{ name: "no-trunc", kind: "flag", summary: "show each layer's build step whole" }],
  examples: ["image pull nginx; image show nginx", "image pull redis; image show redis:latest --no-trunc"],
  gate: { type: "container", mutates: false, object: () => "image" },
  run: ({ kernel }, input) => {
    const images = kernel.containers.images;
    return { ...images.resolve(input.args.image), history: images.history(input.args.image), noTrunc: input.options["no-trunc"] === true };
  },
  display: (r, d) => imageShowLines(r, r.history, r.noTrunc, d),
});
