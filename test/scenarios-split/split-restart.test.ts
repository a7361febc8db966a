// A clean exit and a restart resume exactly where an uninterrupted run would be: every story of
// test/scenarios is split after some of its lines (split-run.ts), and the two runs' output, joined,
// must equal one run's, as must whether a command failed. The splits are the lines where a
// difference was once found (what a clean exit's snapshot left out: a running capture, ARP
// caches, QoS buckets) and, for every story, the line half way through (the suite's time budget);
// KSHELL_SPLIT_EVERY_LINE=1 splits after every command line (~6 min on 2 cores, too long for CI).
// Ignored, because it legitimately differs: whether `audit verify` finds the trail sealed (the
// clean exit saved, and a save seals it); and no split is made while a `su` is open (the end of
// input logs out of it, as closing a terminal does: resumePoints in split-run.ts).

import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalized, resumePoints, splitRun, STORIES, storyLines, wholeRun } from "./split-run.js";

/** Lines after which a split once lost state, by story. */
const FOUND_SPLITS: Readonly<Record<string, readonly number[]>> = {
  "network-story.ksh": [20],
  "pods-story.ksh": [33],
  "storage-story.ksh": [27],
};

const EVERY_LINE = process.env.KSHELL_SPLIT_EVERY_LINE === "1";
const EVERY_LINE_TIMEOUT_MS = 10 * 60_000; // the runner's guard for a story split at every line (pods-story: ~50 runs of the binary); not a speed check

function splitsOf(name: string, lines: readonly string[], wholeOutput: string): number[] {
  const candidates = resumePoints(lines, wholeOutput);
  if (EVERY_LINE) return candidates;
  const middle = candidates[Math.floor(candidates.length / 2)]!;
  return [...new Set([...(FOUND_SPLITS[name] ?? []), middle])].sort((a, b) => a - b);
}

describe("a clean exit and restart resume where an uninterrupted run would be", () => {
  const stories = readdirSync(STORIES).filter((name) => name.endsWith(".ksh"));
  it("has stories", () => expect(stories.length).toBeGreaterThan(0));

  it.each(stories)("%s, split and resumed, prints what one run prints", (name) => {
    const lines = storyLines(name);
    const whole = wholeRun(lines);
    const splits = splitsOf(name, lines, whole.output);
    expect(splits.length).toBeGreaterThan(0);
    for (const k of splits) {
      const split = splitRun(lines, k);
      expect(normalized(split.output), `${name} split after line ${k}`).toBe(normalized(whole.output));
      expect(split.failed, `${name} split after line ${k}: a command failed`).toBe(whole.failed);
    }
  }, EVERY_LINE ? EVERY_LINE_TIMEOUT_MS : undefined);
});
