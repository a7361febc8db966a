// Parsers for the value kinds commands take: durations (500ms, 10s, 5m, 1h, 2d; a bare number
// is seconds, as with sleep(1)), sizes (512, 4K, 10M, 2G; powers of 1024) and whole numbers.
// Each returns the value or throws a KernelError(EINVAL) that says what was expected.

import { fail } from "../src/errors.js";

export { formatDuration, formatRate, formatSize, formatSizeAlone, formatWholeSeconds, parseDuration, parseSize } from "../src/units.js"; // kernel messages and workloads (modules/containers) use them too

export function parseCount(text: string, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text)) fail("EINVAL", `bad ${what} '${text}': expected a whole number`);
  const value = Number(text);
  if (value < min || value > max) fail("EINVAL", `${what} ${text} is out of range (${min}..${max})`);
  return value;
}
