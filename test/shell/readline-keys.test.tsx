// Every readline binding the prompt offers, typed as a terminal sends it (the escape sequences
// xterm and tmux send), through Ink's input parser into the app: what the line holds afterwards,
// and where the cursor is (a marker typed after the keys lands there).

import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../shell/components/App.js";
import { newSession } from "../helpers.js";
import { frameWhere, type, writtenWhere } from "./frames.js";

const DELETE = "\x1b[3~";
const BACKSPACE = "\x7f";
const CTRL_LEFT = "\x1b[1;5D";
const CTRL_RIGHT = "\x1b[1;5C";
const ALT_LEFT = "\x1b[1;3D";
const ALT_B = "\x1bb";
const ALT_F = "\x1bf";
const ALT_D = "\x1bd";
const ALT_BACKSPACE = "\x1b\x7f";
const ctrl = (letter: string) => String.fromCharCode(letter.charCodeAt(0) - 96);

function mount() {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  return { session, ...render(<App session={session} onLine={() => undefined} />) };
}

const PROMPT = "root@kshell T+00:00:00 # ";
const promptLine = (frame: string) => frame.trimEnd().split("\n").find((line) => line.startsWith(PROMPT))?.slice(PROMPT.length);

afterEach(cleanup);

/** Types `text`, then `keys` one by one, then a `|` marker; returns the line (the marker shows the cursor). */
async function lineAfter(text: string, ...keys: string[]): Promise<string> {
  const { lastFrame, stdin } = mount();
  await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
  await type(stdin, text, ...keys, "|");
  return promptLine(await frameWhere(lastFrame, (f) => promptLine(f)?.includes("|") === true))!;
}

describe("readline keys at the prompt", () => {
  it.each([
    ["Delete deletes forward", "vol list", [ctrl("a"), DELETE], "|ol list"],
    ["Backspace deletes back", "vol list", [BACKSPACE], "vol lis|"],
    ["Ctrl-B and Ctrl-F move by a character", "vol list", [ctrl("b"), ctrl("b"), ctrl("f")], "vol lis|t"],
    ["Alt-B moves back a word", "vol snap create", [ALT_B], "vol snap |create"],
    ["Alt-B twice", "vol snap create", [ALT_B, ALT_B], "vol |snap create"],
    ["Alt-F moves to the end of the next word", "vol snap create", [ctrl("a"), ALT_F, ALT_F], "vol snap| create"],
    ["Ctrl-Left moves back a word", "vol snap create", [CTRL_LEFT], "vol snap |create"],
    ["Alt-Left moves back a word", "vol snap create", [ALT_LEFT], "vol snap |create"],
    ["Ctrl-Right moves to a word's end", "vol snap create", [ctrl("a"), CTRL_RIGHT], "vol| snap create"],
    ["Alt-Backspace kills the word before", "vol snap-create", [ALT_BACKSPACE], "vol snap-|"],
    ["Ctrl-W kills back to a blank", "vol snap-create", [ctrl("w")], "vol |"],
    ["Alt-D kills the word after", "vol snap create", [ctrl("a"), ALT_D], "| snap create"],
    ["Ctrl-Y yanks what Ctrl-K cut", "vol snap create", [ALT_B, ctrl("k"), BACKSPACE, ctrl("a"), ctrl("y")], "create|vol snap"],
    ["Ctrl-Y yanks what Ctrl-U cut", "vol list", [ctrl("b"), ctrl("u"), ctrl("e"), ctrl("y")], "tvol lis|"],
    ["Ctrl-W twice then Ctrl-Y brings both words back", "echo a b c", [ctrl("w"), ctrl("w"), ctrl("y")], "echo a b c|"],
    ["Ctrl-T transposes the characters at the cursor", "vol lsit", [ctrl("b"), ctrl("b"), ctrl("t")], "vol lis|t"],
    ["Ctrl-T at the end swaps the last two", "vol lits", [ctrl("t")], "vol list|"],
    ["Ctrl-D on a non-empty line deletes forward", "vol list", [ctrl("a"), ctrl("d"), ctrl("d")], "|l list"],
    ["Home and End", "vol list", ["\x1b[H", "x", "\x1b[F"], "xvol list|"],
  ] as [string, string, string[], string][])("%s", async (_name, text, keys, expected) => {
    expect(await lineAfter(text, ...keys)).toBe(expected);
  });

  it("keeps the kill ring for the next line, as readline does", async () => {
    const { lastFrame, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "echo kept", ctrl("w"), ctrl("u"), ctrl("y"), "\r");
    await type(stdin, ctrl("y"));
    expect(promptLine(await frameWhere(lastFrame, (f) => promptLine(f) === "echo kept"))).toBe("echo kept");
  });

  it("Esc during Ctrl-R keeps the match on the line for editing", async () => {
    const { lastFrame, stdin, frames } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "echo first", "\r", "status", "\r");
    await writtenWhere(frames, (w) => w.includes("# status"));
    await type(stdin, ctrl("r"), "fir");
    await frameWhere(lastFrame, (f) => f.includes("(reverse-i-search)'fir': echo first"));
    await type(stdin, "\x1b");
    await frameWhere(lastFrame, (f) => !f.includes("reverse-i-search"));
    await type(stdin, "!");
    expect(promptLine(await frameWhere(lastFrame, (f) => promptLine(f)?.endsWith("!") === true))).toBe("echo first!");
  });

  it("Ctrl-G during Ctrl-R gives the search up and keeps the line as it was", async () => {
    const { lastFrame, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "echo first", "\r", "ec", ctrl("r"), "first", ctrl("g"), "|");
    expect(promptLine(await frameWhere(lastFrame, (f) => promptLine(f)?.includes("|") === true))).toBe("ec|");
  });

  it("Ctrl-L clears the screen and keeps the line being typed", async () => {
    const { lastFrame, stdin, frames } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "vol li", ctrl("l"));
    await writtenWhere(frames, (w) => w.includes("\x1b[2J"));
    await type(stdin, "st");
    expect(promptLine(await frameWhere(lastFrame, (f) => promptLine(f) === "vol list"))).toBe("vol list");
  });

  it("clear clears the screen and the scrollback", async () => {
    const { lastFrame, stdin, frames } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "clear", "\r");
    expect(await writtenWhere(frames, (w) => w.includes("\x1b[3J"))).toContain("\x1b[H\x1b[2J\x1b[3J");
  });

  it("clear in a script prints nothing and asks nothing of the runner", () => {
    expect(newSession().execute("clear; echo after")).toEqual({ ok: true, lines: ["after"], exit: false, view: undefined });
  });
});

