// Sizes and durations as people read them, for the shell's output and kernel messages alike, in
// the units the shell's parsers read (sizes in powers of 1024).
// formatBytes is for messages: exact, the way people type sizes (2G, 64M, 4K, or a count of
// bytes when no unit divides it), so "over the 2G limit" means 2 GiB and can be typed back.
// formatSize is for tables, panes and reports: rounded, as ls -h shows. parseDuration and
// parseSize read what people type (the shell's options, a container's workload text).

import { fail } from "./errors.js";
import { DURATION_MS_MAX } from "./limits.js";

const UNITS = [
  ["T", 1024 ** 4],
  ["G", 1024 ** 3],
  ["M", 1024 ** 2],
  ["K", 1024],
] as const;

/** 2147483648 -> "2G", 3000 MiB -> "3000M", 1536 -> "1536 bytes", 1 -> "1 byte" (exact: no fractions). */
export function formatBytes(bytes: number): string {
  if (bytes > 0 && Number.isSafeInteger(bytes)) {
    for (const [unit, size] of UNITS) if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return bytes === 1 ? "1 byte" : `${bytes} bytes`;
}

/** An offset as it can be typed back: 939524096 -> "896M" when a unit divides it, else the number (0, 4097). */
export function formatOffset(offset: number): string {
  return offset > 0 && offset % 1024 === 0 ? formatBytes(offset) : String(offset);
}

/** Bytes as ls -h does: 512, 4.0K, 1.5M, 2.0G. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes}`;
  const units = ["K", "M", "G", "T"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)}${units[unit]}`;
}

/** Formats milliseconds the way durations are typed: 1h2m3s, 450ms. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join("");
}

/** "1 chunk", "2 chunks": counts in messages and reports. */
export const countOf = (n: number, noun: string, nouns = `${noun}s`) => `${n} ${n === 1 ? noun : nouns}`;

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
  const match = /^(\d+(?:\.\d+)?)(?:([KMGT])(?:i|B|iB)?|B)?$/i.exec(text); // 8G, 8GB, 8GiB, and Kubernetes' 8Gi: all 1024-based
  if (match === null) fail("EINVAL", `bad ${what} '${text}'`, "use bytes or a unit: 512, 4K, 10M, 2G");
  const bytes = Number(match[1]) * SIZE_UNITS[(match[2] ?? "").toUpperCase()]!;
  if (!Number.isSafeInteger(bytes)) fail("EINVAL", `${what} '${text}' is not a whole number of bytes`);
  return bytes;
}
