// How the adversarial harness drives kshell: always the built binary (`node dist/kshell.js`,
// run `node scripts/build.mjs` first) on state directories in temporary folders, each run under
// a time limit so a hang is reported instead of waited for. A state directory prepared once
// (the ordinary run every attack starts from) is copied for each try, so tries are independent.

import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The project's root: scripts/adversarial.mjs runs a bundle from elsewhere and says where it is.
export const ROOT = process.env.KSHELL_ROOT ?? new URL("../..", import.meta.url).pathname;
export const KSHELL = join(ROOT, "dist", "kshell.js");
export const RUN_TIMEOUT_MS = 10_000; // a run longer than this is a hang (a healthy one takes ~0.2 s)

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly hung: boolean;
  readonly pid: number;
}

const made: { readonly dir: string; readonly keep: boolean }[] = []; // scratch folders, removed between attacks

/** A new temporary folder; `keep` ones (templates copied by later tries) survive removeScratch(false). */
export function scratch(prefix = "kshell-adv-", keep = false): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push({ dir, keep });
  return dir;
}

/** Removes the scratch folders made so far (a baseline copy holds ~3 MB; the long form makes thousands). */
export function removeScratch(all: boolean): void {
  for (let i = made.length - 1; i >= 0; i--) {
    if (!all && made[i]!.keep) continue;
    rmSync(made[i]!.dir, { recursive: true, force: true });
    made.splice(i, 1);
  }
}

/** Runs kshell to completion with `lines` on stdin (stdin then closes). */
export function kshell(args: readonly string[], lines: readonly string[] = [], timeoutMs = RUN_TIMEOUT_MS): Run {
  const result = spawnSync(process.execPath, [KSHELL, ...args], {
    input: lines.map((line) => `${line}\n`).join(""),
    encoding: "utf8",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    env: { ...process.env, KSHELL_HOME: scratch("kshell-adv-home-"), NO_COLOR: "1" },
  });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", hung: result.error !== undefined || result.signal !== null, pid: result.pid ?? 0 };
}

/** kshell on a state directory, going on past failures. */
export function onState(state: string, lines: readonly string[], extra: readonly string[] = []): Run {
  return kshell(["--state", state, "--keep-going", ...extra], lines);
}

export interface KillWhen {
  readonly until?: RegExp; // kill as soon as stdout or stderr shows this
  readonly waitMs?: number; // kill this long after the start, or after `armedBy` shows
  readonly armedBy?: RegExp; // start the waitMs timer when stdout first shows this
}

/** A kshell with stdin left open, killed with SIGKILL when `when` says (at the latest after the time limit). */
export function killedDuring(args: readonly string[], lines: readonly string[], when: KillWhen): Promise<Run> {
  const child = spawn(process.execPath, [KSHELL, ...args], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  return new Promise((resolve) => {
    const kill = () => child.kill("SIGKILL");
    const guard = setTimeout(kill, RUN_TIMEOUT_MS);
    let timer = when.armedBy === undefined && when.waitMs !== undefined ? setTimeout(kill, when.waitMs) : undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (when.until?.test(stdout)) kill();
      if (timer === undefined && when.armedBy?.test(stdout)) timer = setTimeout(kill, when.waitMs ?? 0);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (when.until?.test(stderr)) kill();
    });
    child.on("exit", (code, signal) => {
      clearTimeout(guard);
      clearTimeout(timer);
      resolve({ status: code, stdout, stderr, hung: signal === null && code === null, pid: child.pid ?? 0 });
    });
    child.stdin.on("error", () => undefined); // killed while we still write
    child.stdin.write(lines.map((line) => `${line}\n`).join(""));
  });
}

/** Runs kshell asynchronously to completion (for two at once). */
export function kshellAsync(args: readonly string[], lines: readonly string[]): Promise<Run> {
  const child = spawn(process.execPath, [KSHELL, ...args], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const guard = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
  child.stdin.on("error", () => undefined);
  child.stdin.end(lines.map((line) => `${line}\n`).join(""));
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      clearTimeout(guard);
      resolve({ status: code, stdout, stderr, hung: signal === "SIGKILL", pid: child.pid ?? 0 });
    });
  });
}

/** A copy of a prepared state directory (without its lock) for one try. */
export function copyState(template: string, keep = false): string {
  const dir = join(scratch("kshell-adv-", keep), "state");
  cpSync(template, dir, { recursive: true, filter: (source) => !source.endsWith("/lock") });
  return dir;
}

/** Every file of a state directory but the lock, by path (chunks/ included): to check a refused load touched nothing. */
export function filesOf(dir: string, files = new Map<string, string>(), prefix = ""): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isDirectory()) filesOf(join(dir, entry.name), files, `${prefix}${entry.name}/`);
    else if (entry.name !== "lock") files.set(prefix + entry.name, readFileSync(join(dir, entry.name)).toString("base64"));
  }
  return files;
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2));
}

/** Parsed state files, loosely typed: attacks reach into them by the paths the baseline creates. */
export type Json = Record<string, any>;

/** An attack that edits state.json in place (by hand, as a person with a text editor would). */
export function editSnapshot(edit: (snapshot: Json) => void): (state: string) => void {
  return (state) => {
    const file = join(state, "state.json");
    const snapshot = readJson(file) as Json;
    edit(snapshot);
    writeFileSync(file, JSON.stringify(snapshot));
  };
}

export function lockPath(state: string): string {
  return join(state, "lock");
}

export function exists(path: string): boolean {
  return existsSync(path);
}

/** A pid no process has now: a child that has exited. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid ?? 999_999;
}
