// The image store: images pulled from the built-in catalogue (catalogue.ts), their layers held
// once each with a reference count, and the references (repository:tag) that name them — what
// `docker images`, `docker pull`, `docker tag`, `docker rmi` and `docker history` work on.
//
// Three fixed tables, allocated once:
//   references  IMAGE_COUNT_MAX slots: a name "repository:tag" (SlotTable) and the image slot it names.
//   images      IMAGE_COUNT_MAX slots: the catalogue image held (-1 free) and how many references name it.
//   layers      LAYER_COUNT_MAX slots: the catalogue layer held (-1 free) and how many images hold it.
// An image lives while a reference names it (kshell keeps no dangling <none> images); a layer lives
// while an image holds it. Bytes are never stored: a layer's are generated from the catalogue when
// read (layer-bytes.ts), so a held layer is its catalogue index and its count.
//
// Calls: pull(ref) -> resolve(ref) / list() / history(ref) / tag(src, dst) -> remove(ref, usedBy).
// A typical sequence: pull nginx (3 layers pulled), pull redis (the alpine base "Already exists"),
// tag nginx web:v1, remove nginx (untagged only: web:v1 remains), remove web:v1 (deleted, with
// the two layers no other image holds).

import { assert, present } from "../../../src/assert.js";
import { fail } from "../../../src/errors.js";
import { IMAGE_COUNT_MAX, LAYER_COUNT_MAX } from "../../../src/limits.js";
import { SlotTable } from "../../../src/table/slot-table.js";
import { CATALOGUE_IMAGES, CATALOGUE_LAYERS, catalogueIndex, catalogueRepositories, catalogueTags } from "./catalogue.js";
import { canonicalConfig, imageDigests } from "./image-digests.js";
import { layerDigest, verifyLayer } from "./layer-bytes.js";
import { idPrefix, isProblem, parseReference, readReference, referenceText, type Reference } from "./reference.js";
import type { ImageInfo, LayerInfo, PulledLayer, PullResult, RemovedImage, SavedImages } from "./types.js";

const FREE = -1;

export class ImageStore {
  private readonly names = new SlotTable("image reference", IMAGE_COUNT_MAX, "IMAGE_COUNT_MAX", () => {});
  private readonly referenceImage = new Uint8Array(IMAGE_COUNT_MAX);
  private readonly imageSource = new Int16Array(IMAGE_COUNT_MAX).fill(FREE);
  private readonly imageReferences = new Uint16Array(IMAGE_COUNT_MAX);
  private readonly layerSource = new Int16Array(LAYER_COUNT_MAX).fill(FREE);
  private readonly layerReferences = new Uint16Array(LAYER_COUNT_MAX);

  /** Fetches `reference` from the catalogue, storing only the layers not already held. */
  pull(reference: string): PullResult {
    const parsed = parseReference(reference);
    const source = catalogueSource(parsed);
    const name = referenceText(parsed);
    if (this.names.has(name)) {
      const slot = this.names.find(name);
      if (this.imageSource[this.referenceImage[slot]!] !== source) fail("EEXIST", `image reference '${name}' names another image, not the catalogue's ${name}`, `image rm ${name} first`);
      return { image: this.info(slot), layersPulled: 0, layersShared: 0, layers: [], upToDate: true };
    }
    this.checkRoom(source);
    const { image, layers } = this.holdImage(source, true);
    const slot = this.name(name, image);
    const shared = layers.filter((layer) => layer.shared).length;
    return { image: this.info(slot), layersPulled: layers.length - shared, layersShared: shared, layers, upToDate: false };
  }

  /** The image `reference` names: name, name:tag, or an id prefix of 4+ hex digits. ENOENT says how to pull it. */
  resolve(reference: string): ImageInfo {
    return this.info(this.referenceSlot(reference));
  }

  /** Every reference (or `repository`'s only), by repository then tag. */
  list(repository?: string): readonly ImageInfo[] {
    return this.sortedSlots().map((slot) => this.info(slot)).filter((image) => repository === undefined || image.repository === repository);
  }

  /** The layers of the image `reference` names, newest first, as `docker history` lists them. */
  history(reference: string): readonly LayerInfo[] {
    const image = this.referenceImage[this.referenceSlot(reference)]!;
    return CATALOGUE_IMAGES[this.imageSource[image]!]!.layers.map((layer) => this.layerInfo(layer, this.layerSource.indexOf(layer))).reverse();
  }

