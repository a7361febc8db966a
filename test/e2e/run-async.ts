// Runs the built binary without blocking the test's event loop, so several can run at once (two
// racing for a lock, a table of cases in parallel), and kills it if it outlives `timeoutMs`
// (a kshell that spins on bad input fails its test instead of hanging the suite).

import { spawn } from "node:child_process";
import { KSHELL, tempDir } from "../helpers.js";

export interface AsyncRun {
  readonly status: number | null; // null: killed after timeoutMs
  readonly stdout: string;
  readonly stderr: string;
}

export function runAsync(args: readonly string[], input: string, timeoutMs = 10_000): Promise<AsyncRun> {
  const env = { ...process.env, KSHELL_HOME: tempDir("kshell-home-"), NO_COLOR: "1" };
  const child = spawn(process.execPath, [KSHELL, ...args], { stdio: ["pipe", "pipe", "pipe"], env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.on("error", () => undefined); // it may exit before reading its input
  child.stdin.end(input);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) =>
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    }),
  );
}
