// Showing a page through the pager pager.ts chooses: for the plain runner on a terminal (`kshell -c
// "help vol"`, a script run at a terminal), and for the interactive shell, which waits for it.
// Imported only when stdout is a terminal, so a piped run never loads child_process.

import { spawn, spawnSync } from "node:child_process";
import { choosePager, onPath, type PagerChoice } from "./pager.js";
import { runBuiltinPager } from "./tty-pager.js";

/** What the plain runner asks of paging: whether a page goes through the pager, and showing it. */
export interface PlainPaging {
  wants(lines: readonly string[]): boolean;
  /** Shows the page once everything printed before it is out; resolves when the pager ends. */
  show(lines: readonly string[]): Promise<void>;
}

/** Paging on this process's terminal; `drained` settles once earlier output is written, `write` prints a page no pager could show. */
export function plainPaging(out: { drained(): Promise<void>; write(text: string): void }, color: boolean): PlainPaging {
  const choose = (lineCount: number) =>
    choosePager({ stdoutTTY: process.stdout.isTTY === true, stdinTTY: process.stdin.isTTY === true, rows: process.stdout.rows, lineCount, env: process.env, onPath });
  return {
    wants: (lines) => choose(lines.length).kind !== "none",
    async show(lines) {
      await out.drained();
      const choice = choose(lines.length);
      const text = `${lines.join("\n")}\n`;
      if (choice.kind === "builtin") return runBuiltinPager(lines, { input: process.stdin, output: process.stdout, color });
      if (choice.kind === "command" && (await whileIgnoringInterrupts(() => runPagerCommand(choice, text)))) return;
      out.write(text); // no pager after all: the page is printed as a pipe would get it
    },
  };
}

/**
 * Runs `work` with SIGINT ignored, as git does while its pager runs: Ctrl-C at less's prompt is
 * less's (it stops a search), not an interrupt of the script behind it.
 */
async function whileIgnoringInterrupts<T>(work: () => Promise<T>): Promise<T> {
  const listeners = process.listeners("SIGINT");
  const ignore = () => undefined;
  process.removeAllListeners("SIGINT");
  process.on("SIGINT", ignore);
  try {
    return await work();
  } finally {
    process.off("SIGINT", ignore);
    for (const listener of listeners) process.on("SIGINT", listener);
  }
}

/**
 * Runs the chosen pager program on `text`, resolving when it ends: true if it ran, false if it
 * could not start (a PAGER naming no program), for the caller to print the text instead.
 */
export function runPagerCommand(choice: Extract<PagerChoice, { kind: "command" }>, text: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(choice.command, [...choice.args], { stdio: ["pipe", "inherit", "inherit"], env: { ...process.env, ...choice.env } });
    child.once("error", () => resolve(false));
    child.stdin.on("error", () => undefined); // q before the whole page was read: EPIPE is expected
    child.stdin.end(text);
    child.once("close", (code) => resolve(code !== 127)); // 127: the shell found no such command
  });
}

/**
 * Runs the pager program on `text` and waits, the event loop blocked (the interactive shell: Ink
 * neither reads the keys meant for less nor draws under it); Ctrl-C is less's meanwhile. False
 * when it could not start, for the caller to show the page another way.
 */
export function runPagerCommandNow(choice: Extract<PagerChoice, { kind: "command" }>, text: string): boolean {
  const ignore = () => undefined;
  process.on("SIGINT", ignore); // a Ctrl-C at less's prompt reaches this process too: not an interrupt of the shell
  try {
    const run = spawnSync(choice.command, [...choice.args], { input: text, stdio: ["pipe", "inherit", "inherit"], env: { ...process.env, ...choice.env } });
    return run.error === undefined && run.status !== 127;
  } finally {
    setImmediate(() => process.off("SIGINT", ignore)); // after a signal that arrived while blocked is delivered
  }
}
