// What the image commands print, laid out as Docker prints the same things: `docker pull`'s
// per-layer progress lines, `docker images`' table, `docker history` and the config of
// `docker inspect`, `docker rmi`'s Untagged/Deleted lines. Sizes in the house style (formatSize).

import { shortId as short, type ImageInfo, type LayerInfo, type PullResult, type RemovedImage } from "../../modules/containers/index.js";
import type { Display } from "../command.js";
import { formatSize } from "../values.js";
import { countOf } from "../../src/units.js";

const CREATED_BY_WIDTH = 45; // characters of a build step `docker history` shows before cutting it (--no-trunc shows all)

const date = (iso: string): string => iso.slice(0, 10);

/** `docker pull`: the tag pulled, a line per layer, the manifest digest and the outcome. */
export function pullLines(r: PullResult, tagGiven: boolean): string[] {
  const name = `${r.image.repository}:${r.image.tag}`;
  const path = r.image.repository.includes("/") ? r.image.repository : `library/${r.image.repository}`;
  return [
    ...(tagGiven ? [] : [`Using default tag: ${r.image.tag}`]),
    `${r.image.tag}: Pulling from ${path}`,
    ...r.layers.map((layer) => `${short(layer.digest)}: ${layer.shared ? "Already exists" : "Pull complete"}`),
    `Digest: ${r.image.digest}`,
    r.upToDate ? `Status: Image is up to date for ${name}` : `Status: Downloaded newer image for ${name}`,
    `docker.io/${path}:${r.image.tag}`,
  ];
}

/** `docker images`: one row per reference. */
export function imageRows(images: readonly ImageInfo[], d: Display): string[] {
  if (images.length === 0) return ["(no images: image pull nginx)"];
  return d.table(
    ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"],
    images.map((i) => [i.repository, i.tag, short(i.id), date(i.created), formatSize(i.sizeBytes)]),
  );
}

/** `docker history` (newest layer first) and the config a container starts from. */
export function imageShowLines(i: ImageInfo, history: readonly LayerInfo[], noTrunc: boolean, d: Display): string[] {
  const step = (text: string) => (noTrunc || text.length <= CREATED_BY_WIDTH ? text : `${text.slice(0, CREATED_BY_WIDTH - 1)}…`);
  return [
    `image:      ${i.repository}:${i.tag}`,
    `id:         ${i.id}`,
    `digest:     ${i.digest}`,
    `created:    ${i.created}`,
    `size:       ${formatSize(i.sizeBytes)} (${countOf(i.sizeBytes, "byte")}) in ${countOf(i.layers, "layer")}`,
    `cmd:        ${i.config.cmd}`,
    `ports:      ${i.config.ports.length === 0 ? "-" : i.config.ports.map((port) => `${port}/tcp`).join(", ")}`,
    `user:       ${i.config.user}`,
    `workdir:    ${i.config.workdir}`,
    `env:        ${i.config.env.join(" ")}`,
    `stopsignal: ${i.config.stopSignal}${i.config.stopsCleanly ? " (its server exits 0 on it)" : ""}`,
    "layers:",
    ...d.table(
      ["LAYER", "CREATED", "CREATED BY", "SIZE", "SHARED BY"],
      history.map((layer) => [short(layer.digest), date(layer.created), step(layer.createdBy), formatSize(layer.sizeBytes), layer.references === 1 ? "-" : `${layer.references} images`]),
    ),
  ];
}

/** `docker rmi`: what was untagged, then what was deleted. */
export function removeLines(r: RemovedImage): string[] {
  return [...r.untagged.map((name) => `Untagged: ${name}`), ...r.deleted.map((digest) => `Deleted: ${digest}`)];
}
