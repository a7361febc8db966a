// Labels (a node's, a pod's) and node selectors: Kubernetes' key=value pairs. Kept in the tables
// as one text, "k=v,k2=v2" with keys sorted, so a saved state holds them as a plain column and
// the same labels always read the same way.

import { fail } from "../../../src/errors.js";
import { NODE_LABELS_LENGTH_MAX } from "../../../src/limits.js";

/** Kubernetes' label key (optional prefix/name) and value syntax. */
const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

export type Labels = Readonly<Record<string, string>>;

/** The one text of `labels` (EINVAL for a key or value Kubernetes would refuse, or too long a whole). */
export function labelsText(labels: Labels, what: string): string {
  const keys = Object.keys(labels).sort();
  for (const key of keys) {
    if (!KEY.test(key) || key.length > 253) fail("EINVAL", `${what}: invalid label key "${key}"`, "a name of letters, digits, '-', '_' and '.', optionally prefixed by a DNS subdomain and '/'");
    if (!VALUE.test(labels[key]!) || labels[key]!.length > 63) fail("EINVAL", `${what}: invalid label value "${labels[key]}" for "${key}"`, "at most 63 letters, digits, '-', '_' and '.', beginning and ending with a letter or digit");
  }
  const text = keys.map((key) => `${key}=${labels[key]}`).join(",");
  if (text.length > NODE_LABELS_LENGTH_MAX) fail("EINVAL", `${what}: labels of ${text.length} characters: at most ${NODE_LABELS_LENGTH_MAX} (NODE_LABELS_LENGTH_MAX)`);
  return text;
}

export function parseLabelsText(text: string): Labels {
  if (text === "") return {};
  return Object.fromEntries(text.split(",").map((pair) => pair.split("=") as [string, string]));
}

/** Whether every key=value of `selector` is among `labels` (a nodeSelector matching a node). */
export function selects(selector: Labels, labels: Labels): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}
