// A layer's bytes, generated from its name, never held whole: a layer of 200 MB is read as pieces
// of LAYER_PIECE_BYTES. One piece of seeded noise (the kernel's sfc32 seeded with the name's
// FNV-1a hash, not the kernel's seed: a registry's digests do not change with --seed) is repeated,
// each copy stamped with its index so no two pieces are alike. The digest is SHA-256 over all of
// it, computed once per process and kept per catalogue layer (the catalogue bounds that memo).

import { createHash } from "node:crypto";
import { assert } from "../../../src/assert.js";
import { LAYER_PIECE_BYTES } from "../../../src/limits.js";
import { Rng } from "../../../src/rng.js";
import { CATALOGUE_LAYERS } from "./catalogue.js";

const digests: (string | undefined)[] = new Array(CATALOGUE_LAYERS.length).fill(undefined);

/** FNV-1a over the name's UTF-16 units: a 32-bit seed from text. */
function nameSeed(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/**
 * The bytes of catalogue layer `layer`, piece by piece, base to end. Each piece is a view of one
 * buffer the next piece overwrites: use (hash, copy, write) a piece before asking for the next.
 */
export function* layerPieces(layer: number): Generator<Uint8Array> {
  const spec = CATALOGUE_LAYERS[layer];
  assert(spec !== undefined, `catalogue layer ${layer} exists`);
  const noise = new Uint8Array(LAYER_PIECE_BYTES);
  const words = new Uint32Array(noise.buffer);
  const rng = new Rng(nameSeed(spec.name));
  for (let i = 0; i < words.length; i++) words[i] = rng.nextUint32();
  const piece = new Uint8Array(LAYER_PIECE_BYTES);
  const stamp = new DataView(piece.buffer);
  for (let offset = 0, index = 0; offset < spec.sizeBytes; offset += LAYER_PIECE_BYTES, index++) {
    piece.set(noise);
    stamp.setUint32(0, index, true);
    yield piece.subarray(0, Math.min(LAYER_PIECE_BYTES, spec.sizeBytes - offset));
  }
}

/** "sha256:<64 hex>" of catalogue layer `layer`'s bytes. */
export function layerDigest(layer: number): string {
  const known = digests[layer];
  if (known !== undefined) return known;
  const hash = createHash("sha256");
  for (const piece of layerPieces(layer)) hash.update(piece);
  const digest = `sha256:${hash.digest("hex")}`;
  digests[layer] = digest;
  return digest;
}
