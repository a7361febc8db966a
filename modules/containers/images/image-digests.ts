// An image's id and its manifest's digest, as Docker computes them: the id is the SHA-256 of the
// image's config (its runtime settings, its build history and rootfs.diff_ids, the digests of its
// layers' bytes), written canonically; the digest `image pull` prints is the SHA-256 of the
// manifest naming that config and the layers with their sizes. Both are kept per catalogue image.

import { createHash } from "node:crypto";
import { CATALOGUE_IMAGES, CATALOGUE_LAYERS } from "./catalogue.js";
import { layerDigest } from "./layer-bytes.js";

interface Digests {
  readonly id: string;
  readonly manifest: string;
}

const memo: (Digests | undefined)[] = new Array(CATALOGUE_IMAGES.length).fill(undefined);

const sha256 = (text: string): string => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** The config JSON, keys in a fixed order (JSON.stringify keeps insertion order): the bytes the id is the digest of. */
export function canonicalConfig(image: number): string {
  const { config, created, layers } = CATALOGUE_IMAGES[image]!;
  return JSON.stringify({
    architecture: "amd64",
    config: {
      Cmd: config.cmd.split(" "),
      Env: config.env,
      ExposedPorts: Object.fromEntries(config.ports.map((port) => [`${port}/tcp`, {}])),
      User: String(config.user),
      WorkingDir: config.workdir,
    },
    created,
    history: layers.map((layer) => ({ created: CATALOGUE_LAYERS[layer]!.created, created_by: CATALOGUE_LAYERS[layer]!.createdBy })),
    os: "linux",
    rootfs: { type: "layers", diff_ids: layers.map(layerDigest) },
  });
}

/** Catalogue image `image`'s id and manifest digest (the first call hashes its layers' bytes). */
export function imageDigests(image: number): Digests {
  const known = memo[image];
  if (known !== undefined) return known;
  const config = canonicalConfig(image);
  const id = sha256(config);
  const manifest = sha256(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: id, size: Buffer.byteLength(config) },
      layers: CATALOGUE_IMAGES[image]!.layers.map((layer) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: layerDigest(layer), size: CATALOGUE_LAYERS[layer]!.sizeBytes })),
    }),
  );
  const digests = { id, manifest };
  memo[image] = digests;
  return digests;
}
