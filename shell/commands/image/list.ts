import { command } from "../../command.js";
import { imageRows } from "../../display/image.js";

export default command({
  path: ["image", "list"],
  aliases: ["ls"],
  summary: "every image reference, or one repository's: repository, tag, image id, created, size (as docker images)",
  args: [{ name: "repository", required: false }],
  options: [],
  examples: ["image list", "image pull busybox; image list --json", "image pull nginx; image pull redis; image list nginx"],
  gate: { type: "container", mutates: false, object: () => "image" },
  run: ({ kernel }, input) => ({ images: kernel.containers.images.list(input.args.repository) }),
  display: (r, d) => imageRows(r.images, d),
});
