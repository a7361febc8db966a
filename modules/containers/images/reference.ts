// Image references as Docker reads them: `name[:tag]`, the name lowercase path components of
// letters and digits joined by '.', '_', '__' or dashes (`library/nginx`, `my-app`), the tag up to
// IMAGE_TAG_LENGTH_MAX of letters, digits, '_', '.', '-' (not starting with '.' or '-'); no tag
// means `latest`. Docker Hub's long forms name the same image: `docker.io/library/nginx`,
// `library/nginx` and `docker.io/nginx` are `nginx`. An image id or a prefix of it (4+ hex digits,
// `sha256:` optional) also names an image.

import { fail } from "../../../src/errors.js";
import { IMAGE_REFERENCE_LENGTH_MAX, IMAGE_TAG_LENGTH_MAX } from "../../../src/limits.js";

export interface Reference {
  readonly repository: string;
  readonly tag: string;
}

const DEFAULT_TAG = "latest";
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REPOSITORY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = new RegExp(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,${IMAGE_TAG_LENGTH_MAX - 1}}$`);
const HUB_PREFIX = /^(?:docker\.io\/library\/|docker\.io\/|library\/)/;
const ID_PREFIX = /^(?:sha256:)?([0-9a-f]{4,64})$/;

/** Why `text` is not a reference, as the error it fails with. */
export interface ReferenceProblem {
  readonly code: "EINVAL" | "ENAMETOOLONG";
  readonly message: string;
  readonly hint?: string;
}

/** `text` as repository and tag, or what is wrong with it. */
export function readReference(text: string): Reference | ReferenceProblem {
  const invalid = (why: string, hint: string): ReferenceProblem => ({ code: "EINVAL", message: `invalid image reference '${text}': ${why}`, hint });
  if (text.length > IMAGE_REFERENCE_LENGTH_MAX) {
    return { code: "ENAMETOOLONG", message: `image reference '${text.slice(0, 20)}…' is ${text.length} characters; the limit is ${IMAGE_REFERENCE_LENGTH_MAX}` };
  }
  const colon = text.lastIndexOf(":");
  const tagged = namesTag(text);
  const repository = (tagged ? text.slice(0, colon) : text).replace(HUB_PREFIX, "");
  const tag = tagged ? text.slice(colon + 1) : DEFAULT_TAG;
  if (text.includes("@")) return invalid("pulling by digest is not supported", "name an image as name[:tag], e.g. nginx:1.27");
  if (repository !== repository.toLowerCase()) return invalid("the repository name must be lowercase", `try ${text.toLowerCase()}`);
  if (!REPOSITORY.test(repository)) return invalid(`'${repository}' is not a repository name`, "lowercase letters and digits, joined by '.', '_', '-' or '/'");
  if (!TAG.test(tag)) return invalid(`'${tag}' is not a tag`, `letters, digits, '_', '.', '-', at most ${IMAGE_TAG_LENGTH_MAX}, not starting with '.' or '-'`);
  return { repository, tag };
}

/** Whether `text` spells a tag (a ':' after the last '/'; a registry's host:port is not one). */
export const namesTag = (text: string): boolean => text.lastIndexOf(":") > text.lastIndexOf("/");

export const isProblem = (read: Reference | ReferenceProblem): read is ReferenceProblem => "code" in read;

/** `text` as repository and tag; EINVAL or ENAMETOOLONG saying what is wrong with it. */
export function parseReference(text: string): Reference {
  const read = readReference(text);
  return isProblem(read) ? fail(read.code, read.message, read.hint) : read;
}

export const referenceText = (reference: Reference): string => `${reference.repository}:${reference.tag}`;

/** The hex digits of an id prefix `text` spells (`sha256:` dropped), or undefined when it is not one. */
export function idPrefix(text: string): string | undefined {
  return ID_PREFIX.exec(text)?.[1];
}
