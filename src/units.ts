// Sizes and durations as people read them, for the shell's output and for kernel messages alike
// ("over the 2.0G limit", "rebuilt 3.0M in 2s"): one formatter each, so both say the same.

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
