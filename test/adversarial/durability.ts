// Crashes and races at the wrong moment, on copies of the baseline. The goal (issue #10): 0 lost,
// 0 doubled, 0 unloadable.
//   lock races:   a `lock` naming a dead pid, then several kshells at once, each adding its own
//                 user; every user a kshell acknowledged is there afterwards, the stale lock
//                 blocks no one, and one naming a live process that is not kshell blocks no one
//   kill -9:      a script of writes killed at a random moment; every acknowledged write reads back
//   compaction:   a crash between the new snapshot and the journal's truncation (rebuilt by copying
//                 the old journal back after a run): nothing applied twice, the clock not doubled
//   failed replay: failed host-file commands, kill -9, replay: none of them audited as a success

import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freshState } from "./baseline.js";
import { figure, lockReleased, type Figure } from "./expectations.js";
import { deadPid, killedDuring, kshellAsync, lockPath, onState, type Run } from "./run.js";

const RACERS = 3; // kshells started at once on one state directory
const WRITES = 200; // per kill -9 trial, each at its own 4 KiB offset of the 1 MiB volume d
const KILL_AFTER_MS = [0, 150] as const; // the kill comes this long after the first acknowledged write
const HOUR_MS = 3_600_000;

/** A small seeded generator for kill times and data, so a failing trial can be rerun. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A stale lock as a crashed kshell leaves it, an hour old. */
function staleLock(state: string, pid: number): void {
  writeFileSync(lockPath(state), `${pid}\n`, { mode: 0o600 });
  const hourAgo = new Date(Date.now() - HOUR_MS);
  utimesSync(lockPath(state), hourAgo, hourAgo);
}

export async function lockRaces(tries: number): Promise<Figure> {
  const result = figure(`stale-lock races (${RACERS} kshells at once)`, "0 acknowledged users lost; stale lock blocks no one; lock released");
  let acknowledgedTotal = 0;
  for (let race = 0; race < tries; race++) {
    result.tries++;
    const state = await freshState();
    staleLock(state, deadPid());
    const names = Array.from({ length: RACERS }, (_, i) => `r${race}x${i}`);
    const runs = await Promise.all(names.map((name) => kshellAsync(["--state", state], [`user add ${name}`])));
    const acknowledged = names.filter((name, i) => runs[i]!.stdout.includes(`added user ${name}`));
    acknowledgedTotal += acknowledged.length;
    if (acknowledged.length === 0) result.failures.push(`race ${race}: the stale lock blocked every kshell (${runs[0]!.stderr.trim()})`);
    if (runs.some((run) => !lockReleased(state, run))) result.failures.push(`race ${race}: a lock was left behind`);
    const list = onState(state, ["user list"]).stdout;
    const lost = acknowledged.filter((name) => !new RegExp(`^${name}\\s`, "m").test(list));
    if (lost.length > 0) result.failures.push(`race ${race}: acknowledged ${lost.join(", ")} lost`);
  }
  result.note = `${acknowledgedTotal} users acknowledged`;
  return result;
}

export async function liveUnrelatedLock(): Promise<Figure> {
  const result = figure("lock naming a live process that is not kshell", "kshell starts");
  result.tries++;
  const state = await freshState();
  staleLock(state, process.ppid); // alive, and no kshell: as when a dead kshell's pid is reused
  const run = onState(state, ["status"]);
  if (run.status !== 0) result.failures.push(`kshell refused to start: ${run.stderr.trim()}`);
  return result;
}

