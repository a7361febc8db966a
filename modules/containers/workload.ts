// Workloads: the simulated program a container runs, parsed once from its command text into a
// small fixed record, and read in closed form at any moment of a run (no stepping: what the
// program has done after `active` ms of running is a formula of `active`).
//
// Grammar (clauses joined by `;` or `&&`, at most CONTAINER_WORKLOAD_CLAUSE_MAX):
//   sleep DUR            the program waits; clauses after it start DUR later
//   exit N               the program ends with exit code N (0..255); nothing after it runs
//   crash after DUR      the program dies DUR after this point with exit code 1 (reason Error)
//   serve PORT           listens on PORT: answers http and tcp probes, `curl localhost:PORT`
//   hang after DUR       the server stops answering DUR after this point (a deadlock: probes fail)
//   cpu CORES            wants CORES of CPU (1.5, or 500m); throttled above the CPU limit
//   leak RATE            resident memory grows by RATE (8M/s); OOMKilled at the memory limit
//   log "TEXT" every DUR writes TEXT to stdout every DUR
//   write PATH RATE      writes RATE (1M/s) to PATH: BLOCK I/O, capped by the IO limit
// DUR is 500ms, 10s, 5m (a bare number is seconds). serve, hang, cpu, leak, log and write run in
// the background until the container ends; a program of only sleeps ends with exit 0 after them;
// a program with background clauses runs until exit, crash, OOM or a signal ends it.
// `;` and `&&` mean the same here: only exit and crash fail, and both end the program.

import { fail } from "../../src/errors.js";
import { CONTAINER_BASE_MEMORY_BYTES, CONTAINER_CPU_MILLICORES_MAX, CONTAINER_LOG_LINE_LENGTH_MAX, CONTAINER_SERVE_MEMORY_BYTES, CONTAINER_WORKLOAD_CLAUSE_MAX, CONTAINER_WORKLOAD_LENGTH_MAX } from "../../src/limits.js";
import { parseDuration, parseSize } from "../../src/units.js";

/** "Never" for a time in a program: the moment does not come. */
export const NEVER = -1;

/** A parsed workload; every time is ms of active running since the run started. */
export interface Program {
  readonly text: string;
  readonly endMs: number; // when the program ends by itself, NEVER if it does not
  readonly exitCode: number; // the code it ends with then
  readonly crashes: boolean; // the end is a crash (a log line says so)
  readonly servePort: number; // 0: serves nothing
  readonly serveAtMs: number;
  readonly hangAtMs: number; // NEVER: keeps answering
  readonly cpuMillicores: number;
  readonly cpuAtMs: number;
  readonly leakBytesPerSecond: number;
  readonly leakAtMs: number;
  readonly logText: string;
  readonly logEveryMs: number; // 0: no periodic log
  readonly logAtMs: number;
  readonly writePath: string;
  readonly writeBytesPerSecond: number;
  readonly writeAtMs: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const CLAUSE_PATTERN = /"[^"]*"|'[^']*'|\S+/g;

