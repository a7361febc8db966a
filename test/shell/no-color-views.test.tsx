// NO_COLOR in the live views and the prompt when Ink's chalk is not the shell's: the binary bundles
// Ink (dist/ink.mjs) apart from the shell (dist/kshell.cjs), each with its own chalk, so the
// shell lowering its chalk's level (use-plain-ink.ts) does not reach the colours Ink draws. Here
// that hook does nothing, as in the binary: the components themselves must draw no colour.

import chalk from "chalk";
import { cleanup, render } from "ink-testing-library";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../../shell/components/App.js";
import { newSession } from "../helpers.js";
import { frameWhere, type } from "./frames.js";

vi.mock("../../shell/hooks/use-plain-ink.js", () => ({ usePlainInk: () => undefined }));

const STYLE_SEQUENCE = /\x1b\[[0-9;]*m/; // SGR: colour, bold, dim, inverse
const plain = (text: string | undefined) => (text ?? "").replace(/\x1b\[[0-9;]*m/g, "");

let level = chalk.level;
beforeEach(() => {
  level = chalk.level;
  chalk.level = 1; // Ink's chalk on a terminal: it ignores NO_COLOR
});
afterEach(() => {
  cleanup();
  chalk.level = level;
});

/** Everything drawn: the prompt, `top` with its focused and other panes, a `:` command's pane, the footer. */
async function everythingDrawn(color: boolean): Promise<string> {
  const session = newSession({ interactive: true, wallClockMs: () => 0, color });
  const { lastFrame, frames, stdin } = render(<App session={session} onLine={() => undefined} />);
  await frameWhere(() => plain(lastFrame()), (f) => f.includes("kshell T+"));
  await type(stdin, "top", "\r");
  await frameWhere(() => plain(lastFrame()), (f) => f.includes("q/Esc"));
  await type(stdin, "\t", ":", "echo hi", "\r");
  await frameWhere(() => plain(lastFrame()), (f) => f.includes(":echo hi"));
  return frames.join("");
}

describe("NO_COLOR in the live views, with Ink's own chalk colouring", () => {
  it("draws no colour or style: prompt, pane borders, titles, footer, the `:` pane", async () => {
    expect(await everythingDrawn(false)).not.toMatch(STYLE_SEQUENCE);
  });

  it("colours with colour wanted (so the check above can fail)", async () => {
    expect(await everythingDrawn(true)).toMatch(STYLE_SEQUENCE);
  });
});
