// What a person at the interactive shell feels, measured under a pseudo-terminal (pty-time.py,
// pty-drive.py) on the large state (large-state.mjs):
//   first prompt with the large state / with an empty state (paired run by run)
//   `top` at 10 Hz: the process's CPU time (all threads, /proc) over a few seconds of the pane
//   `audit query --limit 0` (8,192 lines): Enter to the next prompt, against the same command
//   piped into a running kshell (kshell-session.mjs: from writing the line to its output's end)

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { KshellSession } from "./kshell-session.mjs";
import { copyOf } from "./large-state.mjs";

const READY = "@kshell T+"; // the prompt
const PROMPT_RUNS = 7;
const TOP_RUNS = 3;
const TOP_SECONDS = 4;
const QUERY_RUNS = 3;
const QUERY_LINE = "audit query --limit 0";
const TIMEOUT_MS = 120_000;

const here = new URL(".", import.meta.url).pathname;
const ptyEnv = (context) => ({ ...context.env, TERM: "xterm-256color" });

function underPty(context, script, args) {
  return execFileSync("python3", [join(here, script), ...args], { env: ptyEnv(context), encoding: "utf8" });
}

/** Milliseconds from starting `argv` under a pty until `ready` shows (or, with none, it exits); see pty-time.py. */
export function ptyMs(context, argv, ready = "") {
  const ms = Number(underPty(context, "pty-time.py", [ready, ...argv]).trim());
  if (Number.isNaN(ms)) throw new Error(`'${argv.join(" ")}' never showed '${ready}'`);
  return ms;
}

/** Milliseconds to the first prompt of `kshell --state dir`. */
export const firstPromptMs = (context, dir) => ptyMs(context, [process.execPath, context.kshell, "--state", dir], READY);

/** Per-run ratios of the first prompt with the large state to the empty one, and both sides' ms. */
export function firstPrompts(context, states) {
  const large = [];
  const empty = [];
  firstPromptMs(context, states.empty); // warm the file cache
  firstPromptMs(context, states.large);
  for (let run = 0; run < PROMPT_RUNS; run++) {
    empty.push(firstPromptMs(context, states.empty));
    large.push(firstPromptMs(context, states.large));
  }
  return { ratios: large.map((ms, i) => ms / empty[i]), large, empty };
}

/** Fractions of one core `top` uses on the large state, one per run (each on a fresh copy). */
export function topCpu(context, states) {
  return Array.from({ length: TOP_RUNS }, () => {
    const dir = copyOf(context, states.large);
    const out = underPty(context, "pty-drive.py", ["cpu", READY, "top", String(TOP_SECONDS), process.execPath, context.kshell, "--state", dir]);
    return JSON.parse(out).cpu;
  });
}

/** `audit query --limit 0` on the large state: interactive ms per run, and piped ms per run. */
export async function longOutput(context, states) {
  const interactiveDir = copyOf(context, states.large);
  const out = underPty(context, "pty-drive.py", ["command", READY, QUERY_LINE, String(QUERY_RUNS), process.execPath, context.kshell, "--state", interactiveDir]);
  const interactive = JSON.parse(out).ms;
  const session = new KshellSession(context.kshell, ["--state", copyOf(context, states.large)], { env: context.env, timeoutMs: TIMEOUT_MS });
  const piped = [];
  try {
    await session.send([]); // started and restored
    for (let run = 0; run < QUERY_RUNS; run++) piped.push(await session.send([QUERY_LINE]));
    await session.close();
  } catch (error) {
    session.kill(error.message);
    throw error;
  }
  return { interactive, piped, ratios: interactive.map((ms, i) => ms / piped[i]) };
}
