// The image store's part of state.json: its shape (valibot), bounded by the store's tables, and
// the relations one field alone cannot show (an image the catalogue has, under the id its config
// hashes to; references not used twice, each naming an image listed; no image named by nothing).

import * as v from "valibot";
import { IMAGE_COUNT_MAX, IMAGE_REFERENCE_LENGTH_MAX } from "../../../src/limits.js";
import { firstRepeat, list, object, text } from "../../../src/table/checks.js";
import { catalogueIndex } from "./catalogue.js";
import { imageDigests } from "./image-digests.js";
import { isProblem, readReference, referenceText } from "./reference.js";
import type { SavedImages } from "./types.js";

const DIGEST = "an image id sha256:<64 hex digits>";
const imageId = v.pipe(v.string(DIGEST), v.regex(/^sha256:[0-9a-f]{64}$/, DIGEST));
const reference = text(IMAGE_REFERENCE_LENGTH_MAX);

export const SAVED_IMAGES_SCHEMA = object({
  images: list(object({ id: imageId, source: reference }), IMAGE_COUNT_MAX, "IMAGE_COUNT_MAX"),
  references: list(object({ reference, image: imageId }), IMAGE_COUNT_MAX, "IMAGE_COUNT_MAX"),
});

/** What is wrong across fields of a saved store, or undefined. */
export function imagesProblem(saved: SavedImages): string | undefined {
  const { images, references } = saved;
  for (const [index, image] of images.entries()) {
    const read = readReference(image.source);
    const source = isProblem(read) ? -1 : catalogueIndex(read.repository, read.tag);
    if (source < 0) return `images.images[${index}].source: '${image.source}' is not an image of the catalogue`;
    if (imageDigests(source).id !== image.id) return `images.images[${index}].id: ${image.source}'s id is ${imageDigests(source).id}, not ${image.id}`;
  }
  let at = Math.max(firstRepeat(images.map((image) => image.id)), firstRepeat(images.map((image) => image.source)));
  if (at >= 0) return `images.images[${at}]: image ${images[at]!.source} is listed twice`;
  at = firstRepeat(references.map((r) => r.reference));
  if (at >= 0) return `images.references[${at}]: '${references[at]!.reference}' is listed twice`;
  for (const [index, r] of references.entries()) {
    const read = readReference(r.reference);
    if (isProblem(read) || referenceText(read) !== r.reference) return `images.references[${index}]: '${r.reference}' is not a repository:tag reference`;
    if (!images.some((image) => image.id === r.image)) return `images.references[${index}].image: no image ${r.image} is listed`;
  }
  at = images.findIndex((image) => !references.some((r) => r.image === image.id));
  if (at >= 0) return `images.images[${at}]: no reference names image ${images[at]!.source}`;
  return undefined;
}
