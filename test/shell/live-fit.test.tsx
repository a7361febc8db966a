// A live view stays shorter than the terminal whatever its size: a frame as tall as the screen makes
// Ink clear the terminal, scrollback included, on every redraw, and the finished output above is lost.
// And in a small terminal no pane is dropped silently: each gets a line or two, empty ones fold to
// one line, a cut box says how many lines it holds back, and panes with no room are named.

import { render } from "ink";
import { describe, expect, it } from "vitest";
import { LiveView } from "../../shell/components/LiveView.js";
import { fitSections } from "../../shell/display/live-fit.js";
import type { Outcome, Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";
import { QuietKeyboard, SmallTerminal } from "./frames.js";

/** The last frame the live view drew in a terminal of `columns` x `rows`. */
function frameOf(session: Session, view: NonNullable<Outcome["view"]>, columns: number, rows: number): string {
  const terminal = new SmallTerminal(columns, rows);
  const instance = render(<LiveView session={session} view={view} onLeave={() => {}} />, {
    stdout: terminal as unknown as NodeJS.WriteStream,
    stdin: new QuietKeyboard() as unknown as NodeJS.ReadStream, // with none, Ink draws its raw-mode error screen (React warned of its duplicate keys)
    debug: true,
    patchConsole: false,
  });
  const frame = terminal.frames.filter((written) => written.includes("kshell ")).at(-1) ?? "";
  instance.unmount();
  return frame;
}

/** Top's panes (a cluster and a node present): each must be on screen, as a box or a line, or named by its command. */
const PANES_OF_TOP = [["volumes", "watch vol"], ["containers", "watch ctr"], ["pods", "watch pod"], ["networks", "watch net"], ["cluster", "watch cluster"], ["security", "watch sec"], ["audit tail", "watch audit"]] as const;

function busySession(): Session {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  for (let volume = 0; volume < 12; volume++) ok(session, `vol create volume-with-a-long-name-${volume} --size 1G`);
  ok(session, "image pull busybox");
  for (let n = 0; n < 10; n++) ok(session, `ctr run busybox --name c${n}`);
  ok(session, "net create lan --cidr 10.0.0.0/24; net if add lan eth0");
  return session;
}

describe("live view size", () => {
  for (const [columns, rows] of [[40, 12], [50, 20], [80, 24], [120, 40]] as const) {
    it(`fits top in ${columns}x${rows} with room for the prompt line`, () => {
      const session = busySession();
      const frame = frameOf(session, session.execute("top").view!, columns, rows);
      expect(frame).toContain("q/Esc/Ctrl-C leave");
      expect(frame.split("\n").length).toBeLessThan(rows);
    });
  }

  for (const [columns, rows] of [[120, 40], [80, 24], [60, 20]] as const) {
    it(`shows every subsystem of top a line each in ${columns}x${rows}, and every pane in a box, a line or named (issue 17)`, () => {
      const session = busySession();
      ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add sds1 --pool pd1/sp1 --capacity 1G; node add n1 --cpu 4 --mem 8G");
      const frame = frameOf(session, session.execute("top").view!, columns, rows);
      const subsystems = session.kernelView().status().map((s) => s.subsystem);
      expect(subsystems.length).toBeGreaterThanOrEqual(7);
      for (const name of subsystems) expect(frame).toMatch(new RegExp(`(^│| ·) ${name} `, "m")); // a row each, or packed a few a line
      expect(frame).toMatch(/╭─▸ subsystems ─/); // whole: no "N more" in its title
      const hidden = /^\+\d+ panes?: (.*)$/m.exec(frame)?.[1] ?? "";
      for (const [title, command] of PANES_OF_TOP) {
        const shown = new RegExp(`╭─▸? ${title}( · \\d+ more(, \\d+ above)?)? ─|^${title}( · \\d+ more)?: `, "m").test(frame);
        expect(shown || hidden.includes(command), `${title} in the frame or named on its last line`).toBe(true);
      }
      expect(frame.split("\n").length).toBeLessThan(rows);
    });
  }

  it("gives the panes without room for a box a line each, and names those without room for that", () => {
    const session = busySession();
    const small = frameOf(session, session.execute("top").view!, 40, 12);
    expect(small).toContain("╭─▸ subsystems"); // the focused box
    for (const title of ["volumes", "containers", "networks", "security", "audit tail"]) expect(small).toMatch(new RegExp(`^${title} · \\d+ more: \\S`, "m"));
    expect(small).toMatch(/^containers · \d+ more: 10 containers/m); // its summary, the line that says most
    const tiny = frameOf(session, session.execute("top").view!, 40, 8);
    expect(tiny).toMatch(/^subsystems · \d+ more: /m);
    expect(tiny).toContain("+3 panes: watch net, watch sec, watch a"); // cut at 40 columns
  });

  it("ends watch ctr's cut rows with how many more there are", () => {
    const session = newSession({ interactive: true, wallClockMs: () => 0 });
    ok(session, "image pull busybox");
    for (let n = 1; n <= 128; n++) ok(session, `ctr run busybox --name c${n}`);
    const frame = frameOf(session, session.execute("watch ctr").view!, 80, 24);
    const rows = frame.split("\n").filter((line) => /^│ c\d+ /.test(line)).length;
    const more = Number(/│ \+(\d+) more/.exec(frame)?.[1]);
    expect(rows).toBeGreaterThan(10);
    expect(rows + more).toBe(128); // summary, head, the rows that fit, "… N more": every container shown or counted
    expect(frame.split("\n").length).toBeLessThan(24);
  });
});

describe("fitSections", () => {
  const pane = (title: string, command: string) => ({ title, command });
  const vol = pane("volumes", "watch vol");
  const net = pane("networks", "watch net");

  it("leaves sections that fit as they are", () => {
    const sections = [{ title: "volumes", lines: ["(no volumes)"], pane: vol }, { title: "tiers", lines: ["ssd", "hdd"], pane: vol }];
    expect(fitSections(sections, 7)).toEqual({ sections: sections.map((s) => ({ ...s, scroll: { offset: 0, maxOffset: 0, page: s.lines.length } })), lines: [], hidden: "" });
  });

  it("merges a pane's sections into one box when they do not fit: empty ones folded into one line, first when the pane's own object is absent", () => {
    const sections = [
      { title: "volumes", lines: ["(no volumes)"], pane: vol },
      { title: "tiers", lines: ["ssd", "hdd"], pane: vol },
      { title: "replication", lines: ["(no replication)"], pane: vol },
      { title: "networks", lines: ["lan up"], pane: net },
      { title: "drops", lines: ["(no drops)"], pane: net },
    ];
    const fitted = fitSections(sections, 10);
    expect(fitted.sections.map((s) => [s.title, s.lines, s.more])).toEqual([
      ["volumes", ["(no volumes) · (no replication)", "tiers:", "ssd", "hdd"], undefined],
      ["networks", ["lan up", "(no drops)"], undefined],
    ]);
  });

  it("shares lines a line at a time, says what a short box holds back in its title, and names the panes left out", () => {
    const tall = (title: string, n: number) => ({ title, lines: Array.from({ length: n }, (_, i) => `${title}${i}`), pane: pane(title, `watch ${title}`) });
    const fitted = fitSections([tall("a", 9), tall("b", 1), tall("c", 9), tall("d", 9)], 10); // 3 boxes of 2 borders, d a line: 3 lines left
    expect(fitted.sections.map((s) => s.title)).toEqual(["a", "b", "c"]);
    expect(fitted.sections.map((s) => s.lines.length)).toEqual([1, 1, 1]);
    expect(fitted.sections.map((s) => s.more)).toEqual([8, undefined, 8]);
    expect(fitted.lines).toEqual(["d · 8 more: d0"]);
    expect(fitted.hidden).toBe("");
    expect(fitSections([tall("a", 9)], 1)).toEqual({ sections: [], lines: ["a · 8 more: a0"], hidden: "" });
    expect(fitSections([tall("a", 9), tall("b", 9), tall("c", 9)], 2)).toEqual({ sections: [], lines: ["a · 8 more: a0"], hidden: "+2 panes: watch b, watch c" });
  });

  it("gives a whole pane every row first, else its brief, naming the panes left without a line, unless its box would not fit", () => {
    const tall = (title: string, n: number) => ({ title, lines: Array.from({ length: n }, (_, i) => `${title}${i}`), pane: pane(title, `watch ${title}`) });
    const whole = { title: "s", lines: ["NAME", "s0", "s1", "s2", "s3"], head: 1, whole: true, pane: pane("s", "status") };
    const fitted = fitSections([whole, tall("a", 9), tall("b", 9), tall("c", 9)], 8); // s: 2 borders and 4 rows; a a line, b and c named
    expect(fitted.sections.map((s) => [s.title, s.lines, s.more])).toEqual([["s", ["s0", "s1", "s2", "s3"], undefined]]);
    expect(fitted.lines).toEqual(["a · 8 more: a0"]);
    expect(fitted.hidden).toBe("+2 panes: watch b, watch c");
    expect(fitSections([whole, tall("a", 9)], 14).sections.map((s) => s.lines)).toEqual([["NAME", "s0", "s1", "s2", "s3"], ["a0", "a1", "a2", "a3", "+5 more"]]); // room: the header too
    const briefly = fitSections([{ ...whole, brief: ["s0 1 · s1 2", "s2 3 · s3 4"] }, tall("a", 9), tall("b", 9), tall("c", 9)], 8); // its brief leaves every other pane a line
    expect(briefly.sections.map((s) => [s.title, s.lines, s.more])).toEqual([["s", ["s0 1 · s1 2", "s2 3 · s3 4"], undefined]]);
    expect(briefly.lines).toEqual(["a · 8 more: a0", "b · 8 more: b0", "c · 8 more: c0"]);
    expect(briefly.hidden).toBe("");
    const tiny = fitSections([whole, tall("a", 9), tall("b", 9)], 5); // no room for s's rows and a last line: a line at a time, as any pane
    expect(tiny.sections.map((s) => [s.title, s.lines, s.more])).toEqual([["s", ["s0"], 3]]);
    expect(tiny.lines).toEqual(["a · 8 more: a0", "b · 8 more: b0"]);
  });
});
