// The interactive shell's pager (issue 17): a help page taller than the terminal opens a
// scrollable view on the alternate screen (Ink keeps stdin: no less fighting it for keys); space
// and the arrows scroll it, q gives back the prompt's screen as it was, and the page never lands
// above the prompt. A page that fits is printed as before.

import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../shell/components/App.js";
import { ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN } from "../../shell/screen-codes.js";
import { newSession, ok } from "../helpers.js";
import { frameWhere, type, writtenWhere } from "./frames.js";

afterEach(cleanup);

const ROWS = 24;

/** The app at a terminal of `rows` (null: a height the terminal does not say). */
function mount(rows: number | null = ROWS) {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  const app = render(<App session={session} onLine={() => undefined} />);
  Object.defineProperty(app.stdout, "rows", { value: rows ?? undefined }); // ink-testing-library's terminal has a width only
  return { session, ...app };
}

describe("the page view", () => {
  it("shows a tall help page a screenful at a time and gives the prompt back on q", async () => {
    const { session, lastFrame, frames, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "echo before; help vol; user add zebra", "\r");
    const first = await frameWhere(lastFrame, (f) => f.includes("lines 1-"));
    expect(first.split("\n")[0]).toBe("vol — storage volumes that hold real bytes");
    expect(first.split("\n").length).toBeLessThan(ROWS); // Ink redraws a frame as tall as the terminal by clearing it
    expect(first).toMatch(/lines 1-22 of \d+ \d+% · space\/b page/);
    const written = frames.join("");
    expect(written.indexOf(ENTER_ALTERNATE_SCREEN)).toBeGreaterThan(written.indexOf("before\n"));
    await type(stdin, " ");
    await frameWhere(lastFrame, (f) => f.includes("lines 23-44 of"));
    await type(stdin, "\u001b[B"); // down arrow: one line
    await frameWhere(lastFrame, (f) => f.includes("lines 24-45 of"));
    await type(stdin, "b");
    await frameWhere(lastFrame, (f) => f.includes("lines 2-23 of"));
    await type(stdin, "q");
    await writtenWhere(frames, (w) => w.includes(LEAVE_ALTERNATE_SCREEN));
    const leftAt = frames.findIndex((f) => f.includes(LEAVE_ALTERNATE_SCREEN));
    expect(frames[leftAt - 1]!.trimEnd()).toMatch(/kshell T\+\S+ #$/); // the prompt replaced the page up there before leaving
    expect(frames.slice(leftAt).join("")).not.toContain("vol — storage volumes"); // nor is the page printed on the prompt's screen
    const output = frames.join("");
    expect(ok(session, "user list").join("\n")).not.toContain("zebra"); // the line stopped at the page, as at a live view
    expect(output.split(ENTER_ALTERNATE_SCREEN)).toHaveLength(2);
  });

  it("lays the page out again for a resized terminal's width", async () => {
    let columns = 100;
    const session = newSession({ interactive: true, wallClockMs: () => 0, columns: () => columns });
    const { lastFrame, stdin, stdout } = render(<App session={session} onLine={() => undefined} />);
    Object.defineProperty(stdout, "rows", { value: ROWS });
    Object.defineProperty(stdout, "columns", { get: () => columns });
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "help vol", "\r");
    const wide = await frameWhere(lastFrame, (f) => f.includes("lines 1-"));
    expect(Math.max(...wide.split("\n").map((line) => line.length))).toBeGreaterThan(80);
    columns = 60;
    stdout.emit("resize");
    const narrow = await frameWhere(lastFrame, (f) => f.includes("lines 1-") && f.split("\n").every((line) => line.length <= 60));
    expect(narrow.split("\n")[3]).toBe("A volume is a range of bytes on a tier pool: ssd (64 TiB"); // wrapped anew, not cut
  });

  it("prints a page that fits, and every page when the terminal's height is unknown", async () => {
    for (const rows of [200, null]) {
      const { lastFrame, frames, stdin } = mount(rows);
      await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
      await type(stdin, "vol --help", "\r");
      await writtenWhere(frames, (w) => w.includes("subcommands (help vol <verb>"));
      expect(frames.join("")).not.toContain(ENTER_ALTERNATE_SCREEN);
      cleanup();
    }
  });

  it("leaves on Esc too, and prints the page above the prompt when PAGER=cat", async () => {
    const { lastFrame, frames, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "help", "\r");
    await frameWhere(lastFrame, (f) => f.includes("lines 1-")); // the status line shows once its keys listen
    await type(stdin, "\u001b");
    await writtenWhere(frames, (w) => w.includes(LEAVE_ALTERNATE_SCREEN));
    cleanup();
    const saved = process.env.PAGER;
    process.env.PAGER = "cat";
    try {
      const again = mount();
      await frameWhere(again.lastFrame, (f) => f.includes("kshell T+"));
      await type(again.stdin, "help vol", "\r");
      await writtenWhere(again.frames, (w) => w.includes("Replication copies"));
      expect(again.frames.join("")).not.toContain(ENTER_ALTERNATE_SCREEN);
    } finally {
      if (saved === undefined) delete process.env.PAGER;
      else process.env.PAGER = saved;
    }
  });
});
