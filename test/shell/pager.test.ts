// The pager (issue 17): which one a page goes through (git's rules: a terminal, a page taller
// than it, KSHELL_PAGER/PAGER, less -R -F -X, else built in), the keys and window of the built-in
// one, and the plain runner handing a tall help page to it. Ink-free.

import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LEAVE_ALTERNATE_SCREEN, ENTER_ALTERNATE_SCREEN } from "../../shell/screen-codes.js";
import { pageHeight, pageKeyOfBytes, pageKeyOfInk, scrolled, statusLine, pageWindow } from "../../shell/page-view.js";
import { choosePager, interactivePager, onPath, type PagerContext } from "../../shell/pager.js";
import { runPlain, type Output } from "../../shell/plain.js";
import { runPagerCommand } from "../../shell/run-pager.js";
import { runBuiltinPager } from "../../shell/tty-pager.js";
import { newSession, tempDir } from "../helpers.js";

const TALL = { stdoutTTY: true, stdinTTY: true, rows: 24, lineCount: 100, env: {}, onPath: () => true } satisfies PagerContext;

describe("choosing a pager", () => {
  it.each<[string, Partial<PagerContext>, ReturnType<typeof choosePager>]>([
    ["a pipe: never", { stdoutTTY: false }, { kind: "none" }],
    ["a page that fits the terminal", { lineCount: 23 }, { kind: "none" }],
    ["a page as tall as the terminal", { lineCount: 24 }, { kind: "command", command: "less", args: ["-R", "-F", "-X"], env: {} }],
    ["an unknown terminal height", { rows: undefined }, { kind: "none" }],
    ["less on PATH", {}, { kind: "command", command: "less", args: ["-R", "-F", "-X"], env: {} }],
    ["no less, keys from the terminal: the built-in one", { onPath: () => false }, { kind: "builtin" }],
    ["no less and stdin not a terminal: none (no keys to read)", { onPath: () => false, stdinTTY: false }, { kind: "none" }],
    ["PAGER=cat: none", { env: { PAGER: "cat" } }, { kind: "none" }],
    ["PAGER empty: none", { env: { PAGER: "" } }, { kind: "none" }],
    ["PAGER=more: through the shell, LESS=FRX", { env: { PAGER: "more" } }, { kind: "command", command: "/bin/sh", args: ["-c", "more"], env: { LESS: "FRX" } }],
    ["PAGER=less with the user's LESS", { env: { PAGER: "less", LESS: "-S" } }, { kind: "command", command: "/bin/sh", args: ["-c", "less"], env: { LESS: "-S" } }],
    ["KSHELL_PAGER over PAGER", { env: { PAGER: "more", KSHELL_PAGER: "most" } }, { kind: "command", command: "/bin/sh", args: ["-c", "most"], env: { LESS: "FRX" } }],
    ["KSHELL_PAGER=cat over PAGER", { env: { PAGER: "more", KSHELL_PAGER: "cat" } }, { kind: "none" }],
  ])("%s", (_name, context, expected) => {
    expect(choosePager({ ...TALL, ...context })).toEqual(expected);
  });

  it("gives the interactive shell less on a terminal, the user's pager on its own screen, its own view without a program", () => {
    const withLess = (name: string) => name === "less";
    expect(interactivePager(100, 24, {}, true, withLess)).toEqual({ kind: "command", command: "less", args: ["-R"], env: {} });
    expect(interactivePager(100, 24, {}, true, () => false)).toEqual({ kind: "builtin" });
    expect(interactivePager(100, 24, {}, false, withLess)).toEqual({ kind: "builtin" }); // no real terminal for less (Ink under test)
    expect(interactivePager(100, 24, { PAGER: "less -FRX" }, true, withLess)).toEqual({ kind: "command", command: "/bin/sh", args: ["-c", "less -FRX"], env: { LESS: "R" } });
    expect(interactivePager(10, 24, {}, true, withLess)).toEqual({ kind: "none" });
    expect(interactivePager(100, undefined, {}, true, withLess)).toEqual({ kind: "none" });
    expect(interactivePager(100, 24, { PAGER: "cat" }, true, withLess)).toEqual({ kind: "none" });
  });

  it("finds programs on PATH", () => {
    expect(onPath("sh", "/nowhere:/bin:/usr/bin")).toBe(true);
    expect(onPath("no-such-pager-anywhere", "/bin:/usr/bin")).toBe(false);
    expect(onPath("sh", "")).toBe(false);
  });
});

