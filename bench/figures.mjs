// How every figure of `npm run bench` is summarised and printed: the median over runs with its
// spread (min-max), a goal met when the median meets it. One row per goal, in one table.

/** The finite values, in order (a run that measured nothing is NaN, and left out). */
export const sorted = (values) => values.filter(Number.isFinite).sort((a, b) => a - b);
export const median = (values) => {
  const order = sorted(values);
  return order.length === 0 ? NaN : order[Math.floor(order.length / 2)];
};

/** "min-max" of `values`, each shown with `show`. */
export function spread(values, show) {
  const order = sorted(values);
  return `${show(order[0])}-${show(order.at(-1))}`;
}

export const fixed = (digits) => (value) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
export const whole = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en") : "-");

const rows = [];

/**
 * One goal's row: `values` per run (ratios, ms, ...), the goal as text and as a test on the median.
 * Printed at once and kept for the closing table.
 */
export function goal(name, values, { unit = "x", show = fixed(2), goalText, met }) {
  const value = median(values);
  const counted = sorted(values).length;
  const runs = counted === values.length ? `${counted}` : `${counted} (${values.length - counted} measured nothing)`;
  const row = { name, median: show(value), spread: `${spread(values, show)} over ${runs}`, unit, goalText, met: Number.isFinite(value) && met(value) };
  rows.push(row);
  printRow(row);
  return value;
}

/** A goal that could not be measured (the reason is shown instead of a figure). */
export function failedGoal(name, goalText, reason) {
  const row = { name, median: "-", spread: reason, unit: "", goalText, met: undefined };
  rows.push(row);
  printRow(row);
}

function printRow(row) {
  const verdict = row.met === undefined ? "FAILED" : row.met ? "met" : "NOT MET";
  console.log(`${row.name.padEnd(58)} ${row.median.padStart(9)} ${row.unit.padEnd(7)} ${row.goalText.padEnd(9)} ${verdict.padEnd(8)} (${row.spread})`);
}

/** Every goal so far, again, as the closing table. */
export function printTable(title) {
  console.log(`\n${title}`);
  console.log(`${"goal".padEnd(58)} ${"median".padStart(9)} ${"unit".padEnd(7)} ${"target".padEnd(9)} ${"verdict".padEnd(8)} (min-max over runs)`);
  for (const row of rows) printRow(row);
}

export function note(text) {
  console.log(`  ${text}`);
}

export function section(title) {
  console.log(`\n== ${title}`);
}
