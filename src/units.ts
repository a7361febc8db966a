// Sizes in messages, the way people type them: 2G, 64M, 4K, or a count of bytes when no unit
// divides it. Exact, never rounded (an error that says "over the 2G limit" must mean 2 GiB), and
// the same units the shell's size parser reads (powers of 1024), so what a message names can be
// typed back.

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
