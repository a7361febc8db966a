// The Day-5 path of issue 12, through the built binary exactly as a user pipes it: a protection
// domain, a two-copy pool, two storage nodes with 100 GB disks, one client, a 10 GB distributed
// volume mapped to it, then 16 x `vol write --file` of 64 MiB (1 GiB). Figures, each over several
// runs with min/median/max, the goal met when the median meets it:
//   write MB/s with --state / fs.writeSync of both copies + one fsync per command  >= 0.5
//   start-up (-c 'echo ready') with that state / with an empty state              <= 1.5
//   peak RSS of the Day-5 run, with and without --state                           <= 400 MB each
//   `save` after changing 1 MiB in that state                                     <= 50 ms (and / save of an empty kernel)
// Only the 16 writes are timed (see kshell-session.mjs for how): start-up, setup and the exit's
// compaction are not part of what the baseline does, and timing them apart is fairer than
// subtracting two whole noisy runs; the exit is shown on its own line. Runs alternate with the
// baseline, each after a `sync`, so neither waits on the other's writeback. `--small` runs
// 2 x 4 MiB on small nodes, to check the harness; `--kshell <path>` times another build.
// `--vs <path>` times only the write ratio, of `--kshell` (or this build) and of the build at
// <path>, paired: each round runs baseline, one build, baseline, the other (which goes first
// alternates), each after a `sync`, and removes each state directory once timed (2 GiB of disk
// at most, where the whole bench keeps one for its start-up and save figures); `--runs N` rounds,
// `--writes N` commands of 64 MiB instead of 16 (a disk short of room).
// Run alone: `node scripts/build.mjs --if-stale && node bench/day5.mjs`.

import { execFileSync, spawn } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { KshellSession, killAll } from "./kshell-session.mjs";
import { writeChunkLayout, writeTwoCopies } from "./two-copies.mjs";

const MiB = 1024 * 1024;
const CHUNK_BYTES = MiB; // a distributed chunk (CLUSTER_CHUNK_SIZE): one file each on a storage node
const SMALL = process.argv.includes("--small");
const WRITE_BYTES = SMALL ? 4 * MiB : 64 * MiB; // one `vol write --file` (the per-command IO limit)
const WRITE_COUNT = SMALL ? 2 : Number(process.argv.includes("--writes") ? process.argv[process.argv.indexOf("--writes") + 1] : 16); // 16 x 64 MiB = 1 GiB
const NODE_CAPACITY = SMALL ? "1G" : "100G"; // each storage node's disk
const VOLUME_SIZE = SMALL ? "64M" : "10G"; // the distributed volume
const CHANGE_BYTES = MiB; // what changes before each timed `save`
const DAY5_RUNS = 3; // Day-5 runs with --state (and as many without, and baselines)
const STARTUP_RUNS = 11; // start-ups of each kind
const SAVE_RUNS = 7; // saves of each kind
const TIMEOUT_MS = 120_000; // per batch of commands, and per exit

const root = new URL("..", import.meta.url).pathname;
const option = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const kshell = option("--kshell") ?? join(root, "dist", "kshell.js"); // another build's binary, e.g. a branch's before it merges
const scratch = mkdtempSync(join(tmpdir(), "kshell-day5-"));
const env = { ...process.env, KSHELL_HOME: join(scratch, "home"), NO_COLOR: "1" };
const writeFile = join(scratch, "write.bin");
const changeFile = join(scratch, "change.bin");

const sorted = (values) => [...values].sort((a, b) => a - b);
const median = (values) => sorted(values)[Math.floor(values.length / 2)];
const fixed = (digits) => (value) => (Number.isFinite(value) ? value.toFixed(digits) : "-");

function report(name, value, unit, goal, met) {
  console.log(`${name.padEnd(46)} ${value.padStart(10)} ${unit.padEnd(10)} goal ${goal.padEnd(12)} ${met ? "met" : "NOT MET"}`);
}

/** "min a / median b / max c" of `values`, each shown with `show`. */
function spread(values, show) {
  if (values.length === 0) return "no runs";
  const order = sorted(values);
  return `min ${show(order[0])} / median ${show(median(values))} / max ${show(order.at(-1))} over ${values.length}`;
}

