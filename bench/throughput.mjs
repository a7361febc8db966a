// End-to-end throughput through the built binary, `kshell run script`, the way a user runs a
// script: parse, gate, both audit appends, the journal with --state, the output. One script per
// kind of command (a setup, then COUNT lines of that kind) and a realistic mixed script.
//
// Why not one long script's wall time divided by its lines: start-up and the setup would be in
// it, and subtracting the median of an empty run from the median of a full one mixes two noisy
// figures. Here each run is paired: the setup alone, then the setup plus COUNT lines, back to
// back (each in a fresh state directory with --state); the run's figure is COUNT over the
// difference, and the table shows the median and spread of those per-run figures. COUNT is
// chosen per kind and mode from a first, untimed run, so the lines take about `targetMs` (several
// times start-up) whether a kind runs at 500 or 30,000 commands a second.
//
// The mixed writes-and-reports script (does a script slow down as it writes?) and the --state
// ratio come from the same runs: see run.mjs.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const LOCAL = ["vol create v1 --size 2G --type block", "vol create v2 --size 64M --type file", "vol write v1 0 --data hello"];
const CLUSTER = [
  "cluster pd create pd1",
  "cluster pool create pd1/sp1 --copies 2",
  "cluster sds add sds1 --pool pd1/sp1 --capacity 10G",
  "cluster sds add sds2 --pool pd1/sp1 --capacity 10G",
  "cluster sds add sds3 --pool pd1/sp1 --capacity 10G",
  "cluster sdc add sdc1",
  "vol create dv --type distributed --pool pd1/sp1 --size 1G",
  "cluster map dv sdc1",
];
const SETUP = [...LOCAL, ...CLUSTER, "user add alice"];
const KiB = 1024;

// A day's work at a terminal: writes, reads, looks at state, checks access, reads the trail.
const MIXED = [
  (i) => `vol write v1 ${(i % 4096) * 4 * KiB} --data record-${i}`,
  () => "vol read v1 0 5",
  (i) => `vol write dv ${(i % 4096) * 4 * KiB} --data record-${i}`,
  () => "vol list",
  () => "status",
  () => "vol show v1",
  () => "cluster status",
  () => "sec rule check alice vol.read vol/v1",
  () => "audit query --limit 10",
  (i) => `echo step ${i}`,
];

// Cheap commands (issue 17's "scripted benchmark of cheap commands", >= 20,000/s): each passes the
// gate and two audit appends and does little else; no echo (it skips both).
const CHEAP = [() => "vol read v1 0 5", () => "vol show v1", () => "vol list", () => "sec rule check alice vol.read vol/v1"];
export const CHEAP_KIND = "cheap (vol read, vol show, vol list, sec rule check, in turn)";

// List commands with as many rows as a working session has (issue 17: tables drawn by cli-table3).
const LIST_ROWS = 16;
const MORE_VOLUMES = Array.from({ length: LIST_ROWS - 3 }, (_, i) => `vol create lv${i} --size 64M --type block`);
const CONTAINERS = ["image pull nginx", ...Array.from({ length: LIST_ROWS }, (_, i) => `ctr run nginx --name web${i}`)];

/** Each kind: a name, its i-th line (all after SETUP and the kind's own `setup`, if any). */
export const KINDS = [
  { kind: "echo (no gate, audit or journal)", line: () => "echo hello" },
  { kind: "vol write --data (local, 5 B)", line: (i) => `vol write v1 ${(i % 16384) * 4 * KiB} --data hello` },
  { kind: "vol read (local, 5 B)", line: () => "vol read v1 0 5" },
  { kind: "vol write --data (distributed, 5 B)", line: (i) => `vol write dv ${(i % 16384) * 4 * KiB} --data hello` },
  { kind: "vol show", line: () => "vol show v1" },
  { kind: "vol list", line: () => "vol list" },
  { kind: "status", line: () => "status" },
  { kind: "cluster status", line: () => "cluster status" },
  { kind: "sec rule check", line: () => "sec rule check alice vol.read vol/v1" },
  { kind: "user add / user del", line: (i) => (i % 2 === 0 ? "user add bob" : "user del bob") },
  { kind: "audit query --limit 10", line: () => "audit query --limit 10" },
  { kind: `vol list (${LIST_ROWS} volumes)`, setup: MORE_VOLUMES, line: () => "vol list" },
  { kind: `ctr list (${LIST_ROWS} containers)`, setup: CONTAINERS, line: () => "ctr list" },
  { kind: "audit query --limit 50 (50 rows)", line: () => "audit query --limit 50" },
  { kind: CHEAP_KIND, line: (i) => CHEAP[i % CHEAP.length](i) },
  { kind: "mixed (10 kinds, in turn)", line: (i) => MIXED[i % MIXED.length](i) },
];

