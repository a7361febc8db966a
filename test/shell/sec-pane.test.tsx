// watch sec (issue 17): the gate's decisions per second, the latest denials with their deciding
// layer, rule hit counts and who is su'd to whom; and its line in top. Frames at 120x40, 80x24
// and 60x20: nothing cut without a marker.

import { render as renderInk } from "ink";
import { stripVTControlCharacters as stripAnsi } from "node:util";
import { describe, expect, it } from "vitest";
import { LiveView } from "../../shell/components/LiveView.js";
import type { Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";
import { QuietKeyboard, SmallTerminal } from "./frames.js";

/** Two denials by a rule, one by a capability, then root su'd to bob. */
function deniedStory(): Session {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  ok(session, "user add bob; user add carol; sec caps bob +CAP_SYS_ADMIN +CAP_AUDIT_READ; sec rule add --effect deny --user bob --object vol --action vol.create");
  ok(session, "su bob");
  for (const name of ["x", "y"]) expect(session.execute(`vol create ${name} --size 1M`).error).toContain("deny rule wins");
  ok(session, "exit; su carol");
  expect(session.execute("vol create z --size 1M").error).toContain("CAP_SYS_ADMIN");
  ok(session, "exit; sleep 3s; su bob");
  return session;
}

function firstFrame(session: Session, view: "top" | "sec", columns: number, rows: number): string {
  const terminal = new SmallTerminal(columns, rows);
  const shown = view === "top" ? { name: "top" as const, group: "all", denials: {} } : { name: "watch" as const, group: "sec", denials: {} };
  const instance = renderInk(<LiveView session={session} view={shown} onLeave={() => {}} />, { stdout: terminal as unknown as NodeJS.WriteStream, stdin: new QuietKeyboard() as unknown as NodeJS.ReadStream, debug: true, patchConsole: false });
  const frame = terminal.frames.filter((written) => written.includes("kshell ")).at(-1) ?? "";
  instance.unmount();
  return stripAnsi(frame);
}

function fits(frame: string, columns: number, rows: number): void {
  const lines = frame.trimEnd().split("\n");
  expect(lines.length).toBeLessThan(rows);
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
}

describe("watch sec", () => {
  it("prints decisions per second, the latest denials with their layer, rule hits and the su chain in a script", () => {
    const session = deniedStory();
    const text = ok(session, "watch sec").join("\n");
    expect(text).toMatch(/\d+\.\d allowed\/s, 0\.3 denied\/s \(last 10 s\)/); // three denials in ten seconds
    expect(text).toMatch(/carol\s+vol\.create\s+vol\/z\s+capability\s+CAP_SYS_ADMIN/);
    expect(text).toMatch(/bob\s+vol\.create\s+vol\/y\s+rule #1\s+a matching deny rule wins/);
    expect(text.indexOf("vol/z")).toBeLessThan(text.indexOf("vol/y")); // newest first
    expect(text).toMatch(/^1\s+deny\s+bob\s+vol:\*\s+vol\.create\s+2$/m);
    expect(text).toContain("root → bob");
  });

  it("is refused, and blank in top, for a viewer who may not read the audit trail it counts from", () => {
    const session = deniedStory();
    ok(session, "exit; su carol");
    expect(session.execute("watch sec").error).toContain("may not audit.tail audit: CAP_AUDIT_READ");
    const top = ok(session, "top");
    expect(top.slice(top.indexOf("security"), top.indexOf("security") + 2)).toEqual(["security", "sec: needs CAP_AUDIT_READ"]);
  });

  it("gives its figures as numbers with --json", () => {
    const data = JSON.parse(ok(deniedStory(), "watch sec --json").join("\n"));
    expect(data.panes.sec.decisions).toMatchObject({ windowMs: 10_000, denied: 3, deniedPerSecond: 0.3, atLeast: false });
    expect(data.panes.sec.denials.map((d: { layer: string }) => d.layer)).toEqual(["capability", "rule #1", "rule #1"]);
    expect(data.panes.sec.rules[0]).toMatchObject({ id: 1, hits: 2, effect: "deny" });
    expect(data.panes.sec.su).toEqual(["root", "bob"]);
  });

  it("counts only the last ten seconds: the rate falls to zero as time passes", () => {
    const session = deniedStory();
    ok(session, "exit; sleep 20s");
    expect(JSON.parse(ok(session, "watch sec --json").join("\n")).panes.sec.decisions.denied).toBe(0);
    expect(ok(session, "watch sec").join("\n")).toContain("0.0 denied/s");
  });

  for (const [columns, rows] of [[120, 40], [80, 24], [60, 20]] as const) {
    it(`draws watch sec at ${columns}x${rows} within the terminal, cut lines marked`, () => {
      const frame = firstFrame(deniedStory(), "sec", columns, rows);
      fits(frame, columns, rows);
      expect(frame).toContain("kshell watch sec");
      expect(frame).toMatch(/denied\/s|denied\//); // the rate line, if cut then with its …
      expect(frame).toContain("root → bob");
      if (columns >= 80) expect(frame).toMatch(/rule #1/);
      if (columns === 60) expect(frame).toMatch(/…/); // the denials table is wider than 60 columns: cut with a marker
    });

    it(`gives security a line in top at ${columns}x${rows}, or names it as hidden`, () => {
      const frame = firstFrame(deniedStory(), "top", columns, rows);
      fits(frame, columns, rows);
      expect(frame).toMatch(/╭─ security|^security( · \d+ more)?: |\+\d+ panes?:.*watch sec/m); // a box, a line of its own, or named
      if (!/\+\d+ panes?:.*watch sec/.test(frame)) expect(frame).toMatch(/allowed\/s/);
    });
  }
});