describe("Ctrl-D on an empty line", () => {
  it("returns from su to the previous user, then leaves", async () => {
    const { lastFrame, stdin, frames, session } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "user add alice; su alice", "\r");
    await frameWhere(lastFrame, (f) => f.includes("alice@kshell"));
    await type(stdin, ctrl("d"));
    await writtenWhere(frames, (w) => w.includes("logout: back to root"));
    await frameWhere(lastFrame, (f) => f.includes("root@kshell"));
    expect(session.subject.name).toBe("root");
    expect(session.history()).not.toContain("exit"); // a key, not a typed command
  });

  it("leaves the shell at the top level", async () => {
    const { lastFrame, stdin, frames } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    const before = frames.length;
    await type(stdin, ctrl("d"));
    expect(await writtenWhere(frames, (w) => w.includes("# exit"))).toContain("# exit");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await type(stdin, "echo after", "\r"); // nobody listens once the app has left
    expect(frames.slice(before).join("")).not.toContain("after");
  });
});

describe("lines typed at the prompt", () => {
  it("runs every command after ;, even past a failure, as bash does", async () => {
    const { lastFrame, stdin, frames } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "echo one; bogus; echo two", "\r");
    const written = await writtenWhere(frames, (w) => w.includes("two\n"));
    expect(written).toMatch(/one\n.*unknown command 'bogus'.*\ntwo\n/s);
  });

  it("stops at && after a failure and goes on after the next ;", async () => {
    const { lastFrame, stdin, frames } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "bogus && echo skipped; echo ran && echo also", "\r");
    const written = await writtenWhere(frames, (w) => w.includes("also\n"));
    expect(written).toContain("ran\nalso\n");
    expect(written).not.toMatch(/^skipped$/m);
  });

  it("expands !! and !prefix and shows the line before running it", async () => {
    const { lastFrame, stdin, frames, session } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "echo alpha", "\r", "status", "\r");
    await writtenWhere(frames, (w) => w.includes("# status"));
    await type(stdin, "!ec", "\r");
    expect(await writtenWhere(frames, (w) => w.includes("# !ec\n"))).toMatch(/# !ec\necho alpha\nalpha\n/);
    await type(stdin, "!!", "\r");
    expect(await writtenWhere(frames, (w) => w.includes("# !!\n"))).toMatch(/# !!\necho alpha\nalpha\n/);
    expect(session.history().slice(-2)).toEqual(["echo alpha", "echo alpha"]); // the expanded line, as bash keeps
    await type(stdin, "!nothing", "\r");
    expect(await writtenWhere(frames, (w) => w.includes("event not found"))).toContain("error: !nothing: event not found");
  });
});
