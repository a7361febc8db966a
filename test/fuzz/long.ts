// The fuzzer's long form, run by `npm run fuzz -- --commands 200000 --seed N` (scripts/fuzz.mjs
// bundles this file and runs it under node --expose-gc). One session lives through the whole
// campaign, so leaks and slow growth show: runs of generated lines (each from its own derived
// seed, so any run can be replayed) follow each other in it, the state is checked every
// --check-every commands, and the heap is sampled after a forced GC once the warm-up is over.
// Prints the commands run, the distinct failures and the memory figures; exits 1 on any failure
// or on a heap that keeps growing. Every line goes to a trace file;
// `npm run fuzz -- --replay <trace> --until <line>` runs it again up to a failure.

import { appendFileSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import fc from "fast-check";
import { Registry } from "../../shell/registry.js";
import type { Session } from "../../shell/session.js";
import { linesOf, runArbitrary, sessionFor } from "./grammar.js";
import { describeFindings, Findings, makeScratch, runLine, stateProblem } from "./harness.js";

const STUCK_SUCCESS_RATE = 0.05; // a run in which fewer commands succeed ends its session
const HEAP_GROWTH_BYTES_MAX = 32 * 1024 ** 2; // after warm-up; the kernel's tables are fixed, so more is a leak

interface Options {
  readonly commands: number;
  readonly seed: number;
  readonly checkEvery: number;
  readonly until: number; // --replay: the last line to run
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    const parsed = at < 0 ? fallback : Number(argv[at + 1]);
    if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`--${name} takes a whole number`);
    return parsed;
  };
  return { commands: value("commands", 200_000), seed: value("seed", 1), checkEvery: value("check-every", 10_000), until: value("until", Number.MAX_SAFE_INTEGER) };
}

function heapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

const SESSION_MARK = "# session with seed ";

/** Campaign sessions alternate between piped and interactive (odd seeds), so both are long-lived somewhere. */
function campaignSession(seed: number): Session {
  return sessionFor({ interactive: seed % 2 === 1, persist: false, as: "root", setup: [], lines: [] }, seed);
}
const RUN_MARK = "# run ";

/** Each run starts as root: leaves the su shells the last run left open. */
function toRoot(session: Session): void {
  for (let depth = 0; session.subject.name !== "root" && depth < 32; depth++) session.execute("exit");
}

/** Replays a campaign's trace up to a line, as the campaign ran it, showing the last lines' outcomes. */
function replay(file: string, until: number): number {
  const lines = readFileSync(file, "utf8").split("\n").slice(0, until);
  process.chdir(dirname(resolve(file))); // the campaign's scratch directory: relative paths land there again
  let session = campaignSession(1);
  lines.forEach((line, index) => {
    if (line.startsWith(SESSION_MARK)) session = campaignSession(Number(line.slice(SESSION_MARK.length)));
    else if (line.startsWith(RUN_MARK)) toRoot(session);
    const outcome = session.execute(line);
    if (index >= until - 20 || outcome.bug === true || outcome.error?.startsWith("error: internal error")) console.log(`${index + 1}: ${line}\n    ${outcome.error ?? outcome.lines.slice(0, 3).join("\n    ")}`);
  });
  return 0;
}

export function main(argv: readonly string[]): number {
  const at = argv.indexOf("--replay");
  if (at >= 0) return replay(argv[at + 1]!, parseOptions(argv).until);
  const options = parseOptions(argv);
  const registry = new Registry();
  const dir = makeScratch();
  process.chdir(dir); // relative paths a command writes land in the scratch directory
  const trace = join(dir, "lines.ksh"); // every line run; `npm run fuzz -- --replay <file> --until <line>` replays it
  appendFileSync(trace, `${SESSION_MARK}${options.seed}\n`);
  let session = campaignSession(options.seed);
  let sessions = 1;
  let sessionStart = 0;
  let longest = 0;
  let lines = 1;
  const findings = new Findings(() => `${trace} line ${lines}`);
  const samples: number[] = [];
  const warmUp = Math.min(options.commands / 5, 20_000);
  let nextCheck = options.checkEvery;
  const started = process.hrtime.bigint();
  for (let run = 0; findings.commands < options.commands; run++) {
    toRoot(session);
    appendFileSync(trace, `${RUN_MARK}${run}\n`);
    lines++;
    const before = { commands: findings.commands, succeeded: findings.succeeded };
    const [input] = fc.sample(runArbitrary(registry, dir, { minLength: 200, maxLength: 400 }), { seed: options.seed * 100_003 + run, numRuns: 1 });
    for (const line of linesOf(input!)) {
      appendFileSync(trace, `${line.replace(/\n/g, " ")}\n`);
      lines++;
      runLine(session, registry, line, findings);
    }
    // A kernel whose root took away its own capabilities or denied itself everything is sticky:
    // nothing but EPERM follows. Such a session is checked and replaced; healthy ones live on.
    if (findings.succeeded - before.succeeded < (findings.commands - before.commands) * STUCK_SUCCESS_RATE) {
      const problem = stateProblem(session.kernel);
      if (problem !== undefined) findings.add("(state)", `after run ${run} (seed ${options.seed * 100_003 + run})`, problem);
      longest = Math.max(longest, findings.commands - sessionStart);
      sessionStart = findings.commands;
      session = campaignSession(options.seed + sessions);
      appendFileSync(trace, `${SESSION_MARK}${options.seed + sessions++}\n`);
      lines++;
    }
    if (findings.commands < nextCheck) continue;
    nextCheck += options.checkEvery;
    const problem = stateProblem(session.kernel);
    if (problem !== undefined) findings.add("(state)", `after run ${run} (seed ${options.seed * 100_003 + run})`, problem);
    if (findings.commands >= warmUp) samples.push(heapAfterGc());
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const line of describeFindings(findings)) console.log(line);
  console.log(`${Math.round(findings.commands / seconds)} commands/s over ${seconds.toFixed(1)} s; ${sessions} sessions, the longest ${Math.max(longest, findings.commands - sessionStart)} commands`);
  return reportMemory(samples) && findings.list().length === 0 ? 0 : 1;
}

/** Prints the heap figures; false if the heap grew by more than the limit after warm-up. */
function reportMemory(samples: readonly number[]): boolean {
  if (samples.length < 2) {
    console.log("heap: too few samples after warm-up (run more commands)");
    return true;
  }
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const peak = Math.max(...samples);
  const gc = (globalThis as { gc?: () => void }).gc === undefined ? " (no --expose-gc: figures are noisy)" : "";
  console.log(`heap after warm-up: ${mib(first)}, at the end: ${mib(last)}, peak ${mib(peak)} over ${samples.length} samples${gc}`);
  const tenths = Array.from({ length: 10 }, (_, i) => (samples[Math.floor((i * samples.length) / 10)]! / 1024 ** 2).toFixed(1));
  console.log(`heap at each tenth of the campaign (MiB): ${tenths.join(" ")}`);
  if (last - first > HEAP_GROWTH_BYTES_MAX) {
    console.log(`heap grew by ${mib(last - first)}, more than ${mib(HEAP_GROWTH_BYTES_MAX)}: a leak`);
    return false;
  }
  return true;
}
