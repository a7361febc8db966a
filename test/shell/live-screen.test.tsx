// The live views on the terminal's alternate screen (issue 17): entered before the view's first
// frame, left once the prompt is drawn again, so what was printed before stays on the prompt's
// screen; a resize wipes the screen and lays the view out for the new size.

import { render as renderInk } from "ink";
import { cleanup, render } from "ink-testing-library";
import { stripVTControlCharacters as stripAnsi } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../shell/components/App.js";
import { LiveView } from "../../shell/components/LiveView.js";
import { ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN, WIPE_SCREEN } from "../../shell/screen-codes.js";
import { newSession, ok } from "../helpers.js";
import { frameWhere, QuietKeyboard, SmallTerminal, type, viewListening, writtenWhere } from "./frames.js";

afterEach(cleanup);

function mount() {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  return { session, ...render(<App session={session} onLine={() => undefined} />) };
}

describe("live views on the alternate screen", () => {
  for (const [name, leaveKey] of [["q", "q"], ["Esc", "\u001b"], ["Ctrl-C", "\u0003"]] as const) {
    it(`enters it before the first frame of watch and leaves it on ${name} once the prompt is back`, async () => {
      const { lastFrame, frames, stdin } = mount();
      await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
      await type(stdin, "echo before; watch audit", "\r");
      await viewListening(stdin, () => frames.at(-1), "kshell watch audit");
      const written = frames.join("");
      const entered = written.indexOf(ENTER_ALTERNATE_SCREEN);
      expect(entered).toBeGreaterThan(written.indexOf("before\n")); // what came before is on the prompt's screen
      expect(entered).toBeLessThan(written.indexOf("kshell watch audit")); // the view is drawn only up there
      expect(written).not.toContain(LEAVE_ALTERNATE_SCREEN);
      await type(stdin, leaveKey);
      const after = await writtenWhere(frames, (w) => w.includes(LEAVE_ALTERNATE_SCREEN));
      const leftAt = frames.findIndex((f) => f.includes(LEAVE_ALTERNATE_SCREEN));
      expect(frames[leftAt - 1]!.trimEnd()).toMatch(/# ?$/); // the prompt replaced the view up there first: no frame of it is drawn down here
      expect(frames.slice(leftAt).join("")).not.toContain("kshell watch audit");
      expect(after.split(ENTER_ALTERNATE_SCREEN)).toHaveLength(2); // entered once
    });
  }

  it("stays on it when a view opens another (`:watch vol` from top), and leaves once", async () => {
    const { lastFrame, frames, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "top", "\r");
    await viewListening(stdin, () => frames.at(-1), "kshell top");
    await type(stdin, ":watch vol", "\r");
    await frameWhere(lastFrame, (f) => f.includes("kshell watch vol"));
    await viewListening(stdin, () => frames.at(-1), "kshell watch vol");
    await type(stdin, "q");
    const written = await writtenWhere(frames, (w) => w.includes(LEAVE_ALTERNATE_SCREEN));
    expect(written.split(ENTER_ALTERNATE_SCREEN)).toHaveLength(2);
    expect(written.split(LEAVE_ALTERNATE_SCREEN)).toHaveLength(2);
  });
});

describe("a resized terminal", () => {
  it("wipes the screen and redraws top whole at the new size (120x40 to 80x24 to 60x20)", async () => {
    const session = newSession({ interactive: true, wallClockMs: () => 0 });
    ok(session, "vol create db --size 10M --type block; net create lan --type bridged --cidr 10.0.0.0/24; cluster pd create pd1");
    const terminal = new SmallTerminal(120, 40);
    const instance = renderInk(<LiveView session={session} view={{ name: "top", group: "all", denials: {} }} onLeave={() => {}} />, {
      stdout: terminal as unknown as NodeJS.WriteStream,
      stdin: new QuietKeyboard() as unknown as NodeJS.ReadStream,
      debug: true,
      patchConsole: false,
    });
    try {
      await frameWhere(() => terminal.frames.at(-1), (f) => f.includes("kshell top"));
      for (const [columns, rows] of [[80, 24], [60, 20]] as const) {
        Object.assign(terminal, { columns, rows });
        const before = terminal.frames.length;
        terminal.emit("resize");
        const frame = await frameWhere(() => terminal.frames.slice(before).filter((f) => f.includes("kshell top")).at(-1), (f) => {
          const lines = stripAnsi(f).trimEnd().split("\n");
          return lines.length < rows && lines.every((line) => line.length <= columns);
        });
        expect(terminal.frames.slice(before).join("")).toContain(WIPE_SCREEN);
        expect(frame).toMatch(/subsystems|volumes/); // every pane in a line at least, or named as hidden
        expect(stripAnsi(frame)).toMatch(/… \d+ more|\+\d+ panes?:|\d+ more/); // cut short with a marker, not silently
      }
    } finally {
      instance.unmount();
    }
  });
});

describe("the command line under the panes (`:`)", () => {
  function clusterSession() {
    const session = newSession({ interactive: true, wallClockMs: () => 0 });
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2");
    for (const name of ["sds1", "sds2", "sds3"]) ok(session, `cluster sds add ${name} --pool pd1/sp1 --capacity 1G`);
    return session;
  }

  it("runs `cluster sds fail sds2` through the session: the dashboard reacts, its output shows in a pane, audit and history have it", async () => {
    const session = clusterSession();
    const seen: string[] = [];
    const { lastFrame, frames, stdin } = render(<App session={session} onLine={(line) => seen.push(line)} />);
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "watch cluster", "\r");
    await viewListening(stdin, () => frames.at(-1), "kshell watch cluster");
    await type(stdin, ":");
    await frameWhere(lastFrame, (f) => f.trimEnd().endsWith(":▏"));
    await type(stdin, "cluster sds fail sds2");
    await frameWhere(lastFrame, (f) => f.includes(":cluster sds fail sds2▏"));
    await type(stdin, "\r");
    const frame = await frameWhere(lastFrame, (f) => f.includes("storage node sds2 crashed") && f.includes("DEGRADED"));
    expect(frame).toMatch(/╭─ :cluster sds fail sds2 ─+╮/);
    expect(frame).toMatch(/sds2\s+ACTIVE\/crashed/);
    expect(frame).toContain("q/Esc/Ctrl-C leave"); // the view stays, the command line closed
    expect(seen).toEqual(["watch cluster", "cluster sds fail sds2"]);
    expect(session.history().at(-1)).toBe("cluster sds fail sds2");
    const audited = session.kernel.view.audit.tail(4).map((entry) => `${entry.action} ${entry.object} ${entry.result}`);
    expect(audited).toContain("cluster.sds.fail cluster success");
  });

  it("shows an error in its pane, marked failed, and the view stays", async () => {
    const { lastFrame, frames, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "watch vol", "\r");
    await viewListening(stdin, () => frames.at(-1), "kshell watch vol");
    await type(stdin, ":vol lsit\r");
    const frame = await frameWhere(lastFrame, (f) => f.includes("· failed"));
    expect(frame).toContain("did you mean `vol list`?");
    expect(frame).toContain("kshell watch vol");
  });

  it("takes q as text while open; Esc closes it without running or leaving", async () => {
    const session = newSession({ interactive: true, wallClockMs: () => 0 });
    const { lastFrame, frames, stdin } = render(<App session={session} onLine={() => undefined} />);
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "watch vol", "\r");
    await viewListening(stdin, () => frames.at(-1), "kshell watch vol");
    await type(stdin, ":vol create q --size 1M --type block");
    await frameWhere(lastFrame, (f) => f.includes(":vol create q --size 1M --type block▏"));
    await type(stdin, "\u0001", "#"); // Ctrl-A: the prompt's editing keys work here too
    await frameWhere(lastFrame, (f) => f.includes(":#▏vol create q"));
    await type(stdin, "\u001b");
    const frame = await frameWhere(lastFrame, (f) => f.includes("q/Esc/Ctrl-C leave"));
    expect(frame).toContain("kshell watch vol");
    expect(session.kernel.view.storage.names?.length ?? 0).toBe(0);
    expect(session.execute("vol list --json").lines.join("\n")).not.toContain('"q"');
  });
});