/** Parses a workload; bad text is one EINVAL naming the clause and the grammar. */
export function parseWorkload(text: string): Program {
  if (text.length > CONTAINER_WORKLOAD_LENGTH_MAX) fail("EINVAL", `workload is ${text.length} characters; the limit is ${CONTAINER_WORKLOAD_LENGTH_MAX}`);
  const clauses = text.split(/;|&&/).map((c) => c.trim()).filter((c) => c !== "");
  if (clauses.length === 0) fail("EINVAL", "workload is empty", GRAMMAR_HINT);
  if (clauses.length > CONTAINER_WORKLOAD_CLAUSE_MAX) fail("EINVAL", `workload has ${clauses.length} clauses; the limit is ${CONTAINER_WORKLOAD_CLAUSE_MAX}`);
  const p: Mutable<Program> = { text, endMs: NEVER, exitCode: 0, crashes: false, servePort: 0, serveAtMs: 0, hangAtMs: NEVER, cpuMillicores: 0, cpuAtMs: 0, leakBytesPerSecond: 0, leakAtMs: 0, logText: "", logEveryMs: 0, logAtMs: 0, writePath: "", writeBytesPerSecond: 0, writeAtMs: 0 };
  let atMs = 0;
  let background = false;
  for (const clause of clauses) {
    if (p.endMs !== NEVER && !p.crashes) break; // after `exit` nothing runs
    const words = (clause.match(CLAUSE_PATTERN) ?? []).map(unquote);
    const [verb, a = "", b = "", c = ""] = words;
    const once = (taken: boolean) => taken && fail("EINVAL", `workload has two '${verb}' clauses`, "one of each background clause");
    const arity = (n: number) => words.length !== n && fail("EINVAL", `bad workload clause '${clause}'`, GRAMMAR_HINT);
    switch (verb) {
      case "sleep": arity(2); atMs += parseDuration(a, "sleep duration"); break;
      case "exit": arity(2); endAt(p, atMs, exitCodeOf(a), false); break;
      case "crash": arity(3); keyword(a, "after", clause); endAt(p, atMs + parseDuration(b, "crash delay"), 1, true); break;
      case "serve": arity(2); once(p.servePort !== 0); p.servePort = portOf(a); p.serveAtMs = atMs; background = true; break;
      case "hang": arity(3); keyword(a, "after", clause); p.hangAtMs = atMs + parseDuration(b, "hang delay"); break;
      case "cpu": arity(2); once(p.cpuMillicores !== 0); p.cpuMillicores = parseCores(a); p.cpuAtMs = atMs; background = true; break;
      case "leak": arity(2); once(p.leakBytesPerSecond !== 0); p.leakBytesPerSecond = parseRate(a); p.leakAtMs = atMs; background = true; break;
      case "log": arity(4); once(p.logEveryMs !== 0); keyword(b, "every", clause); p.logText = logTextOf(a); p.logEveryMs = Math.max(1, parseDuration(c, "log interval")); p.logAtMs = atMs; background = true; break;
      case "write": arity(3); once(p.writeBytesPerSecond !== 0); p.writePath = a; p.writeBytesPerSecond = parseRate(b); p.writeAtMs = atMs; background = true; break;
      default: fail("EINVAL", `unknown workload clause '${clause}'`, GRAMMAR_HINT);
    }
  }
  if (p.endMs === NEVER && !background) endAt(p, atMs, 0, false); // only sleeps: the script ends after them
  return p;
}

const GRAMMAR_HINT = 'clauses joined by ; or &&: sleep 30, exit 3, crash after 20s, serve 80, hang after 1m, cpu 1.5, leak 8M/s, log "text" every 1s, write /data 1M/s';

/** Resident memory after `activeMs` of the run. */
export function memoryAt(p: Program, activeMs: number): number {
  const serving = p.servePort !== 0 && activeMs >= p.serveAtMs ? CONTAINER_SERVE_MEMORY_BYTES : 0;
  return CONTAINER_BASE_MEMORY_BYTES + serving + Math.floor((p.leakBytesPerSecond * Math.max(0, activeMs - p.leakAtMs)) / 1000);
}

