// Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity), as a manifest writes
// them: a decimal number and a suffix, binary (Ki Mi Gi Ti Pi Ei), decimal (n u m, k M G T P E)
// or an exponent (e3, E6). "64Mi" is 64 * 2^20 bytes, "64M" 64 * 10^6; cpu "500m" is half a core,
// "1.5" one and a half. Kubernetes rounds a value up to its smallest unit (1 byte, 1 millicore),
// so do we: the arithmetic is exact (bigint), "0.1" cpu is 100m and never 101m.

const QUANTITY_PATTERN = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d{1,2})?$/;

const BINARY_SHIFT: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** A quantity as an exact fraction: numerator / denominator, sign apart. */
interface Exact {
  readonly negative: boolean;
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** The exact value of a quantity's text, or undefined when it is not one. */
function exactOf(text: string): Exact | undefined {
  const match = QUANTITY_PATTERN.exec(text);
  if (match === null) return undefined;
  const [, sign, number, suffix = ""] = match as unknown as [string, string, string, string | undefined];
  const [whole = "", fraction = ""] = number.split(".");
  let numerator = BigInt(`${whole}${fraction}` || "0");
  let denominator = 10n ** BigInt(fraction.length);
  const shift = BINARY_SHIFT[suffix];
  const exponent = shift === undefined ? (/^[eE]/.test(suffix) ? Number(suffix.slice(1)) : DECIMAL_EXPONENT[suffix]!) : 0;
  if (shift !== undefined) numerator *= 2n ** BigInt(shift);
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);
  return { negative: sign === "-" && numerator > 0n, numerator, denominator };
}

/** Why a quantity cannot be read in `unit`s (1 for bytes, 1000 for millicores), or its value rounded up. */
export function quantityIn(value: string | number, unit: number, max: number): number | { readonly problem: string } {
  const text = typeof value === "number" ? numberText(value) : value.trim();
  const exact = exactOf(text);
  if (exact === undefined) return { problem: `invalid quantity "${text}"` };
  if (exact.negative) return { problem: `Invalid value: "${text}": must be greater than or equal to 0` };
  const scaled = exact.numerator * BigInt(unit);
  const rounded = (scaled + exact.denominator - 1n) / exact.denominator; // up, as Kubernetes does
  if (rounded > BigInt(max)) return { problem: `Invalid value: "${text}": must be at most ${quantityText(max, unit)}` };
  return Number(rounded);
}

/** A number YAML read (memory: 67108864, cpu: 0.5) as the text a quantity would be. */
function numberText(value: number): string {
  return Number.isFinite(value) ? String(value).replace(/e\+?/, "e") : String(value);
}

/** Bytes as a manifest writes them: the shortest of the units that divide them ("64Mi", "64M"), else bytes. */
export function memoryText(bytes: number): string {
  const units: [string, number][] = [...Object.entries(BINARY_SHIFT).map(([suffix, shift]): [string, number] => [suffix, 2 ** shift]), ["k", 1e3], ["M", 1e6], ["G", 1e9], ["T", 1e12]];
  const texts = units.filter(([, size]) => bytes >= size && bytes % size === 0).map(([suffix, size]) => `${bytes / size}${suffix}`);
  return texts.reduce((shortest, text) => (text.length < shortest.length ? text : shortest), String(bytes));
}

/** Millicores as a manifest writes them: whole cores ("2"), else millicores ("1500m"). */
export function cpuText(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

function quantityText(value: number, unit: number): string {
  return unit === 1 ? memoryText(value) : cpuText(value);
}
