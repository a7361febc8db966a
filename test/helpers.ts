// Shared test helpers: a kernel and a session with a fixed seal key, and the path of the built binary.

import { SUBSYSTEMS } from "../modules/subsystems.js";
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KernelError } from "../src/errors.js";
import { Kernel } from "../src/kernel.js";
import { Session, type SessionOptions } from "../shell/session.js";

export const TEST_KEY = new Uint8Array(32).fill(7);
export const ROOT_DIR = new URL("..", import.meta.url).pathname;
export const KSHELL = join(ROOT_DIR, "dist", "kshell.js");

export function newKernel(seed = 1): Kernel {
  return new Kernel({ seed, sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
}

export function newSession(options: Partial<SessionOptions> = {}): Session {
  return new Session({ seed: 1, sealKey: TEST_KEY, ...options });
}

/** Runs `line` and returns its outcome, failing the test with the error line if it failed. */
export function ok(session: Session, line: string): string[] {
  const outcome = session.execute(line);
  if (!outcome.ok) throw new Error(`'${line}' failed: ${outcome.error}`);
  return [...outcome.lines];
}

/** An audit entry as `audit query --json` gives it (the fields tests read). */
export interface TrailEntry {
  readonly level: string;
  readonly type: string;
  readonly uid: number;
  readonly action: string;
  readonly object: string;
  readonly result: string;
  readonly message: string;
}

/** The entries `audit query <query> --json` lists, as the session's user reads them. */
export function trailEntries(session: Session, query: string): TrailEntry[] {
  return (JSON.parse(ok(session, `audit query ${query} --json`).join("\n")) as { entries: TrailEntry[] }).entries;
}

export function tempDir(prefix = "kshell-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the built binary with `input` on stdin; KSHELL_HOME points at a scratch directory. */
export function kshell(args: readonly string[], input = "", env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [KSHELL, ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, KSHELL_HOME: tempDir("kshell-home-"), NO_COLOR: "1", ...env },
  });
}

/** Starts kshell on `lines` with stdin left open; resolves once stdout shows `ready`. */
export function startKshell(args: readonly string[], lines: readonly string[], ready: string) {
  const child = spawn(process.execPath, [KSHELL, ...args], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const seen = new Promise<void>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes(ready)) resolve();
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.stdin.write(lines.map((line) => `${line}\n`).join(""));
  return { child, seen, exited, output: () => ({ stdout, stderr }) };
}

/** The code and message of the KernelError `run` throws (anything else fails the test). */
export function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof KernelError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a KernelError");
}

/**
 * A kernel's snapshot with each chunk's slot left out: a replay after a crash puts the bytes in
 * other slots than the run it replays (it never writes the ones the journal names), so two kernels
 * that hold the same chunks compare equal this way.
 */
export function withoutChunkSlots(snapshot: ReturnType<Kernel["toSnapshot"]>): unknown {
  const devices = Object.entries(snapshot.chunks?.devices ?? {}).map(([name, device]) => [name, device.chunks.map(([id, , crc]) => [id, crc])]);
  return { ...snapshot, chunks: devices };
}

/** Each leaf (number, string, boolean, null) of a parsed JSON value with its path, depth first. */
export function* leaves(value: unknown, path = "$"): Generator<[string, unknown]> {
  if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* leaves(item, `${path}[${i}]`);
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) yield* leaves(item, `${path}.${key}`);
  else yield [path, value];
}
