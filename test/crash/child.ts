// One life of the crash test's child: the built binary (`node dist/kshell.js --state <dir> --seed
// N --keep-going`) with stdin left open, fed one command at a time. Each command is followed by
// `echo @@<n>` (echo is not journaled and prints its words), so the text between two markers is
// exactly one command's output, stderr included (the child runs under `2>&1`, through kshell's
// one ordered writer, so an error line lands before the marker that follows it). A burst sends
// several commands (each with its marker) in one write, so the child reads them together and runs
// them as one batch, showing their output only once its journal records are synced.
//
// What was acknowledged is what this process had read when it sent SIGKILL: `kill()` freezes the
// output, and anything the pipe still delivers afterwards is ignored, so a command counts as
// acknowledged only if its output line was complete before the kill.

import { spawn, type ChildProcess } from "node:child_process";
import { KSHELL, RUN_TIMEOUT_MS } from "../adversarial/run.js";

/** How a command ended, as far as this process saw before any kill. */
export interface Reply {
  readonly text: string; // its output, stderr included, without the marker
  readonly done: boolean; // the marker came: every line of it was read
  readonly ok: boolean | undefined; // a complete first line was read: success, or an error (`error: ...`, `kshell: ...`); undefined if none yet
}

export interface ChildOptions {
  readonly state: string; // the state directory
  readonly home: string; // KSHELL_HOME: kept out of the user's own
  readonly seed?: number;
  readonly keepGoing?: boolean; // --keep-going (the default): a refused command does not end the script
  readonly sentLine?: (line: string) => void; // hears every line sent (commands.log of a kept directory)
}

export class Child {
  private readonly process: ChildProcess;
  private output = ""; // everything read so far (frozen at the kill)
  private readFrom = 0; // where the command in flight (or the first of a burst) starts in `output`
  private sent = 0;
  private burstFirst = 0; // the marker number of a burst's first command
  private waiter: (() => void) | undefined;
  private killed = false;
  private gone = false; // the child has exited
  private readonly sentLine: (line: string) => void;
  readonly exited: Promise<number | null>;

  constructor(options: ChildOptions) {
    const args = [KSHELL, "--state", options.state, "--seed", String(options.seed ?? 1), ...(options.keepGoing === false ? [] : ["--keep-going"])];
    this.sentLine = options.sentLine ?? (() => undefined);
    // exec keeps the pid: the SIGKILL reaches node itself, not a shell around it
    this.process = spawn("/bin/sh", ["-c", 'exec "$0" "$@" 2>&1', process.execPath, ...args], {
      stdio: ["pipe", "pipe", "inherit"],
      env: { ...process.env, KSHELL_HOME: options.home, NO_COLOR: "1" },
    });
    this.process.stdin!.on("error", () => undefined); // killed while we still write
    this.process.stdout!.setEncoding("utf8"); // a character split between two reads stays whole
    this.process.stdout!.on("data", (chunk: string) => {
      if (this.killed) return;
      this.output += chunk;
      this.waiter?.();
    });
    // "close": the process has exited and its output is all read
    this.exited = new Promise((resolve) =>
      this.process.on("close", (code) => {
        this.gone = true;
        this.waiter?.();
        resolve(code);
      }),
    );
  }

  /** Sends one command line (and its marker); `reply()` then tells how far it got. */
  send(line: string): void {
    this.readFrom = this.output.length;
    this.sent++;
    this.sentLine(line);
    this.process.stdin!.write(`${line}\necho @@${this.sent}\n`);
  }

  /** Sends several command lines in one write, each with its marker; `replies()` then tells how far each got. */
  sendBurst(lines: readonly string[]): void {
    this.readFrom = this.output.length;
    this.burstFirst = this.sent + 1;
    for (const line of lines) this.sentLine(line);
    this.process.stdin!.write(lines.map((line) => `${line}\necho @@${++this.sent}\n`).join(""));
  }

  /** What the command in flight has printed so far. */
  reply(): Reply {
    return replyIn(this.output.slice(this.readFrom), this.sent).reply;
  }

  /** What each command of the last burst printed so far, in order. */
  replies(): Reply[] {
    const replies: Reply[] = [];
    let segment = this.output.slice(this.readFrom);
    for (let marker = this.burstFirst; marker <= this.sent; marker++) {
      const { reply, next } = replyIn(segment, marker);
      replies.push(reply);
      segment = segment.slice(next);
    }
    return replies;
  }

  /** Waits until the command in flight has finished (its marker read), the child exited, or the time limit. */
  async finish(timeoutMs = RUN_TIMEOUT_MS): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    while (!this.reply().done && !this.gone && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, Math.max(0, deadline - Date.now()));
      });
    }
    this.waiter = undefined;
    return this.reply();
  }

  /** Sends `line` and waits for its whole output. */
  async run(line: string): Promise<Reply> {
    this.send(line);
    return this.finish();
  }

  /** SIGKILL now; the output read so far is all that counts. */
  async kill(): Promise<void> {
    this.killed = true;
    this.process.kill("SIGKILL");
    await this.exited;
  }

  /** Closes stdin (a clean exit: kshell compacts and releases its lock) and waits. */
  async close(): Promise<number | null> {
    this.process.stdin!.end();
    return this.exited;
  }

  /** Whether the child has exited (e.g. it refused to load its state directory). */
  get dead(): boolean {
    return this.gone;
  }

  /** Everything the child printed (for a failed load: its one error line). */
  get transcript(): string {
    return this.output;
  }
}

/** The reply of the command whose output starts `segment` and ends at marker `n`; `next`: where the following command's output starts. */
function replyIn(segment: string, n: number): { reply: Reply; next: number } {
  const marker = `@@${n}\n`;
  const at = segment.startsWith(marker) ? 0 : segment.indexOf(`\n${marker}`);
  const end = at === 0 ? 0 : at + 1; // the text keeps its last newline
  const text = at < 0 ? segment : segment.slice(0, end);
  const firstLine = text.includes("\n") ? text.slice(0, text.indexOf("\n")) : undefined;
  const done = at >= 0;
  // a command that prints nothing succeeded once its marker came
  const ok = firstLine === undefined ? (done ? true : undefined) : !/^(error|kshell):/.test(firstLine);
  return { reply: { text, done, ok }, next: done ? end + marker.length : segment.length };
}
