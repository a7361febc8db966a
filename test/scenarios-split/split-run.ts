// Runs a story (test/scenarios/*.ksh) through the built binary the way a person who stops and
// comes back does: lines 1..k with --state DIR, a clean exit, then the rest with the same --state
// and --seed, and compares what the two runs printed, joined, with one uninterrupted run's on a
// state directory of its own. Part two is fed k blank lines first, so its error lines name the
// line of the story ("line 21:"), as the uninterrupted run does; blank lines print nothing.

import { spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { KSHELL, ROOT_DIR, tempDir } from "../helpers.js";

export const STORIES = join(ROOT_DIR, "test", "scenarios");

/** What differs legitimately: `audit verify` says the trail is sealed once a clean exit has saved (a save seals it). */
export function normalized(output: string): string {
  return output.replace(/chain intact, (seal valid|not yet sealed \(save seals it\))/g, "chain intact, <seal>");
}

interface Run {
  readonly output: string; // stdout and stderr in the order written, as `2>&1` gives them
  readonly failed: boolean;
}

function kshellOn(stateDir: string, input: string): Run {
  const outFile = join(stateDir, "..", `out-${process.pid}.txt`);
  const fd = openSync(outFile, "w");
  const run = spawnSync(process.execPath, [KSHELL, "--seed", "7", "--echo", "--keep-going", "--state", stateDir], {
    input,
    cwd: ROOT_DIR,
    stdio: ["pipe", fd, fd],
    env: { ...process.env, KSHELL_HOME: tempDir("kshell-home-"), NO_COLOR: "1" },
  });
  closeSync(fd);
  const output = readFileSync(outFile, "utf8");
  rmSync(outFile);
  return { output, failed: run.status !== 0 };
}

export function storyLines(name: string): string[] {
  const lines = readFileSync(join(STORIES, name), "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** The uninterrupted run of `lines`. */
export function wholeRun(lines: readonly string[]): Run {
  const home = tempDir("kshell-split-");
  try {
    return kshellOn(join(home, "state"), `${lines.join("\n")}\n`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Lines 1..`k` in one run, a clean exit, the rest in a second run on the same state directory. */
export function splitRun(lines: readonly string[], k: number): Run {
  const home = tempDir("kshell-split-");
  try {
    const state = join(home, "state");
    const first = kshellOn(state, `${lines.slice(0, k).join("\n")}\n`);
    const second = kshellOn(state, `${"\n".repeat(k)}${lines.slice(k).join("\n")}\n`);
    return { output: first.output + second.output, failed: first.failed || second.failed };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Lines a story can stop after: commands, not comments or blanks (a split there equals the one
 * before), and not while a `su` is open — the end of input logs out of it as closing a terminal
 * does (the su stack is the session's, not the kernel's), so the next run starts as root. Which
 * su succeeded is read from the uninterrupted run's output: its echoed lines ("> line") map one to
 * one onto the story's non-blank lines, "now <user> (uid N); exit returns" opens one and
 * "logout: back to <user>" closes one.
 */
export function resumePoints(lines: readonly string[], wholeOutput: string): number[] {
  const scriptLines = lines.flatMap((line, at) => (line.trim() === "" ? [] : [at + 1]));
  const depthAfter = new Map<number, number>();
  let depth = 0;
  let echoed = -1;
  for (const line of wholeOutput.split("\n")) {
    if (line.startsWith("> ")) {
      if (echoed >= 0) depthAfter.set(scriptLines[echoed]!, depth);
      echoed++;
    } else if (/^now \S+ \(uid \d+\); exit returns$/.test(line)) depth++;
    else if (line.startsWith("logout: back to ")) depth--;
  }
  if (echoed + 1 !== scriptLines.length) throw new Error(`the whole run echoed ${echoed + 1} lines of ${scriptLines.length}: cannot map its output onto the story`);
  const command = (at: number) => !lines[at - 1]!.trim().startsWith("#") && at < lines.length;
  return scriptLines.filter((at) => command(at) && depthAfter.get(at) === 0);
}
