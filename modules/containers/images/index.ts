// The image store's public surface: the runtime holds one ImageStore (kernel.containers.images),
// the image commands call it, and the containers subsystem saves it with SAVED_IMAGES_SCHEMA.
export { CATALOGUE_IMAGES, CATALOGUE_LAYERS, catalogueReferences } from "./catalogue.js";
export { ImageStore, SHORT_ID_LENGTH, shortId } from "./image-store.js";
export { layerPieces } from "./layer-bytes.js";
export { namesTag } from "./reference.js";
export { imagesProblem, SAVED_IMAGES_SCHEMA } from "./saved-schema.js";
export type { ImageConfig, ImageInfo, LayerInfo, PullResult, RemovedImage, SavedImages } from "./types.js";
