// NO_COLOR (and --no-color) in the interactive shell: the session's display has no colour, and
// neither has what Ink draws itself (the prompt, the cursor, hints), even on a terminal where
// chalk would colour.

import chalk from "chalk";
import { cleanup, render } from "ink-testing-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { App } from "../../shell/components/App.js";
import { newSession } from "../helpers.js";
import { frameWhere, type, writtenWhere } from "./frames.js";

const STYLE_SEQUENCE = /\x1b\[[0-9;]*m/; // SGR: colour, bold, dim, inverse

let level = chalk.level;
beforeEach(() => {
  level = chalk.level;
  chalk.level = 1; // a terminal chalk would colour
});
afterEach(() => {
  cleanup();
  chalk.level = level;
});

const plain = (text: string | undefined) => (text ?? "").replace(/\x1b\[[0-9;]*m/g, "");

async function everythingWritten(color: boolean): Promise<string> {
  const session = newSession({ interactive: true, wallClockMs: () => 0, color });
  const { lastFrame, frames, stdin } = render(<App session={session} onLine={() => undefined} />);
  await frameWhere(() => plain(lastFrame()), (f) => f.includes("kshell T+"));
  await type(stdin, "echo hi; bogus; status", "\r", "audit q", "\t", "\t");
  await writtenWhere(frames, (w) => w.includes("unknown command"));
  await frameWhere(() => plain(lastFrame()), (f) => f.includes("# audit query"));
  return frames.join("");
}

describe("NO_COLOR in the interactive shell", () => {
  it("writes no colour or style sequences: prompt, cursor, errors, echoed input", async () => {
    expect(await everythingWritten(false)).not.toMatch(STYLE_SEQUENCE);
  });

  it("colours with colour wanted (so the check above can fail)", async () => {
    expect(await everythingWritten(true)).toMatch(STYLE_SEQUENCE);
  });
});
