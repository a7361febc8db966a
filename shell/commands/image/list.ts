import { command } from "../../command.js";
import { imageRows } from "../../display/image.js";

export default command({
  path: ["image", "list"],
  summary: "every image reference: repository, tag, image id, created, size (as docker images)",
  args: [],
  options: [],
  examples: ["image list", "image pull busybox; image list --json"],
  gate: { type: "container", mutates: false, object: () => "image" },
  run: ({ kernel }) => ({ images: kernel.containers.images.list() }),
  display: (r, d) => imageRows(r.images, d),
});
