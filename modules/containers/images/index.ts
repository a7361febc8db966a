// The image store's public surface: the runtime holds one ImageStore (kernel.containers.images),
// the image commands call it, and the containers subsystem saves it with SAVED_IMAGES_SCHEMA.
export { CATALOGUE_IMAGES } from "./catalogue.js";
export { ImageStore, shortId } from "./image-store.js";
export { layerDigest, layerPieces, verifyLayer } from "./layer-bytes.js";
export { DEFAULT_TAG, parseReference } from "./reference.js";
export { imagesProblem, SAVED_IMAGES_SCHEMA } from "./saved-schema.js";
export type { ImageConfig, ImageInfo, LayerInfo, PulledLayer, PullResult, RemovedImage, SavedImages } from "./types.js";