function setupLines() {
  return [
    "cluster pd create pd1",
    "cluster pool create pd1/sp1 --copies 2",
    `cluster sds add sds1 --pool pd1/sp1 --capacity ${NODE_CAPACITY}`,
    `cluster sds add sds2 --pool pd1/sp1 --capacity ${NODE_CAPACITY}`,
    "cluster sdc add host1",
    `vol create dv --type distributed --pool pd1/sp1 --size ${VOLUME_SIZE}`,
    "cluster map dv host1",
  ];
}

const writeLines = () => Array.from({ length: WRITE_COUNT }, (_, i) => `vol write dv ${i * WRITE_BYTES} --file ${writeFile}`);

/** One Day-5 run: the writes' milliseconds, the exit's, the peak RSS; or the error that stopped it. */
async function day5Run(stateDir, label, binary = kshell) {
  const args = stateDir === undefined ? ["--seed", "1"] : ["--state", stateDir, "--seed", "1"];
  const session = new KshellSession(binary, args, { env, rssFile: join(scratch, `rss-${label}`), timeoutMs: TIMEOUT_MS });
  try {
    await session.send(setupLines());
    const writeMs = await session.send(writeLines());
    const end = await session.close();
    return end.error === undefined ? { writeMs, exitMs: end.exitMs, rssMB: end.rssMB } : { error: end.error };
  } catch (error) {
    session.kill(error.message);
    return { error: error.message };
  }
}

/** What a state directory holds: files, bytes, state.json's size, and the files in each folder below it (a device's chunks). */
function stateFootprint(dir) {
  const files = readdirSync(dir, { recursive: true }).filter((name) => statSync(join(dir, name)).isFile());
  const bytes = files.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  const perFolder = {};
  for (const name of files.filter((file) => dirname(file) !== ".")) perFolder[dirname(name)] = (perFolder[dirname(name)] ?? 0) + 1;
  const folders = Object.entries(perFolder).map(([folder, count]) => `${folder} ${count}`);
  return { files: files.length, bytes, stateJson: statSync(join(dir, "state.json")).size, folders };
}

const failed = (runs) => runs.some((run) => run.error !== undefined);

/** Flushes every dirty page first, so a timed run does not wait on the writeback of the run before it. */
const settle = () => execFileSync("sync");

/** Alternates baseline, --state and no-state runs; keeps the last good --state directory. A kind that failed is not run again. */
async function day5Runs(buffer) {
  const baselineMs = [];
  const layoutMs = [];
  const withState = [];
  const withoutState = [];
  let kept;
  writeTwoCopies(scratch, buffer, 1); // warm: the code path, the buffer's pages, the file system
  for (let run = 0; run < DAY5_RUNS; run++) {
    settle();
    baselineMs.push(writeTwoCopies(scratch, buffer, WRITE_COUNT));
    settle();
    layoutMs.push(writeChunkLayout(scratch, buffer, WRITE_COUNT, CHUNK_BYTES));
    if (!failed(withState)) {
      const dir = join(scratch, `state-${run}`);
      settle();
      const result = await day5Run(dir, `state-${run}`);
      withState.push(result);
      const drop = result.error === undefined ? kept : dir; // keep one good directory: the disk holds 2 GiB of chunks per run
      if (drop !== undefined) rmSync(drop, { recursive: true, force: true });
      if (result.error === undefined) kept = dir;
    }
    settle();
    if (!failed(withoutState)) withoutState.push(await day5Run(undefined, `piped-${run}`));
  }
  return { baselineMs, layoutMs, withState, withoutState, kept };
}

/** Milliseconds from starting `kshell --state dir -c 'echo ready'` until `ready` shows, and until it exits. */
function startUp(dir) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [kshell, "--state", dir, "-c", "echo ready"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let readyMs = NaN;
    child.stdout.setEncoding("utf8").on("data", (text) => {
      out += text;
      if (Number.isNaN(readyMs) && out.includes("ready\n")) readyMs = performance.now() - start;
    });
    child.stderr.resume();
    child.on("close", (code) => (code === 0 && !Number.isNaN(readyMs) ? resolve({ readyMs, exitMs: performance.now() - start }) : reject(new Error(`start-up with ${dir} failed (exit ${code})`))));
  });
}

/** An initialised state directory holding an empty kernel. */
async function emptyState() {
  const dir = join(scratch, "empty");
  mkdirSync(dir, { mode: 0o700 });
  await startUp(dir);
  return dir;
}