  /** The config JSON of the image `reference` names: the exact bytes its id is the SHA-256 of (`docker inspect`'s source). */
  configJson(reference: string): string {
    return canonicalConfig(this.imageSource[this.referenceImage[this.referenceSlot(reference)]!]!);
  }

  /** Every layer held, in table order, with how many images hold it. */
  layers(): readonly LayerInfo[] {
    const held: LayerInfo[] = [];
    for (let slot = 0; slot < LAYER_COUNT_MAX; slot++) {
      const layer = this.layerSource[slot]!;
      if (layer !== FREE) held.push(this.layerInfo(layer, slot));
    }
    return held;
  }

  /** Images held (each named by one reference or more). */
  imageCount(): number {
    return this.imageSource.filter((source) => source !== FREE).length;
  }

  /** Names the image `source` names as `target` too (no tag: latest). A target naming another image is refused. */
  tag(source: string, target: string): ImageInfo {
    const image = this.referenceImage[this.referenceSlot(source)]!;
    const name = referenceText(parseReference(target));
    if (this.names.has(name)) {
      const slot = this.names.find(name);
      if (this.referenceImage[slot] !== image) fail("EEXIST", `image reference '${name}' already names another image`, `image rm ${name} first`);
      return this.info(slot);
    }
    this.checkReferenceRoom();
    return this.info(this.name(name, image));
  }

  /**
   * Untags `reference`; when no other reference names its image, deletes the image and the layers
   * no other image holds. An id names every reference of its image: more than one needs `force`.
   * Deleting an image a container uses (usedBy returns its name) is refused with EBUSY.
   */
  remove(reference: string, usedBy: (imageId: string) => string | undefined, options: { readonly force?: boolean } = {}): RemovedImage {
    const slot = this.referenceSlot(reference);
    const info = this.info(slot);
    const image = this.referenceImage[slot]!;
    const named = referenceOrNone(reference);
    const byId = named === undefined || !this.names.has(referenceText(named));
    const slots = byId ? this.sortedSlots().filter((s) => this.referenceImage[s] === image) : [slot];
    if (byId && slots.length > 1 && options.force !== true) {
      fail("EBUSY", `image ${shortId(info.id)} is named by ${slots.length} references (${slots.map((s) => this.names.nameOf(s)).join(", ")})`, "remove them by name, or --force to untag them all");
    }
    const deleting = slots.length === this.imageReferences[image];
    const user = deleting ? usedBy(info.id) : undefined;
    if (user !== undefined) fail("EBUSY", `image ${info.repository}:${info.tag} (${shortId(info.id)}) is used by container '${user}'`, `ctr rm ${user} first`);
    const untagged = slots.map((s) => this.names.nameOf(s));
    for (const s of slots) this.unname(s);
    assert(deleting === (this.imageReferences[image] === 0), "an image is deleted exactly when its last reference goes");
    return { ...info, untagged, deleted: deleting ? [info.id, ...this.deleteImage(image)] : [] };
  }

  /**
   * How a container created as `created` names image `imageId` now: that reference while it still
   * names the image, else another reference of it, else its short id (as docker ps shows an image
   * whose tag was removed or moved).
   */
  nameFor(imageId: string, created: string): string {
    const image = (slot: number) => imageDigests(this.imageSource[this.referenceImage[slot]!]!).id;
    if (this.names.has(created) && image(this.names.find(created)) === imageId) return created;
    const other = this.sortedSlots().find((slot) => image(slot) === imageId);
    return other === undefined ? shortId(imageId) : this.names.nameOf(other);
  }

  /** Every reference as "repository:tag", sorted: what completion offers. */
  references(): readonly string[] {
    return this.sortedSlots().map((slot) => this.names.nameOf(slot));
  }

  toJSON(): SavedImages {
    const slots = this.sortedSlots();
    const held = [...new Set(slots.map((slot) => this.referenceImage[slot]!))];
    return {
      images: held.map((image) => ({ id: imageDigests(this.imageSource[image]!).id, source: sourceName(this.imageSource[image]!) })),
      references: slots.map((slot) => ({ reference: this.names.nameOf(slot), image: imageDigests(this.imageSource[this.referenceImage[slot]!]!).id })),
    };
  }

