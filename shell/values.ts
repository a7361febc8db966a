// Parsers for the value kinds commands take: durations (500ms, 10s, 5m, 1h, 2d; a bare number
// is seconds, as with sleep(1)), sizes (512, 4K, 10M, 2G; powers of 1024), CPU (cores or
// millicores, as Kubernetes writes them: 1.5, 500m) and whole numbers.
// Each returns the value or throws a KernelError(EINVAL) that says what was expected.

import { fail } from "../src/errors.js";
import { DURATION_MS_MAX } from "../src/limits.js";

export { formatDuration, formatSize } from "../src/units.js"; // kernel messages use them too

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Record<string, number> = { "": 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

export function parseDuration(text: string, what = "duration"): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text);
  if (match === null) fail("EINVAL", `bad ${what} '${text}'`, "use a number with a unit: 500ms, 10s, 5m, 1h, 2d");
  const ms = Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2] ?? "s"]!);
  if (ms > DURATION_MS_MAX) fail("EINVAL", `${what} '${text}' is longer than a year`);
  return ms;
}

export function parseSize(text: string, what = "size"): number {
  const match = /^(\d+(?:\.\d+)?)([BKMGT]?)(?:i?B)?$/i.exec(text);
  if (match === null) fail("EINVAL", `bad ${what} '${text}'`, "use bytes or a unit: 512, 4K, 10M, 2G");
  const bytes = Number(match[1]) * SIZE_UNITS[match[2]!.toUpperCase()]!;
  if (!Number.isSafeInteger(bytes)) fail("EINVAL", `${what} '${text}' is not a whole number of bytes`);
  return bytes;
}

export function parseCount(text: string, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text)) fail("EINVAL", `bad ${what} '${text}': expected a whole number`);
  const value = Number(text);
  if (value < min || value > max) fail("EINVAL", `${what} ${text} is out of range (${min}..${max})`);
  return value;
}

/** CPU as Kubernetes and docker --cpus write it, in millicores: "500m" -> 500, "1.5" -> 1500, "2" -> 2000. */
export function parseCpu(text: string, what = "cpu", max = Number.MAX_SAFE_INTEGER): number {
  const milli = /^(\d+)m$/.exec(text);
  const cores = /^\d+(?:\.\d{1,3})?$/.test(text) ? Math.round(Number(text) * 1000) : undefined;
  const millicores = milli !== null ? Number(milli[1]) : cores;
  if (millicores === undefined) fail("EINVAL", `bad ${what} '${text}'`, "use cores or millicores: 1.5, 2, 500m");
  if (millicores < 1 || millicores > max) fail("EINVAL", `${what} '${text}' is out of range (1m..${max}m)`);
  return millicores;
}