/** Start-ups alternating between the Day-5 state and the empty one; ratios pair them run by run. */
async function startUps(day5Dir, emptyDir) {
  const day5 = [];
  const empty = [];
  await startUp(day5Dir); // warm: node's and the file system's caches
  for (let run = 0; run < STARTUP_RUNS; run++) {
    empty.push(await startUp(emptyDir));
    day5.push(await startUp(day5Dir));
  }
  return { day5, empty };
}

/** Saves in one session on `dir`: each after `change` lines (none for the empty kernel); plus the bare marker's round trip. */
async function saves(dir, change) {
  const session = new KshellSession(kshell, ["--state", dir], { env, timeoutMs: TIMEOUT_MS });
  try {
    const saveMs = [];
    const echoMs = [];
    for (let run = 0; run < SAVE_RUNS; run++) {
      await session.send(change(run));
      echoMs.push(await session.send([]));
      saveMs.push(await session.send(["save"]));
    }
    const end = await session.close();
    if (end.error !== undefined) throw new Error(end.error);
    return { saveMs, echoMs };
  } catch (error) {
    session.kill(error.message);
    throw error;
  }
}

function reportDay5({ baselineMs, layoutMs, withState, withoutState, kept }) {
  const mbps = (ms) => (WRITE_BYTES * WRITE_COUNT) / MiB / (ms / 1000);
  const good = withState.filter((run) => run.error === undefined);
  const ratios = withState.flatMap((run, i) => (run.error === undefined ? [baselineMs[i] / run.writeMs] : []));
  const label = `Day-5 ${WRITE_COUNT}x${WRITE_BYTES / MiB} MiB writes --state / writeSync x2`;
  if (good.length === 0) console.log(`${label.padEnd(46)} FAILED: ${withState[0].error}`);
  else report(label, median(ratios).toFixed(2), "x", ">= 0.5", median(ratios) >= 0.5);
  if (good.length > 0) console.log(`  (ratio ${spread(ratios, fixed(2))})`);
  if (good.length > 0) console.log(`  (kshell --state MiB/s ${spread(good.map((run) => mbps(run.writeMs)), fixed(0))}; exit with its compaction ms ${spread(good.map((run) => run.exitMs), fixed(0))})`);
  if (good.length < withState.length && good.length > 0) console.log(`  (with --state, a later run failed: ${withState.at(-1).error})`);
  console.log(`  (baseline MiB/s ${spread(baselineMs.map(mbps), fixed(0))})`);
  console.log(`  (kshell's layout written bare — a file per chunk per copy, one copy's fdatasynced together, a journal record naming them — MiB/s ${spread(layoutMs.map(mbps), fixed(0))}; its ratio to the baseline ${spread(layoutMs.map((ms, i) => baselineMs[i] / ms), fixed(2))})`);
  if (good.length > 0) console.log(`  (kshell --state / its layout written bare ${spread(withState.flatMap((run, i) => (run.error === undefined ? [layoutMs[i] / run.writeMs] : [])), fixed(2))})`);
  const piped = withoutState.filter((run) => run.error === undefined);
  if (failed(withoutState)) console.log(`  (without --state, run ${withoutState.length} failed: ${withoutState.at(-1).error})`);
  if (piped.length > 0) console.log(`  (kshell without --state MiB/s ${spread(piped.map((run) => mbps(run.writeMs)), fixed(0))})`);
  for (const [name, runs] of [["with --state", good], ["without --state", piped]]) {
    const rss = runs.map((run) => run.rssMB);
    if (rss.length > 0) report(`Day-5 peak RSS ${name}`, fixed(0)(median(rss)), "MB", "<= 400", median(rss) <= 400);
    if (rss.length > 0) console.log(`  (peak RSS MB ${spread(rss, fixed(0))})`);
  }
  if (kept !== undefined) {
    const footprint = stateFootprint(kept);
    console.log(`  (state directory after the run: ${footprint.files} files, ${fixed(0)(footprint.bytes / MiB)} MiB; state.json ${fixed(2)(footprint.stateJson / MiB)} MiB)`);
    if (footprint.folders.length > 0) console.log(`  (files per folder: ${footprint.folders.join(", ")})`);
  }
}

