// Chaos seeds and hostile input, for the long form. Each chaos seed runs `cluster chaos` twice on
// copies of the baseline: the two reports must be byte-identical and lose no acknowledged write.
// A run on a cluster with a draining node (with and without --unsafe) must end without an
// assertion or an internal error and leave no chaos volume or client behind. Hostile input lines
// are the fuzzer's (scripts/fuzz.mjs), run as a child with its own exit code.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { freshState } from "./baseline.js";
import { figure, firstLine, type Figure } from "./expectations.js";
import { onState, ROOT } from "./run.js";

const CHAOS_DURATION = "2m";

export async function chaosSeeds(seeds: number, firstSeed: number): Promise<Figure> {
  const result = figure("chaos seeds run twice", "reports byte-identical; no acknowledged write lost");
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    result.tries++;
    const line = `cluster chaos --duration ${CHAOS_DURATION} --seed ${seed}`;
    const [a, b] = [onState(await freshState(), [line]), onState(await freshState(), [line])];
    if (a.stdout !== b.stdout) result.failures.push(`seed ${seed}: the two reports differ`);
    if (a.status !== 0 || !/no acknowledged write was lost/.test(a.stdout)) result.failures.push(`seed ${seed}: exit ${a.status}: ${firstLine(a.stderr) || a.stdout.trim().split("\n").at(-1)}`);
  }
  return result;
}

export async function chaosWhileDraining(): Promise<Figure> {
  const result = figure("chaos with a draining node", "no assertion; nothing left behind");
  for (const unsafe of ["", " --unsafe"]) {
    result.tries++;
    const state = await freshState();
    const run = onState(state, ["cluster sds remove sds3", `cluster chaos --duration 1m --seed 1${unsafe} --max-failures 1`]);
    if (run.status === 70 || /assertion failed|internal error|internal check failed/.test(run.stderr)) result.failures.push(`chaos${unsafe}: ${firstLine(run.stderr)}`);
    const left = onState(state, ["vol list", "cluster sdc list"]).stdout;
    if (/chaos/.test(left)) result.failures.push(`chaos${unsafe}: left behind: ${left.split("\n").filter((l) => /chaos/.test(l)).join("; ")}`);
  }
  return result;
}

export function hostileInput(commands: number, seed: number): Figure {
  const result = figure("hostile input lines (fuzzer)", "0 internal errors, crashes or heap growth");
  result.tries = commands;
  const run = spawnSync(process.execPath, [join(ROOT, "scripts", "fuzz.mjs"), "--commands", String(commands), "--seed", String(seed)], { encoding: "utf8" });
  if (run.status !== 0) result.failures.push(`fuzzer exit ${run.status}: ${run.stdout.trim().split("\n").slice(-3).join(" / ")}`);
  return result;
}
