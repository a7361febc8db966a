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
  return printableJson(JSON.stringify(value, (_key, field: unknown) => (typeof field === "number" ? jsonNumber(field) : field), indent));
}

const RAW_IN_JSON = /[\x7f-\x9f]/g; // DEL and C1: JSON.stringify escapes C0 only, and a terminal obeys U+009B as it does ESC [

/** JSON text with DEL and the C1 controls escaped (\u009b): the same value, safe on a terminal (they occur only inside strings). */
function printableJson(text: string): string {
  return text.replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
