// What drawing a table costs: `vol list` of 16 volumes laid out by shell/display/table.ts (what
// kshell draws with) against the same rows drawn by a cli-table3 Table in a borderless,
// kubectl-like style, created once per table as a command would (issue 17 names cli-table3; this
// is the measure behind drawing without it). Both warmed first; CPU time; one JSON line.

import Table from "cli-table3";
import { drawTable } from "../shell/display/table.js";
import { cpuSeconds } from "./cpu-time.js";

const TABLES = 2000;
const ROUNDS = 5;
const HEAD = ["NAME", "STATE", "TYPE", "TIER", "SIZE", "USED", "PROV", "MAPPED", "SNAPS"];
const ROWS = Array.from({ length: 16 }, (_, i) => [`lv${i}`, "Available", i % 3 === 0 ? "distributed" : "block", "ssd", "64M", `${i * 4}K`, "thin", i % 3 === 0 ? "sdc1" : "-", String(i % 2)]);
const BORDERLESS = Object.fromEntries(["top", "top-mid", "top-left", "top-right", "bottom", "bottom-mid", "bottom-left", "bottom-right", "left", "left-mid", "mid", "mid-mid", "right", "right-mid"].map((part) => [part, ""]));

function drawn(): string {
  return drawTable(HEAD, ROWS).join("\n");
}

function byCliTable3(): string {
  const table = new Table({ head: HEAD, chars: { ...BORDERLESS, middle: "   " }, style: { head: [], border: [], "padding-left": 0, "padding-right": 0, compact: true } });
  table.push(...ROWS);
  return table.toString();
}

/** Microseconds per table over `TABLES` tables. */
function perTable(draw: () => string): number {
  let characters = 0;
  const seconds = cpuSeconds(() => {
    for (let i = 0; i < TABLES; i++) characters += draw().length;
  });
  if (characters === 0) throw new Error("nothing was drawn");
  return (seconds * 1e6) / TABLES;
}

perTable(drawn); // warm both, untimed
perTable(byCliTable3);
const rounds = Array.from({ length: ROUNDS }, () => ({ layout: perTable(drawn), cliTable3: perTable(byCliTable3) }));
process.stdout.write(`${JSON.stringify({ rows: ROWS.length, rounds })}\n`);
