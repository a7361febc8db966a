// The plain runner's output as a pipe sees it: stdout and stderr in one pipe (2>&1) behind a slow
// reader keep every line whole and in the order the commands produced it, and `exit` leaves at
// once, with its status and every byte of output, even while the input stays open.

import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KSHELL, kshell, tempDir } from "../helpers.js";

const ENV = { ...process.env, NO_COLOR: "1" };
const EXIT_WAIT_MS = 5000; // far longer than kshell needs to leave; stdin stays open past it

/** The script's lines and the bytes `2>&1` must show for them: echoes, failures and big help pages mixed. */
function mixedScript(helpText: string): { script: string; expected: string } {
  const lines: string[] = [];
  let expected = "";
  for (let i = 0; i < 3000; i++) {
    const text = `line ${i} x${"y".repeat((i * 37) % 300)}`;
    lines.push(`echo ${text}`);
    expected += `${text}\n`;
    if (i % 3 === 0) {
      lines.push(`bogus${i}`);
      expected += `error: line ${lines.length}: unknown command 'bogus${i}' [EINVAL] — type \`help\` for the list of commands\n`;
    }
    if (i % 100 === 0) {
      lines.push("help");
      expected += helpText;
    }
  }
  return { script: `${lines.join("\n")}\n`, expected };
}

/** Runs `kshell --keep-going < file 2>&1` and reads the pipe in small bites with pauses, as a slow consumer would. */
function runIntoSlowReader(file: string): Promise<{ output: string; status: number | null }> {
  const child = spawn("sh", ["-c", `exec "${process.execPath}" "${KSHELL}" --keep-going < "${file}" 2>&1`], { stdio: ["ignore", "pipe", "inherit"], env: ENV });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 1);
  });
  return new Promise((resolve) => child.on("close", (status) => resolve({ output: Buffer.concat(chunks).toString("utf8"), status })));
}

/** Starts kshell with `input` on a stdin that stays open; resolves with how it ended, or "still running" after EXIT_WAIT_MS. */
function runWithOpenStdin(args: readonly string[], input: string, slowReader = false) {
  const child = spawn(process.execPath, [KSHELL, ...args], { stdio: ["pipe", "pipe", "pipe"], env: { ...ENV, KSHELL_HOME: tempDir("kshell-home-") } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!slowReader) return;
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 1);
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.write(input); // and never ended
  const timer = setTimeout(() => child.kill("SIGKILL"), EXIT_WAIT_MS);
  return new Promise<{ status: number | "still running"; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ status: signal === "SIGKILL" ? "still running" : status!, stdout, stderr });
    }),
  );
}

describe("piped output", () => {
  it("keeps stdout and stderr lines whole and in order behind a slow reader (2>&1), the same bytes every run", async () => {
    const help = kshell(["-c", "help"]).stdout;
    const { script, expected } = mixedScript(help);
    const file = join(tempDir(), "mixed.ksh");
    writeFileSync(file, script);
    const runs = await Promise.all([runIntoSlowReader(file), runIntoSlowReader(file), runIntoSlowReader(file)]);
    for (const run of runs) {
      expect(run.status).toBe(1); // --keep-going: a command failed
      expect(run.output.length).toBe(expected.length);
      expect(run.output === expected).toBe(true); // byte for byte (a diff of 800 KB is no help)
    }
  }, 60_000);
});

describe("exit in piped input", () => {
  it("leaves at once with status 0 while stdin stays open", async () => {
    const run = await runWithOpenStdin([], "echo before\nexit\necho after\n");
    expect(run).toEqual({ status: 0, stdout: "before\n", stderr: "" });
  });

  it("leaves at once with status 1 after a failure under --keep-going", async () => {
    const run = await runWithOpenStdin(["--keep-going"], "bogus\nexit\n");
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("error: line 1: unknown command 'bogus' [EINVAL] — type `help` for the list of commands\n");
  });

  it("leaves at once with a state directory, which keeps what ran", async () => {
    const state = tempDir();
    const run = await runWithOpenStdin(["--state", state], "sleep 7s\nexit\n");
    expect(run).toEqual({ status: 0, stdout: "clock T+00:00:07.0 (+7 s)\n", stderr: "" });
    expect(kshell(["--state", state], "clock\n").stdout).toMatch(/^T\+00:00:07\.0/);
  });

  it("writes all of a large output to a slow reader before leaving", async () => {
    const help = kshell(["-c", "help"]).stdout;
    const run = await runWithOpenStdin([], `${"help\n".repeat(400)}exit\n`, true);
    expect(run.status).toBe(0);
    expect(run.stdout === help.repeat(400)).toBe(true);
  });

  it("stops a -c list and a script file at exit, with the status so far", () => {
    expect(kshell(["-c", "echo a; exit; whoami"])).toMatchObject({ status: 0, stdout: "a\n", stderr: "" });
    expect(kshell(["--keep-going", "-c", "bogus; exit; whoami"])).toMatchObject({ status: 1, stdout: "" });
    const file = join(tempDir(), "s.ksh");
    writeFileSync(file, "echo a\nexit\necho b\n");
    expect(kshell(["run", file])).toMatchObject({ status: 0, stdout: "a\n", stderr: "" });
  });
});
