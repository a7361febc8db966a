// The plain runner reads a piped script (`kshell < file`, `kshell run file`) from a readline
// interface's 'line' events: every line runs once and in order, however many come at once (the
// input is paused while many wait, resumed as they run), and a line that comes later still runs
// after what ran before it was shown.

import { createInterface } from "node:readline";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runPlain, type Output } from "../../shell/plain.js";
import { PIPED_LINES_AHEAD_MAX } from "../../src/limits.js";
import { newSession } from "../helpers.js";

function collected(onWrite: (text: string) => void = () => {}) {
  const written: string[] = [];
  const out: Output = {
    write: (text) => {
      written.push(text);
      onWrite(text);
    },
    error: (text) => written.push(`error: ${text}`),
  };
  return { out, text: () => written.join("") };
}

describe("runPlain over a readline interface", () => {
  it("runs every line once and in order, pausing the input while many wait and resuming it as they run", async () => {
    const input = new PassThrough();
    const reader = createInterface({ input, crlfDelay: Infinity });
    const events: string[] = [];
    const seen = (event: "pause" | "resume") => new Promise<void>((resolve) => reader.once(event, () => resolve(void events.push(event))));
    const paused = seen("pause");
    const resumed = paused.then(() => seen("resume"));
    const { out, text } = collected();
    const status = runPlain(newSession(), reader, { keepGoing: false, echo: false }, out); // listening before the lines come (readline drops lines no one hears)
    const echo = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `echo ${from + i}\n`).join("");
    const first = 3 * PIPED_LINES_AHEAD_MAX;
    input.write(echo(0, first));
    await resumed; // paused with more than PIPED_LINES_AHEAD_MAX waiting, resumed once the runner had run most of them
    input.end(echo(first, 5000));
    expect(await status).toBe(0);
    expect(events).toEqual(["pause", "resume"]);
    expect(text()).toBe(Array.from({ length: 5000 }, (_, i) => `${i}\n`).join(""));
  });

  it("shows what ran before the next line has come, then runs that line when it comes", async () => {
    const input = new PassThrough();
    const reader = createInterface({ input, crlfDelay: Infinity });
    let shown!: () => void;
    const firstShown = new Promise<void>((resolve) => (shown = resolve));
    const { out, text } = collected((written) => written.includes("a") && shown());
    const status = runPlain(newSession(), reader, { keepGoing: false, echo: false }, out);
    input.write("echo a\n");
    await firstShown; // shown while the input is still open: the runner did not wait for more
    expect(text()).toBe("a\n");
    input.end("vol create v1 --size 1M\necho b\n");
    expect(await status).toBe(0);
    expect(text()).toMatch(/^a\n.*v1.*\nb\n$/s);
  });

  it("stops at the first failure and leaves the lines after it unrun", async () => {
    const input = new PassThrough();
    const reader = createInterface({ input, crlfDelay: Infinity });
    const { out, text } = collected();
    const status = runPlain(newSession(), reader, { keepGoing: false, echo: false }, out);
    input.end("echo a\nvol show nothing\necho never\n");
    expect(await status).toBe(1);
    expect(text()).toMatch(/^a\nerror: error: line 2: /);
    expect(text()).not.toContain("never");
  });
});