function reportStartUps({ day5, empty }) {
  const ratios = day5.map((run, i) => run.readyMs / empty[i].readyMs);
  report("start-up with the Day-5 state / empty state", median(ratios).toFixed(2), "x", "<= 1.5", median(ratios) <= 1.5);
  console.log(`  (ratio ${spread(ratios, fixed(2))})`);
  console.log(`  (to 'ready' ms: Day-5 ${spread(day5.map((run) => run.readyMs), fixed(0))}; empty ${spread(empty.map((run) => run.readyMs), fixed(0))})`);
  console.log(`  (to exit ms: Day-5 ${spread(day5.map((run) => run.exitMs), fixed(0))}; empty ${spread(empty.map((run) => run.exitMs), fixed(0))})`);
}

function reportSaves(day5, empty) {
  const ms = median(day5.saveMs);
  report(`save after changing ${CHANGE_BYTES / MiB} MiB of the Day-5 state`, fixed(1)(ms), "ms", "<= 50", ms <= 50);
  console.log(`  (save ms ${spread(day5.saveMs, fixed(1))}; / save of an empty kernel ${spread(day5.saveMs.map((value, i) => value / empty.saveMs[i]), fixed(1))})`);
  console.log(`  (empty kernel save ms ${spread(empty.saveMs, fixed(1))}; a bare echo's round trip ms ${spread([...day5.echoMs, ...empty.echoMs], fixed(2))})`);
}

/** `--vs`: the write ratio of two builds, paired round by round (see the top of this file). */
async function versus(buffer, other, rounds) {
  const builds = [["this", kshell], ["vs", other]];
  const ratios = { this: [], vs: [] };
  const rates = { this: [], vs: [] };
  writeTwoCopies(scratch, buffer, 1);
  for (let round = 0; round < rounds; round++) {
    for (const [name, binary] of round % 2 === 0 ? builds : [...builds].reverse()) {
      settle();
      const baselineMs = writeTwoCopies(scratch, buffer, WRITE_COUNT);
      const dir = join(scratch, `state-${name}-${round}`);
      settle();
      const result = await day5Run(dir, `${name}-${round}`, binary);
      rmSync(dir, { recursive: true, force: true });
      if (result.error !== undefined) throw new Error(`${name} (${binary}) failed: ${result.error}`);
      ratios[name].push(baselineMs / result.writeMs);
      rates[name].push((WRITE_BYTES * WRITE_COUNT) / MiB / (result.writeMs / 1000));
      console.log(`  round ${round + 1} ${name}: ratio ${(baselineMs / result.writeMs).toFixed(2)}, baseline MiB/s ${((WRITE_BYTES * WRITE_COUNT) / MiB / (baselineMs / 1000)).toFixed(0)}, kshell MiB/s ${rates[name].at(-1).toFixed(0)}`);
    }
  }
  for (const [name, binary] of builds) console.log(`Day-5 --state / writeSync x2, ${name} (${binary}): ratio ${spread(ratios[name], fixed(2))}; MiB/s ${spread(rates[name], fixed(0))}`);
}

async function main() {
  const buffer = randomFillSync(Buffer.allocUnsafe(WRITE_BYTES));
  writeFileSync(writeFile, buffer);
  if (option("--vs") !== undefined) return versus(buffer, option("--vs"), Number(option("--runs") ?? DAY5_RUNS));
  writeFileSync(changeFile, randomFillSync(Buffer.allocUnsafe(CHANGE_BYTES)));
  const runs = await day5Runs(buffer);
  reportDay5(runs);
  if (runs.kept === undefined) return console.log("  (no Day-5 state directory: start-up and save figures skipped)");
  const emptyDir = await emptyState();
  reportStartUps(await startUps(runs.kept, emptyDir));
  const change = (run) => [`vol write dv ${run * CHANGE_BYTES} --file ${changeFile}`];
  reportSaves(await saves(runs.kept, change), await saves(emptyDir, () => []));
}

// However it ends (done, Ctrl-C, a reader like `head` that left early): no child left running,
// no scratch left behind (it holds GiBs while a run is in flight).
process.on("exit", () => {
  killAll("the bench is exiting");
  rmSync(scratch, { recursive: true, force: true });
});
process.on("SIGINT", () => process.exit(130));

try {
  await main();
} catch (error) {
  console.log(`Day-5 bench stopped: ${error.message}`);
  process.exitCode = 1;
}
