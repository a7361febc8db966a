// Sizes and durations as people read them, for the shell's output and kernel messages alike, in
// the units the shell's parsers read (sizes in powers of 1024).
// formatBytes is for messages: exact, the way people type sizes (2G, 64M, 4K, or a count of
// bytes when no unit divides it), so "over the 2G limit" means 2 GiB and can be typed back.
// formatSize is for tables, panes and reports: rounded, as ls -h shows. Durations have one
// formatter for people (formatDuration: 350 ms, 11.6 s, 4m 07s, 1h 02m) and two kept for readers
// of other tools: kubectl's AGE columns (formatAge: 5m, 2d3h) and kubelet's event messages
// (formatGoDuration: back-off 1m20s). parseDuration and parseSize read what people type (the
// shell's options, a container's workload text).

import { assert } from "./assert.js";
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

/** A size on its own in prose, with a unit below 1K too: "1 byte", "512 bytes", "4.0K". */
export function formatSizeAlone(bytes: number): string {
  return bytes >= 1024 ? formatSize(bytes) : bytes === 1 ? "1 byte" : `${bytes} bytes`;
}

/** Bytes a second: "0.1 B/s", "512 B/s", "4.0K/s". */
export function formatRate(bytesPerSecond: number): string {
  return bytesPerSecond >= 1024 ? `${formatSize(bytesPerSecond)}/s` : `${tenthsText(Math.round(bytesPerSecond * 10))} B/s`;
}

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
/** "4m 07s", or "5m" when the smaller unit is zero. */
const twoUnits = (big: number, bigUnit: string, small: number, smallUnit: string) => (small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit} ${String(small).padStart(2, "0")}${smallUnit}`);
const tenthsText = (tenths: number) => (tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1));

/**
 * A duration for people: "2.5 ms", "350 ms", "11.6 s", "4m 07s", "5m", "1h 02m", "2d 03h". Rounded
 * once per unit, and the unit is picked after rounding, so 59.96 s reads "1m", never "60.0 s".
 */
export function formatDuration(ms: number): string {
  assert(Number.isFinite(ms), `a duration is a finite number of ms (${ms})`);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (Math.round(ms * 10) < 100) return `${tenthsText(Math.round(ms * 10))} ms`;
  if (Math.round(ms) < SECOND_MS) return `${Math.round(ms)} ms`;
  if (Math.round(ms / 100) < 600) return `${tenthsText(Math.round(ms / 100))} s`;
  const seconds = Math.round(ms / SECOND_MS);
  if (seconds < 3600) return twoUnits(Math.floor(seconds / 60), "m", seconds % 60, "s");
  const minutes = Math.round(ms / MINUTE_MS);
  if (minutes < 1440) return twoUnits(Math.floor(minutes / 60), "h", minutes % 60, "m");
  const hours = Math.round(ms / HOUR_MS);
  return twoUnits(Math.floor(hours / 24), "d", hours % 24, "h");
}

/** A time counted in whole seconds (an age that ticks once a second, a chaos offset): "0 s", "7 s", "4m 07s". */
export function formatWholeSeconds(ms: number): string {
  const seconds = Math.floor(ms / SECOND_MS);
  return seconds === 0 ? "0 s" : formatDuration(seconds * SECOND_MS);
}

/** kubectl's AGE (apimachinery duration.HumanDuration), for the columns kubectl users read: 45s, 3m12s, 15m, 5h3m, 30h, 3d4h, 20d, 2y. */
export function formatAge(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / SECOND_MS);
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(seconds / 3600);
  const days = Math.floor(hours / 24);
  if (seconds < 120) return `${seconds}s`;
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 192) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (days < 730) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

/** Go's time.Duration text, as kubelet writes it in event messages: "500ms", "20s", "1m20s", "5m0s", "1h0m0s". */
export function formatGoDuration(ms: number): string {
  const whole = Math.round(ms);
  if (whole < SECOND_MS) return `${whole}ms`;
  const seconds = `${(whole % MINUTE_MS) / SECOND_MS}s`; // exact: a whole number of ms has at most 3 decimals
  if (whole < MINUTE_MS) return seconds;
  const minutes = `${Math.floor(whole / MINUTE_MS) % 60}m`;
  return whole < HOUR_MS ? `${minutes}${seconds}` : `${Math.floor(whole / HOUR_MS)}h${minutes}${seconds}`;
}

/** "1 chunk", "2 chunks": counts in messages and reports. */
export const countOf = (n: number, noun: string, nouns = `${noun}s`) => `${n} ${n === 1 ? noun : nouns}`;

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_BARE = /^\d+(?:\.\d+)?$/; // seconds, as sleep(1) reads a bare number
const DURATION_PARTS = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/; // "ms" before "m": 5ms is five milliseconds, not 5m and an s
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)?/g;
const SIZE_UNITS: Record<string, number> = { "": 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** "500ms", "10s", "5m", a bare "30" (seconds), or several parts as Go's time.ParseDuration reads them: "2m20s", "1h02m", "1h2m3.5s". */
export function parseDuration(text: string, what = "duration"): number {
  if (!DURATION_BARE.test(text) && !DURATION_PARTS.test(text)) {
    fail("EINVAL", `bad ${what} '${text}'`, "use a number with a unit: 500ms, 10s, 5m, 1h, 2d, or several: 2m20s, 1h02m");
  }
  let exactMs = 0;
  for (const part of text.matchAll(DURATION_PART)) exactMs += Number(part[1]) * DURATION_UNITS_MS[part[2] || "s"]!;
  const ms = Math.round(exactMs); // rounded once, after the parts are added
  if (!(ms <= DURATION_MS_MAX)) fail("EINVAL", `${what} '${text}' is longer than a year`);
  return ms;
}

export function parseSize(text: string, what = "size"): number {
  const match = /^(\d+(?:\.\d+)?)(?:([KMGT])(?:i|B|iB)?|B)?$/i.exec(text); // 8G, 8GB, 8GiB, and Kubernetes' 8Gi: all 1024-based
  if (match === null) fail("EINVAL", `bad ${what} '${text}'`, "use bytes or a unit: 512, 4K, 10M, 2G");
  const bytes = Number(match[1]) * SIZE_UNITS[(match[2] ?? "").toUpperCase()]!;
  if (!Number.isSafeInteger(bytes)) fail("EINVAL", `${what} '${text}' is not a whole number of bytes`);
  return bytes;
}