describe("a long command run under the panes", () => {
  it("shows its progress in the command's pane, and Ctrl-C stops the command, not the view", async () => {
    const session = newSession({ interactive: true, wallClockMs: () => 0 });
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2");
    for (const name of ["sds1", "sds2", "sds3"]) ok(session, `cluster sds add ${name} --pool pd1/sp1 --capacity 1G`);
    const { lastFrame, frames, stdin } = render(<App session={session} onLine={() => undefined} />);
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "watch cluster", "\r");
    await viewListening(stdin, () => frames.at(-1), "kshell watch cluster");
    await type(stdin, ":cluster chaos --duration 1000h --seed 7\r");
    await frameWhere(lastFrame, (f) => f.includes("╭─ :cluster chaos --duration 1000h --seed 7")); // its pane, its progress line in it, while it runs
    await type(stdin, "\u0003");
    const frame = await frameWhere(lastFrame, (f) => f.includes("(interrupted)"));
    expect(frame).toMatch(/chaos seed 7 on pool pd1\/sp1 for [\ddhms. ]+ of [\ddhms. ]+ \(interrupted\)/);
    expect(frame).toContain("kshell watch cluster"); // still watching
    expect(session.kernel.view.nowMs).toBeLessThan(1000 * 3600 * 1000);
  });
});