/** The first active ms at which memory reaches `limitBytes`, or NEVER (memory only grows, so a binary search finds it). */
export function memoryReachesAt(p: Program, limitBytes: number): number {
  let high: number;
  if (p.leakBytesPerSecond > 0) high = p.leakAtMs + Math.ceil((Math.max(0, limitBytes - CONTAINER_BASE_MEMORY_BYTES) * 1000) / p.leakBytesPerSecond) + 1;
  else if (p.servePort !== 0) high = p.serveAtMs;
  else high = 0;
  if (memoryAt(p, high) < limitBytes) return NEVER;
  let low = 0;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (memoryAt(p, middle) >= limitBytes) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** CPU the program wants after `activeMs`, in millicores. */
export function cpuWantAt(p: Program, activeMs: number): number {
  return activeMs >= p.cpuAtMs ? p.cpuMillicores : 0;
}

/** Whether the server answers at `activeMs` on `port`. */
export function answersAt(p: Program, activeMs: number, port: number): boolean {
  return p.servePort !== 0 && p.servePort === port && activeMs >= p.serveAtMs && (p.hangAtMs === NEVER || activeMs < p.hangAtMs);
}

/** Bytes written to the program's path after `activeMs`, the IO limit (0: none) capping the rate. */
export function bytesWrittenAt(p: Program, activeMs: number, ioLimitBytesPerSecond: number): number {
  const rate = ioLimitBytesPerSecond > 0 ? Math.min(p.writeBytesPerSecond, ioLimitBytesPerSecond) : p.writeBytesPerSecond;
  return Math.floor((rate * Math.max(0, activeMs - p.writeAtMs)) / 1000);
}

/** Periodic log lines written in (fromMs, toMs] of active time: the first and last line numbers (1-based), empty when last < first. */
export function logLinesBetween(p: Program, fromMs: number, toMs: number): { first: number; last: number } {
  if (p.logEveryMs === 0) return { first: 1, last: 0 };
  const linesBy = (ms: number) => (ms < p.logAtMs ? 0 : Math.floor((ms - p.logAtMs) / p.logEveryMs) + 1);
  return { first: linesBy(fromMs) + 1, last: linesBy(toMs) };
}

/** Active ms of periodic line `n` (1-based): the first is written as the clause starts. */
export function logLineAt(p: Program, n: number): number {
  return p.logAtMs + (n - 1) * p.logEveryMs;
}

/** Processes of the workload, as PIDS counts them: PID 1, a worker if it serves, a thread per extra core it wants. */
export function pidsOf(p: Program): number {
  return 1 + (p.servePort !== 0 ? 1 : 0) + Math.max(0, Math.ceil(p.cpuMillicores / 1000) - 1);
}

function endAt(p: Mutable<Program>, atMs: number, code: number, crashes: boolean): void {
  if (p.endMs !== NEVER && p.endMs <= atMs) return; // an earlier crash comes first
  p.endMs = atMs;
  p.exitCode = code;
  p.crashes = crashes;
}

function unquote(word: string): string {
  return /^(["']).*\1$/.test(word) ? word.slice(1, -1) : word;
}

function keyword(word: string, expected: string, clause: string): void {
  if (word !== expected) fail("EINVAL", `bad workload clause '${clause}': expected '${expected}'`, GRAMMAR_HINT);
}

function exitCodeOf(text: string): number {
  if (!/^\d{1,3}$/.test(text) || Number(text) > 255) fail("EINVAL", `bad exit code '${text}'`, "an exit code is 0..255");
  return Number(text);
}

function portOf(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) fail("EINVAL", `bad port '${text}'`, "a port is 1..65535");
  return Number(text);
}

/** "1.5" cores or "500m" millicores -> millicores. */
export function parseCores(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(text);
  const millicores = match === null ? NaN : match[2] === "m" ? Number(match[1]) : Number(match[1]) * 1000;
  if (!Number.isInteger(millicores) || millicores < 1 || millicores > CONTAINER_CPU_MILLICORES_MAX) {
    fail("EINVAL", `bad CPU amount '${text}'`, `cores (1.5) or millicores (500m), 1m..${CONTAINER_CPU_MILLICORES_MAX / 1000} cores`);
  }
  return millicores;
}

function parseRate(text: string): number {
  const match = /^(.+)\/s$/.exec(text);
  if (match === null) fail("EINVAL", `bad rate '${text}'`, "a size per second: 8M/s");
  const bytes = parseSize(match[1]!, "rate");
  if (bytes < 1) fail("EINVAL", `rate '${text}' is zero`);
  return bytes;
}

function logTextOf(text: string): string {
  if (text.length > CONTAINER_LOG_LINE_LENGTH_MAX) fail("EINVAL", `log text is ${text.length} characters; the limit is ${CONTAINER_LOG_LINE_LENGTH_MAX}`);
  return text;
}
