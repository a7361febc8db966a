import { catalogueReferences, namesTag, shortId } from "../../../modules/containers/index.js";
import { countOf } from "../../../src/units.js";
import { command } from "../../command.js";
import { pullLines } from "../../display/image.js";

export default command({
  path: ["image", "pull"],
  summary: "pull an image from the built-in catalogue: its layers not already held, then the image and its reference",
  args: [{ name: "reference", required: true, label: "image reference", suggestions: catalogueReferences() }],
  options: [],
  examples: ["image pull nginx", "image pull redis:7.2", "image pull nginx; image pull nginx:1.27"],
  gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN", object: () => "image" },
  run: ({ kernel }, input) => {
    const reference = input.args.reference;
    return { ...kernel.containers.images.pull(reference), tagGiven: namesTag(reference) };
  },
  describe: (r) => `${r.image.repository}:${r.image.tag} ${shortId(r.image.id)}: ${r.upToDate ? "up to date" : `${countOf(r.layersPulled, "layer")} pulled, ${r.layersShared} already held`}`,
  display: (r) => pullLines(r, r.tagGiven),
});