  /** Replaces the store's contents with `saved` (checked by SAVED_IMAGES_SCHEMA and imagesProblem first). */
  restore(saved: SavedImages): void {
    for (const slot of this.names.slots()) {
      const image = this.referenceImage[slot]!;
      this.unname(slot);
      if (this.imageReferences[image] === 0) this.deleteImage(image);
    }
    assert(this.imageSource.every((source) => source === FREE) && this.layerSource.every((source) => source === FREE), "an emptied store holds no image or layer");
    for (const { reference, image: id } of saved.references) {
      const source = catalogueSource(parseReference(present(saved.images.find((image) => image.id === id), `saved image ${id}`).source));
      this.name(reference, this.holdImage(source, false).image);
    }
  }

  private info(slot: number): ImageInfo {
    const [repository, tag] = splitName(this.names.nameOf(slot));
    const source = this.imageSource[this.referenceImage[slot]!]!;
    assert(source !== FREE, `image reference ${slot} names a held image`);
    const { layers, config, created } = CATALOGUE_IMAGES[source]!;
    const { id, manifest } = imageDigests(source);
    const sizeBytes = layers.reduce((sum, layer) => sum + CATALOGUE_LAYERS[layer]!.sizeBytes, 0);
    return { id, repository, tag, sizeBytes, layers: layers.length, config, created, digest: manifest };
  }

  private layerInfo(layer: number, slot: number): LayerInfo {
    assert(this.layerSource[slot] === layer, `layer ${layer} is held in slot ${slot}`);
    const { sizeBytes, createdBy, created } = CATALOGUE_LAYERS[layer]!;
    return { digest: layerDigest(layer), sizeBytes, createdBy, created, references: this.layerReferences[slot]! };
  }

  private referenceSlot(reference: string): number {
    const parsed = referenceOrNone(reference);
    if (parsed !== undefined && this.names.has(referenceText(parsed))) return this.names.find(referenceText(parsed));
    const prefix = idPrefix(reference);
    if (prefix !== undefined) {
      const matches = this.sortedSlots().filter((slot) => imageDigests(this.imageSource[this.referenceImage[slot]!]!).id.startsWith(`sha256:${prefix}`));
      const images = new Set(matches.map((slot) => this.referenceImage[slot]));
      if (images.size > 1) fail("EINVAL", `image id prefix '${reference}' names ${images.size} images`, "give more of the id");
      if (matches.length > 0) return matches[0]!;
    }
    if (parsed === undefined) parseReference(reference); // throws what is wrong with it
    const pullable = parsed !== undefined && catalogueIndex(parsed.repository, parsed.tag) >= 0; // an id or a local tag cannot be pulled
    return fail("ENOENT", `no image '${reference}' in the store`, pullable ? `image pull ${reference}` : "image list shows the references and ids the store holds");
  }

  private sortedSlots(): number[] {
    return this.names.slots().sort((a, b) => compareNames(this.names.nameOf(a), this.names.nameOf(b)));
  }

  /** Fails before anything changes when pulling catalogue image `source` would not fit. */
  private checkRoom(source: number): void {
    this.checkReferenceRoom();
    if (this.imageSource.includes(source)) return;
    const missing = CATALOGUE_IMAGES[source]!.layers.filter((layer) => !this.layerSource.includes(layer)).length;
    const free = this.layerSource.filter((held) => held === FREE).length;
    if (missing > free) fail("ENOSPC", `layer table full: ${LAYER_COUNT_MAX - free} of ${LAYER_COUNT_MAX} in use, ${missing} more needed (LAYER_COUNT_MAX)`, "image rm an image first");
  }

  private checkReferenceRoom(): void {
    if (this.names.count() === IMAGE_COUNT_MAX) fail("ENOSPC", `image table full: ${IMAGE_COUNT_MAX} of ${IMAGE_COUNT_MAX} references in use (IMAGE_COUNT_MAX)`, "image rm an image or a tag first");
  }

  private name(name: string, image: number): number {
    const slot = this.names.allocate(name);
    this.referenceImage[slot] = image;
    this.imageReferences[image]!++;
    return slot;
  }

