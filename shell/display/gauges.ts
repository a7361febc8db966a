// Text gauges for live panes: a sparkline of recent values and a filled bar with a percentage.

const SPARK = "▁▂▃▄▅▆▇█";
const BAR_WIDTH = 20;

/** One block character per value, scaled to the largest. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(...values);
  return values.map((v) => (max === 0 || v === 0 ? " " : SPARK[Math.min(SPARK.length - 1, Math.floor((v / max) * (SPARK.length - 1)))]!)).join("").replace(/ /g, "·");
}

export function bar(fraction: number): string {
  const filled = Math.round(Math.min(1, fraction) * BAR_WIDTH);
  return `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${percentText(fraction)}`;
}

/** "43.7%": a share to a tenth, as the bar shows it. */
export function percentText(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
