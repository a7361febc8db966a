// One kshell child driven the way a user pipes commands into it: the built binary, commands on
// its stdin, plain output on its stdout. `send(lines)` writes a batch of command lines followed by
// an `echo <marker>` and resolves with the wall-clock milliseconds until that marker comes back.
// Why batches and markers rather than one script with timestamps inside: kshell's clock is
// simulated (no wall time to print), and the plain runner holds a batch's output until its stdin
// runs dry, so a marker in the middle of one long piped script arrives with everything else. A
// batch sent to an idle child and ended by a marker is timed from the moment it is written to the
// moment the child has run all of it and waits for more: the commands and nothing else.
// With `rssFile` the child runs under /usr/bin/time, which writes its peak RSS (KiB) there.

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const TIME = "/usr/bin/time";
const STDERR_KEPT = 16_384;
let markersSent = 0;
const running = new Set(); // sessions whose child has not exited: each in its own process group, out of a Ctrl-C's reach

/** Ends every child still running (on Ctrl-C: they are detached, so the terminal's SIGINT misses them). */
export function killAll(reason) {
  for (const session of running) session.kill(reason);
}

export class KshellSession {
  /** `args` after the binary (e.g. --state dir --seed 1); `timeoutMs` bounds each batch and the exit. */
  constructor(kshell, args, { env, rssFile, timeoutMs }) {
    this.rssFile = rssFile !== undefined && existsSync(TIME) ? rssFile : undefined;
    const argv = [process.execPath, kshell, ...args];
    const command = this.rssFile === undefined ? argv : [TIME, "-f", "%M", "-o", this.rssFile, ...argv];
    // Its own process group, so a timeout ends the binary and the time wrapper together.
    this.child = spawn(command[0], command.slice(1), { env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    this.timeoutMs = timeoutMs;
    this.stdout = "";
    this.stderr = "";
    this.waiting = undefined; // { marker, start, resolve, reject, timer }
    running.add(this);
    this.exited = new Promise((resolve) => this.child.on("close", (code, signal) => resolve({ code, signal, at: performance.now() })));
    this.exited.then(() => running.delete(this));
    this.exited.then((end) => this.fail(`kshell exited (${end.code ?? end.signal}) before the batch finished: ${this.lastError()}`));
    this.child.stdout.setEncoding("utf8").on("data", (text) => this.read(text));
    // The head of stderr names what went wrong (a crash's stack and GC trace follow it).
    this.child.stderr.setEncoding("utf8").on("data", (text) => (this.stderr = (this.stderr + text).slice(0, STDERR_KEPT)));
    this.child.stdin.on("error", () => {}); // a child that died is reported through `exited`
  }

  /** Runs `lines` (strings), then resolves with the milliseconds until the child finished them. */
  send(lines) {
    if (this.waiting !== undefined) throw new Error("one batch at a time");
    const marker = `kshell-bench-mark-${++markersSent}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.kill(`no answer within ${this.timeoutMs / 1000} s`), this.timeoutMs);
      this.waiting = { marker: `${marker}\n`, resolve, reject, timer, start: performance.now() };
      this.child.stdin.write([...lines, `echo ${marker}`, ""].join("\n"));
    });
  }

  /** Ends stdin (the user's Ctrl-D) and waits for the exit: its status, milliseconds, peak RSS in MB. */
  async close() {
    const start = performance.now();
    this.child.stdin.end();
    const timer = setTimeout(() => this.kill(`did not exit within ${this.timeoutMs / 1000} s`), this.timeoutMs);
    const end = await this.exited;
    clearTimeout(timer);
    const rssKiB = this.rssFile === undefined ? NaN : Number(readFileSync(this.rssFile, "utf8").trim().split("\n").at(-1));
    return { code: end.code, exitMs: end.at - start, rssMB: rssKiB / 1024, error: end.code === 0 ? undefined : this.lastError() };
  }

  /** Ends the child (its process group, which this session started) and fails the batch in flight. */
  kill(reason) {
    try {
      process.kill(-this.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    this.fail(reason);
  }

  read(text) {
    this.stdout += text;
    const waiting = this.waiting;
    if (waiting === undefined || !this.stdout.includes(waiting.marker)) return;
    const ms = performance.now() - waiting.start;
    clearTimeout(waiting.timer);
    this.waiting = undefined;
    this.stdout = this.stdout.slice(this.stdout.indexOf(waiting.marker) + waiting.marker.length);
    waiting.resolve(ms);
  }

  fail(reason) {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    clearTimeout(waiting.timer);
    this.waiting = undefined;
    waiting.reject(new Error(reason));
  }

  /** kshell's error line, or a crash's first line naming an error, or what it printed last. */
  lastError() {
    const lines = this.stderr.split("\n").map((line) => line.trim()).filter((line) => line !== "");
    return lines.find((line) => /error/i.test(line)) ?? lines[0] ?? (this.stdout.trim().split("\n").at(-1) || "no output");
  }
}