  private unname(slot: number): void {
    const image = this.referenceImage[slot]!;
    assert(this.imageReferences[image]! > 0, `image ${image} is named before it is untagged`);
    this.names.free(slot);
    this.referenceImage[slot] = 0;
    this.imageReferences[image]!--;
  }

  /** Frees image slot `image` and releases its layers; returns the digests of the layers freed with it. */
  private deleteImage(image: number): string[] {
    const source = this.imageSource[image]!;
    assert(source !== FREE && this.imageReferences[image] === 0, `image ${image} is held and named by nothing before it is deleted`);
    this.imageSource[image] = FREE;
    return CATALOGUE_IMAGES[source]!.layers.flatMap((layer) => (this.releaseLayer(layer) ? [layerDigest(layer)] : []));
  }

  /** The image slot holding catalogue image `source`, taken (with a hold on each of its layers) when none does; its layers as a pull meets them. */
  private holdImage(source: number, pulling: boolean): { image: number; layers: PulledLayer[] } {
    const layers = CATALOGUE_IMAGES[source]!.layers;
    const held = this.imageSource.indexOf(source);
    if (held !== FREE) return { image: held, layers: layers.map((layer) => ({ digest: layerDigest(layer), sizeBytes: CATALOGUE_LAYERS[layer]!.sizeBytes, shared: true })) };
    const image = this.imageSource.indexOf(FREE);
    assert(image !== FREE, "checkRoom left a free image slot");
    this.imageSource[image] = source;
    return { image, layers: layers.map((layer) => this.holdLayer(layer, pulling)) };
  }

  /** Takes one more hold on catalogue layer `layer`, storing it when no image held it (a pull checks its bytes first). */
  private holdLayer(layer: number, pulling: boolean): PulledLayer {
    const held = { digest: layerDigest(layer), sizeBytes: CATALOGUE_LAYERS[layer]!.sizeBytes };
    let slot = this.layerSource.indexOf(layer);
    const shared = slot !== FREE;
    if (!shared) {
      if (pulling) verifyLayer(layer);
      slot = this.layerSource.indexOf(FREE);
      assert(slot !== FREE, "checkRoom left a free layer slot");
      this.layerSource[slot] = layer;
    }
    this.layerReferences[slot]!++;
    return { ...held, shared };
  }

  /** Drops one image's hold on `layer`; true when it was the last and the layer is gone. */
  private releaseLayer(layer: number): boolean {
    const slot = this.layerSource.indexOf(layer);
    assert(slot !== FREE && this.layerReferences[slot]! > 0, `layer ${layer} is held before it is released`);
    if (--this.layerReferences[slot]! > 0) return false;
    this.layerSource[slot] = FREE;
    return true;
  }
}

/** The catalogue image `reference` names; ENOENT listing what the catalogue has. */
function catalogueSource(reference: Reference): number {
  const source = catalogueIndex(reference.repository, reference.tag);
  if (source >= 0) return source;
  if (CATALOGUE_IMAGES.some((image) => image.repository === reference.repository)) {
    fail("ENOENT", `no tag '${reference.tag}' of ${reference.repository} in the catalogue (it has ${catalogueTags(reference.repository)})`);
  }
  return fail("ENOENT", `no repository '${reference.repository}' in the catalogue (it has ${catalogueRepositories()})`);
}

const sourceName = (source: number): string => `${CATALOGUE_IMAGES[source]!.repository}:${CATALOGUE_IMAGES[source]!.tags[0]!}`;

/** How many hex digits of an id Docker shows (docker ps, docker images). */
export const SHORT_ID_LENGTH = 12;

/** The 12 hex digits Docker shows of an id or digest ("sha256:" dropped). */
export const shortId = (id: string): string => id.slice("sha256:".length, "sha256:".length + SHORT_ID_LENGTH);

function splitName(name: string): [string, string] {
  const colon = name.lastIndexOf(":");
  return [name.slice(0, colon), name.slice(colon + 1)];
}

function compareNames(a: string, b: string): number {
  const [ra, ta] = splitName(a);
  const [rb, tb] = splitName(b);
  return ra < rb ? -1 : ra > rb ? 1 : ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** `text` as a reference, or undefined when it is not one (it may still be an id prefix). */
function referenceOrNone(text: string): Reference | undefined {
  const read = readReference(text);
  return isProblem(read) ? undefined : read;
}
