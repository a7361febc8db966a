// A layer's bytes, generated from its name, never held whole: a layer of 200 MB is read as pieces
// of LAYER_PIECE_BYTES. One piece of seeded noise (the kernel's sfc32 seeded with the name's
// FNV-1a hash, not the kernel's seed: a registry's digests do not change with --seed) is repeated,
// each copy stamped with its index so no two pieces are alike. The catalogue carries each layer's
// digest, as a manifest does; `verifyLayer` hashes the bytes with SHA-256 and checks them against
// it, as `docker pull` verifies what it downloads, once per process per layer.

import { createHash } from "node:crypto";
import { assert } from "../../../src/assert.js";
import { LAYER_PIECE_BYTES } from "../../../src/limits.js";
import { Rng } from "../../../src/rng.js";
import { CATALOGUE_LAYERS } from "./catalogue.js";

const verified = new Uint8Array(CATALOGUE_LAYERS.length); // 1: this process has checked the layer's bytes

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

/** "sha256:<64 hex>" of catalogue layer `layer`'s bytes, as the catalogue names it. */
export function layerDigest(layer: number): string {
  const spec = CATALOGUE_LAYERS[layer];
  assert(spec !== undefined, `catalogue layer ${layer} exists`);
  return spec.digest;
}

/** Hashes catalogue layer `layer`'s bytes (the first time in this process) and asserts they are what its digest says. */
export function verifyLayer(layer: number): void {
  if (verified[layer] === 1) return;
  const hash = createHash("sha256");
  for (const piece of layerPieces(layer)) hash.update(piece);
  const digest = `sha256:${hash.digest("hex")}`;
  assert(digest === layerDigest(layer), `catalogue layer ${CATALOGUE_LAYERS[layer]!.name}'s bytes hash to ${digest}, as its digest says`);
  verified[layer] = 1;
}