export async function killTrials(tries: number, seed: number): Promise<Figure> {
  const result = figure("kill -9 during writes", "0 acknowledged writes lost; state loads");
  const random = lcg(seed);
  let acknowledgedTotal = 0;
  for (let trial = 0; trial < tries; trial++) {
    result.tries++;
    const state = await freshState();
    const data = Array.from({ length: WRITES }, (_, i) => `t${trial}w${i}-${Math.floor(random() * 1e9).toString(36)}`);
    const waitMs = KILL_AFTER_MS[0] + random() * (KILL_AFTER_MS[1] - KILL_AFTER_MS[0]);
    const killed = await killedDuring(["--state", state], data.map((text, i) => `vol write d ${i * 4096} --data ${text}`), { waitMs, armedBy: /^wrote /m });
    const acknowledged = killed.stdout.split("\n").filter((line) => line.startsWith("wrote ")).length;
    acknowledgedTotal += acknowledged;
    const reads = onState(state, data.slice(0, acknowledged).map((text, i) => `vol read d ${i * 4096} ${text.length}`));
    if (reads.status === 2) result.failures.push(`trial ${trial}: the state no longer loads: ${reads.stderr.trim()}`);
    const back = reads.stdout.split("\n");
    const lost = data.slice(0, acknowledged).filter((text, i) => back[i] !== text);
    if (lost.length > 0) result.failures.push(`trial ${trial} (killed ${Math.round(waitMs)} ms after the first write): ${lost.length} of ${acknowledged} acknowledged writes lost, first ${lost[0]}`);
  }
  result.note = `${acknowledgedTotal} writes acknowledged`;
  if (acknowledgedTotal === 0) result.failures.push("no write was acknowledged before a kill: the trials tested nothing");
  return result;
}

const COMPACTION_CHECKS = ["clock", "sec rule list", "vol list", "user list", "cluster locate dv"];

/** `save` folds the journal into a new snapshot; with `crash`, the old journal is then put back, as a crash before its truncation leaves it. */
async function afterCompaction(crash: boolean): Promise<Run> {
  const state = await freshState();
  const journal = join(state, "journal.jsonl");
  const old = readFileSync(journal);
  onState(state, ["save"]);
  if (crash) writeFileSync(journal, old);
  return onState(state, COMPACTION_CHECKS);
}

export async function compactionCrash(tries: number): Promise<Figure> {
  const result = figure("crash between snapshot and journal truncation", "nothing applied twice, clock not doubled, state loads");
  const clean = await afterCompaction(false);
  if (clean.status !== 0) result.failures.push(`the state does not load after an ordinary save: ${clean.stderr.trim()}`);
  for (let trial = 0; trial < tries; trial++) {
    result.tries++;
    const crashed = await afterCompaction(true);
    if (crashed.status !== 0) result.failures.push(`trial ${trial}: the state does not load: ${crashed.stderr.trim()}`);
    else if (crashed.stdout !== clean.stdout) result.failures.push(`trial ${trial}: the journal was applied twice: ${firstDifference(clean, crashed)}`);
  }
  return result;
}

function firstDifference(a: Run, b: Run): string {
  const left = a.stdout.split("\n");
  const right = b.stdout.split("\n");
  const at = left.findIndex((line, i) => line !== right[i]);
  return `'${left[at]}' became '${right[at]}'`;
}

const FAILING_HOST_COMMANDS = ["audit export /nonexistent-dir/x", "vol read d 0 4 --out /nonexistent-dir/y", "save /nonexistent-dir/z"];

export async function failedReplay(tries: number): Promise<Figure> {
  const result = figure("failed commands replayed after kill -9", "replayed as failures, never audited as successes");
  for (let trial = 0; trial < tries; trial++) {
    result.tries++;
    const state = await freshState();
    await killedDuring(["--state", state, "--keep-going"], [...FAILING_HOST_COMMANDS, "echo all-failed"], { until: /all-failed/ });
    const trail = onState(state, ["audit query --limit 0"]).stdout;
    const successes = trail.split("\n").filter((line) => /\s(audit\.export|vol\.read|kernel\.save)\s.*\ssuccess\s/.test(line));
    if (successes.length > 0) result.failures.push(`trial ${trial}: replayed as a success: ${successes[0]!.trim()}`);
  }
  return result;
}