describe("the built-in pager's window", () => {
  const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`);

  it("scrolls by line, by page and to the ends, never past them", () => {
    const height = pageHeight(11); // 10 rows of page, one of status
    expect(height).toBe(10);
    expect(scrolled(0, "pageDown", height, 50)).toBe(10);
    expect(scrolled(35, "pageDown", height, 50)).toBe(40); // the last page stays full
    expect(scrolled(5, "pageUp", height, 50)).toBe(0);
    expect(scrolled(0, "lineUp", height, 50)).toBe(0);
    expect(scrolled(3, "lineDown", height, 50)).toBe(4);
    expect(scrolled(40, "lineDown", height, 50)).toBe(40);
    expect(scrolled(7, "top", height, 50)).toBe(0);
    expect(scrolled(7, "bottom", height, 50)).toBe(40);
    expect(pageWindow(lines, 40, height)).toEqual(lines.slice(40));
    expect(statusLine(0, height, 50)).toMatch(/^lines 1-10 of 50 20% /);
    expect(statusLine(40, height, 50)).toMatch(/^lines 41-50 of 50 \(END\) /);
  });

  it("reads less's keys from raw bytes and from Ink", () => {
    expect([" ", "f", "\x1b[6~", "b", "\x1b[5~", "j", "\r", "\x1b[B", "k", "\x1b[A", "g", "G", "q", "\x1b", "\x03"].map(pageKeyOfBytes)).toEqual([
      "pageDown", "pageDown", "pageDown", "pageUp", "pageUp", "lineDown", "lineDown", "lineDown", "lineUp", "lineUp", "top", "bottom", "quit", "quit", "quit",
    ]);
    expect(pageKeyOfBytes("x")).toBeUndefined();
    expect(pageKeyOfInk("", { pageDown: true })).toBe("pageDown");
    expect(pageKeyOfInk("", { upArrow: true })).toBe("lineUp");
    expect(pageKeyOfInk("c", { ctrl: true })).toBe("quit");
    expect(pageKeyOfInk("f", { ctrl: true })).toBeUndefined();
    expect(pageKeyOfInk(" ", {})).toBe("pageDown");
    expect(pageKeyOfInk("q", {})).toBe("quit");
  });
});

/** A terminal for the built-in pager: keys typed on `input`, everything written kept. */
function fakeTerminal(rows: number) {
  const input = Object.assign(new EventEmitter(), { isRaw: false, setRawMode(raw: boolean) { input.isRaw = raw; return input; }, resume() {}, pause() {} });
  const output = Object.assign(new EventEmitter(), { rows, columns: 80, written: "", write(text: string) { output.written += text; return true; } });
  return { input, output };
}

describe("the built-in pager on a terminal", () => {
  it("draws a screenful on the alternate screen, scrolls on keys and gives the terminal back on q", async () => {
    const { input, output } = fakeTerminal(11);
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`);
    const done = runBuiltinPager(lines, { input: input as unknown as NodeJS.ReadStream, output: output as unknown as NodeJS.WriteStream, color: false });
    expect(output.written.startsWith(ENTER_ALTERNATE_SCREEN)).toBe(true);
    expect(input.isRaw).toBe(true);
    expect(output.written).toContain("line 10\r\nlines 1-10 of 50");
    expect(output.written).not.toContain("line 11\r\n");
    input.emit("data", Buffer.from(" "));
    expect(output.written).toContain("line 20\r\nlines 11-20 of 50");
    input.emit("data", Buffer.from("x")); // not a pager key: nothing drawn
    const before = output.written.length;
    input.emit("data", Buffer.from("x"));
    expect(output.written.length).toBe(before);
    input.emit("data", Buffer.from("q"));
    await done;
    expect(output.written.endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
    expect(input.isRaw).toBe(false);
    expect(input.listenerCount("data")).toBe(0);
    expect(output.listenerCount("resize")).toBe(0);
  });
});

describe("the plain runner on a terminal", () => {
  function capture() {
    const events: string[] = [];
    const out: Output = { write: (text) => void events.push(`out:${text}`), error: (text) => void events.push(`err:${text}`) };
    const shown: (readonly string[])[] = [];
    const paging = {
      wants: (lines: readonly string[]) => lines.length > 20,
      show: async (lines: readonly string[]) => {
        events.push("pager");
        shown.push(lines);
      },
    };
    return { events, out, shown, paging };
  }

  it("hands a tall help page to the pager after what ran before it, and ends its line there", async () => {
    const { events, out, shown, paging } = capture();
    const status = await runPlain(newSession(), ["echo before; help vol; echo skipped", "echo next line"], { keepGoing: false, echo: false, paging }, out);
    expect(status).toBe(0);
    expect(shown).toHaveLength(1);
    expect(shown[0]![0]).toBe("vol — storage volumes that hold real bytes");
    expect(events).toEqual(["out:before\n", "pager", "out:next line\n"]); // the rest of its line does not run under the pager
  });

  it("prints a short page and anything not help as a pipe would", async () => {
    const { events, out, shown, paging } = capture();
    await runPlain(newSession(), ["vol list --help", "status"], { keepGoing: false, echo: false, paging }, out);
    expect(shown).toHaveLength(0);
    expect(events.join("")).toContain("usage: vol list");
  });
});

describe("running a pager program", () => {
  it("hands it the whole page on stdin with the environment chosen, and says when it could not start", async () => {
    const dir = tempDir();
    const page = Array.from({ length: 300 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const ran = await runPagerCommand({ kind: "command", command: "/bin/sh", args: ["-c", `cat > ${dir}/page; printf %s "$LESS" > ${dir}/less`], env: { LESS: "FRX" } }, page);
    expect(ran).toBe(true);
    expect(readFileSync(join(dir, "page"), "utf8")).toBe(page);
    expect(readFileSync(join(dir, "less"), "utf8")).toBe("FRX");
    expect(await runPagerCommand({ kind: "command", command: "/bin/sh", args: ["-c", "no-such-pager-anywhere 2>/dev/null"], env: {} }, page)).toBe(false);
    expect(await runPagerCommand({ kind: "command", command: "/no/such/program", args: [], env: {} }, page)).toBe(false);
  });
});
