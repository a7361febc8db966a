// What `--json` prints: a command's result as data for scripts (jq, Python), two-space indented.
// Numbers stay numbers, and a fraction is rounded to JSON_DECIMALS places: the simulated clock
// moves in float steps, so a time read 1000.1000095367432 ms is 1000.1 ms (a microsecond is the
// finest the kernel means). NaN and Infinity become null, as JSON.stringify makes them anyway.

const JSON_DECIMALS = 3;
const SCALE = 10 ** JSON_DECIMALS;

/** A number as --json carries it: integers as they are, fractions rounded, non-finite as null. */
export function jsonNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  if (Number.isInteger(value)) return value;
  const rounded = Math.round(value * SCALE) / SCALE;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** `value` as JSON text, every number through jsonNumber (after any toJSON, as JSON.stringify calls it). */
export function jsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, (_key, field: unknown) => (typeof field === "number" ? jsonNumber(field) : field), indent);
}