/** Milliseconds (wall) to run `script` through the binary; throws if it failed. */
function runScript(context, script, stateDir) {
  const args = [context.kshell, "--seed", "1", ...(stateDir === undefined ? [] : ["--state", stateDir]), "run", script];
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { env: context.env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`kshell run ${script} failed (${result.status}): ${result.stderr.trim().split("\n")[0]}`);
  return ms;
}

/** One paired run: ms of SETUP alone and of SETUP + lines, each in a fresh state directory with --state. */
function pairedRun(context, scripts, withState) {
  const times = [];
  for (const script of [scripts.setup, scripts.full]) {
    const dir = withState ? mkdtempSync(join(context.scratch, "state-")) : undefined;
    times.push(runScript(context, script, dir));
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
  return { setupMs: times[0], fullMs: times[1] };
}

/** Writes the setup script and the kind's full script (setup + `count` lines). */
export function scriptsFor(context, name, setup, line, count) {
  const setupFile = join(context.scratch, `${name}-setup.ksh`);
  const fullFile = join(context.scratch, `${name}-${count}.ksh`);
  writeFileSync(setupFile, `${setup.join("\n")}\n`);
  writeFileSync(fullFile, `${[...setup, ...Array.from({ length: count }, (_, i) => line(i))].join("\n")}\n`);
  return { setup: setupFile, full: fullFile };
}

const RETRIES_MAX = 3; // per run, when the machine's noise swallowed the lines' time

/**
 * Commands per second, one figure per run (paired as above). A pair whose lines took under a
 * tenth of the whole run (a setup run slowed by something else) says nothing: it is run again.
 */
export function commandsPerSecond(context, scripts, count, runs, withState) {
  const perRun = [];
  for (let run = 0; run < runs; run++) {
    for (let attempt = 0; ; attempt++) {
      const { setupMs, fullMs } = pairedRun(context, scripts, withState);
      if (fullMs - setupMs >= fullMs / 10 || attempt === RETRIES_MAX) {
        perRun.push(fullMs > setupMs ? count / ((fullMs - setupMs) / 1000) : NaN);
        break;
      }
    }
  }
  return perRun;
}

const COUNT_FIRST = 300;
const COUNT_MAX = 40_000;

/**
 * Per-run commands/s of one kind in one mode, with as many lines as take about `targetMs`: found
 * by growing a first script until its lines take at least half of that (those runs are not kept).
 */
function measureKind(context, name, setup, line, withState, { runs, targetMs }) {
  let count = COUNT_FIRST;
  for (;;) {
    const { setupMs, fullMs } = pairedRun(context, scriptsFor(context, name, setup, line, count), withState);
    const linesMs = fullMs - setupMs;
    if (linesMs >= targetMs / 2 || count === COUNT_MAX) {
      count = Math.round(Math.min(Math.max((count * targetMs) / Math.max(linesMs, 1), COUNT_FIRST), COUNT_MAX));
      break;
    }
    count = Math.min(COUNT_MAX, Math.round(count * (linesMs <= 0 ? 8 : Math.min(8, Math.max(2, targetMs / linesMs)))));
  }
  const scripts = scriptsFor(context, name, setup, line, count);
  return { count, perRun: commandsPerSecond(context, scripts, count, runs, withState) };
}

/** Every kind, in memory and with --state: lines per script and per-run commands/s of each. */
export function throughputTable(context, options) {
  return KINDS.map(({ kind, setup = [], line }, index) => {
    const memory = measureKind(context, `kind${index}`, [...SETUP, ...setup], line, false, options);
    const state = measureKind(context, `kind${index}`, [...SETUP, ...setup], line, true, options);
    return { kind, memory: memory.perRun, state: state.perRun, counts: [memory.count, state.count] };
  });
}

/**
 * Writes and reports together, on volumes that grow: each cycle writes 64 KiB to a new 1 MiB
 * region of the local and the distributed volume, then asks the reports. Commands/s at `count`
 * and at 4 x `count` lines: a report that scans the data makes the longer script slower per line.
 */
export function growingMix(context, { count, runs }) {
  const cycle = [
    (c) => `vol write v1 ${c * 1024 * KiB} --pattern 0xab --len 64K`,
    (c) => `vol write dv ${c * 1024 * KiB} --pattern 0xcd --len 64K`,
    () => "cluster status",
    () => "vol list",
    () => "status",
    () => "vol snap list v1",
  ];
  const line = (i) => cycle[i % cycle.length](Math.floor(i / cycle.length));
  const short = scriptsFor(context, "grow", SETUP, line, count);
  const long = scriptsFor(context, "grow", SETUP, line, 4 * count);
  runScript(context, long.full);
  const atN = [];
  const at4N = [];
  for (let run = 0; run < runs; run++) {
    atN.push(...commandsPerSecond(context, short, count, 1, false));
    at4N.push(...commandsPerSecond(context, long, 4 * count, 1, false));
  }
  return { atN, at4N };
}
