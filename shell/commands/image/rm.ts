import { shortId } from "../../../modules/containers/index.js";
import { countOf } from "../../../src/units.js";
import { command } from "../../command.js";
import { removeLines } from "../../display/image.js";

export default command({
  path: ["image", "rm"],
  aliases: ["rmi", "delete"],
  summary: "untag a reference; with its image's last one, delete the image and the layers no other image holds (refused while a container uses it)",
  args: [{ name: "image", required: true, kind: "image" }],
  options: [{ name: "force", kind: "flag", summary: "by id: untag every reference of the image (still refused while a container uses it)" }],
  examples: ["image pull nginx; image rm nginx", "image pull alpine; image pull alpine:3.20; image rm alpine:3.20; image rm alpine"],
  gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN", object: () => "image" },
  run: ({ kernel }, input) => {
    const containers = kernel.containers;
    return containers.images.remove(input.args.image, (id) => containers.imageUser(id), { force: input.options.force === true });
  },
  describe: (r) => `${r.untagged.join(", ")}${r.deleted.length > 0 ? `; deleted ${shortId(r.id)} and ${countOf(r.deleted.length - 1, "layer")}` : ""}`,
  display: (r) => removeLines(r),
});
