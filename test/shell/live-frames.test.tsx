// Every live view drawn by Ink at 120x40, 80x24 and 60x20 on a busy kernel (volumes, containers,
// a network, pods on nodes, denials, a cluster): the frame stays inside the terminal and no row is
// dropped without a marker — every row of every pane is on screen, or counted by its box ("+3
// more", "↓ 3 more", "· 3 more" in the title), or its pane is named as left out. Then the keys:
// the arrows, PgUp/PgDn and Home/End move a box's window, Tab moves the focus, `/` hides rows and
// the title says so.

import { render } from "ink";
import { join } from "node:path";
import { stripVTControlCharacters as plain } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { LiveView } from "../../shell/components/LiveView.js";
import { liveSnapshot, LIVE_GROUPS } from "../../shell/display/live.js";
import { AUDIT_PANE_ENTRIES } from "../../shell/panes/audit.js";
import type { Outcome, Session } from "../../shell/session.js";
import { newSession, ok, ROOT_DIR } from "../helpers.js";
import { frameWhere, Keyboard, QuietKeyboard, SmallTerminal, type, viewListening } from "./frames.js";

const SIZES = [[120, 40], [80, 24], [60, 20]] as const;
const PODS = join(ROOT_DIR, "test", "scenarios", "pods");
const VOLUMES = 12;
const CONTAINERS = 40;

/** A kernel with something in every pane, more than a small terminal holds. */
function busyWorld(): Session {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  for (let n = 0; n < VOLUMES; n++) ok(session, `vol create data-${n} --size 1G`);
  ok(session, "vol write data-0 0 --data hello; vol create copy --size 1G --tier hdd; vol replicate start data-0 copy");
  ok(session, "image pull busybox; image pull nginx; net create podnet --type overlay --cidr 10.1.0.0/24");
  for (let n = 0; n < CONTAINERS; n++) ok(session, `ctr run busybox --name box${n}`);
  ok(session, "net create lan --cidr 10.0.0.0/24; net if add lan eth0; net if add lan eth1; net if add lan eth2; sleep 1s; net ping eth0 10.0.0.3 -c 2");
  for (let n = 1; n <= 3; n++) ok(session, `node add w${n} --cpu 4 --mem 8G`);
  ok(session, `sleep 2s; pod apply -f ${join(PODS, "plain.yaml")}; pod apply -f ${join(PODS, "client.yaml")}`);
  ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2");
  for (const name of ["sds1", "sds2", "sds3"]) ok(session, `cluster sds add ${name} --pool pd1/sp1 --capacity 1G`);
  ok(session, "cluster sdc add host1; vol create dv --type distributed --pool pd1/sp1 --size 64M; cluster map dv host1");
  ok(session, "user add bob; sec rule add --effect deny --user bob --object vol --action vol.create; sec caps bob +CAP_SYS_ADMIN; su bob");
  for (const name of ["x", "y", "z"]) expect(session.execute(`vol create ${name} --size 1M`).error).toContain("deny");
  ok(session, "exit; sleep 5s");
  return session;
}

function viewOf(session: Session, name: string): NonNullable<Outcome["view"]> {
  return session.execute(name).view!;
}

/** The last frame drawn in a terminal of `columns` x `rows`, drawn once (no keys). */
function frameOf(session: Session, view: NonNullable<Outcome["view"]>, columns: number, rows: number): string {
  const terminal = new SmallTerminal(columns, rows);
  const instance = render(<LiveView session={session} view={view} onLeave={() => {}} />, { stdout: terminal as unknown as NodeJS.WriteStream, stdin: new QuietKeyboard() as unknown as NodeJS.ReadStream, debug: true, patchConsole: false });
  const frame = terminal.frames.filter((written) => written.includes("kshell ")).at(-1) ?? "";
  instance.unmount();
  return plain(frame);
}

interface Box {
  readonly title: string;
  readonly lines: string[];
  /** Rows its markers and title say it holds back. */
  readonly counted: number;
}

/** The boxes of a frame: title (the focus marker and counts taken off), content lines, the rows counted by markers. */
function boxesOf(frame: string): Box[] {
  const boxes: Box[] = [];
  for (const line of frame.split("\n")) {
    const top = /^╭─▸? (.*?)(?: \(filter: [^)]*\))?(?: · (\d+) more(?:, \d+ above)?)?(?: \(paused\))? ─+╮$/.exec(line);
    if (top !== null) boxes.push({ title: top[1]!, lines: [], counted: Number(top[2] ?? 0) });
    else if (line.startsWith("│ ") && boxes.length > 0) {
      const text = line.slice(2, -1).trimEnd();
      const marker = /^(?:\+|↓ |↑ )(\d+) more$/.exec(text);
      const box = boxes.at(-1)!;
      if (marker !== null) (box as { counted: number }).counted += Number(marker[1]);
      else box.lines.push(text);
    }
  }
  return boxes;
}

/** A pane shown as one line without a box ("audit tail · 5 more: …"), as a box of that line. */
function oneLiners(frame: string, pane: string): Box[] {
  return frame.split("\n").flatMap((line) => {
    const one = new RegExp(`^${pane}(?: · (\\d+) more)?: (.*)$`).exec(line);
    return one === null ? [] : [{ title: pane, lines: [one[2]!], counted: Number(one[1] ?? 0) }];
  });
}

/** Whether `row` is on screen in `box`: a line holds it (a merged "title: row", a folded line) or it was cut at the width ("…"), or a brief names it ("storage 12/32 ok · …"). */
function shown(box: Box, row: string): boolean {
  const wanted = row.trim();
  const name = wanted.split(/\s{2,}/)[0]!;
  if (box.title === "subsystems" && box.lines.some((line) => line.split(" · ").some((item) => item.startsWith(`${name} `)))) return true;
  return box.lines.some((line) => {
    const text = line.endsWith("…") ? line.slice(0, -1) : line;
    return text.includes(wanted) || (text.length >= 8 && wanted.startsWith(text.trim()));
  });
}

/**
 * Every row of every pane is accounted for: on screen in its pane's box, or counted by that box's
 * markers, or the pane named as left out. Returns what was missing, for the failure message.
 */
function unaccounted(session: Session, group: string, frame: string, columns: number): string[] {
  const snapshot = liveSnapshot(session.kernelView(), group, session.display, {}, 6, { columns });
  const boxes = boxesOf(frame);
  const hidden = frame.split("\n").find((line) => /^\+\d+ panes?: /.test(line)) ?? "";
  const missing: string[] = [];
  const panes = [...new Set(snapshot.sections.map((s) => s.pane!.title))];
  for (const pane of panes) {
    const sections = snapshot.sections.filter((s) => s.pane!.title === pane);
    if (hidden.includes(sections[0]!.pane!.command) || (hidden.endsWith("…") && !boxes.some((b) => b.title === pane || sections.some((s) => s.title === b.title)))) continue;
    const own = [...boxes.filter((b) => b.title === pane || sections.some((s) => s.title === b.title)), ...oneLiners(frame, pane)];
    if (own.length === 0) {
      missing.push(`pane ${pane}: no box, not named`);
      continue;
    }
    const rows = sections.flatMap((s) => s.lines.map(plain));
    const absent = rows.filter((row) => !own.some((box) => shown(box, row)));
    const counted = own.reduce((sum, box) => sum + box.counted, 0) + own.length * 2; // a tiny box's table header gives way to a row; a merged box's section title lines
    if (absent.length > counted) missing.push(`pane ${pane}: ${absent.length} rows absent, ${counted} counted: ${absent.slice(0, 3).join(" | ")}`);
  }
  return missing;
}

describe("live frames at 120x40, 80x24 and 60x20", () => {
  const world = busyWorld();
  for (const name of ["top", ...LIVE_GROUPS.map((group) => `watch ${group}`)]) {
    for (const [columns, rows] of SIZES) {
      it(`${name} at ${columns}x${rows}: inside the terminal, every row shown or counted`, () => {
        const view = viewOf(world, name);
        const frame = frameOf(world, view, columns, rows);
        const lines = frame.split("\n");
        expect(frame).toContain(`kshell ${name}`);
        expect(lines.length).toBeLessThan(rows);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
        expect(unaccounted(world, view.name === "top" ? "all" : view.group, frame, columns)).toEqual([]);
      });
    }
  }

  it("top at 80x24 and 60x20 shows every pane in at least one line: a box, or a line of its own", () => {
    const titles = ["subsystems", "volumes", "containers", "pods", "networks", "cluster", "security", "audit tail"];
    for (const [columns, rows] of SIZES.slice(1)) {
      const frame = frameOf(world, viewOf(world, "top"), columns, rows);
      const boxes = [...boxesOf(frame), ...titles.flatMap((title) => oneLiners(frame, title))];
      expect(boxes.map((b) => b.title)).toEqual(titles);
      for (const box of boxes) expect(box.lines.length).toBeGreaterThanOrEqual(1);
      expect(frame).not.toMatch(/^\+\d+ panes?:/m);
    }
  });

  it("draws without React warnings (a duplicate key, an error screen)", () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      for (const [columns, rows] of SIZES) frameOf(world, viewOf(world, "top"), columns, rows);
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([]);
  });
});

describe("the audit pane's columns", () => {
  const world = busyWorld();
  it("drops columns by priority, MESSAGE last, cut with …", () => {
    const wide = boxesOf(frameOf(world, viewOf(world, "watch audit"), 220, 40))[0]!; // the entries held include long messages: MESSAGE gets its room before ID, TYPE, UID (as in audit query)
    expect(wide.lines[0]).toMatch(/^SEQ\s+ID\s+TIME\s+LEVEL\s+TYPE\s+UID\s+ACTION\s+OBJECT\s+RESULT\s+MESSAGE$/);
    const narrow = boxesOf(frameOf(world, viewOf(world, "watch audit"), 60, 20))[0]!;
    expect(narrow.lines[0]).toMatch(/ACTION\s+.*RESULT\s+MESSAGE$/);
    expect(narrow.lines[0]).not.toMatch(/\bID\b|\bUID\b|\bTYPE\b/);
    expect(narrow.lines.some((line) => line.endsWith("…"))).toBe(true);
  });

  it("says how many columns it needs when even ACTION, RESULT and a short MESSAGE do not fit", () => {
    const frame = frameOf(world, viewOf(world, "watch audit"), 30, 20);
    const needed = Number(/audit: needs (\d+) columns/.exec(frame)?.[1]);
    expect(needed).toBeGreaterThan(30);
    expect(frameOf(world, viewOf(world, "watch audit"), needed, 20)).not.toContain("needs");
  });
});

afterEach(() => undefined);

/** A live view in a terminal of `columns` x `rows` that keys can be typed into. */
function typedView(session: Session, name: string, columns: number, rows: number) {
  const terminal = new SmallTerminal(columns, rows);
  const keyboard = new Keyboard();
  const instance = render(<LiveView session={session} view={viewOf(session, name)} onLeave={() => {}} />, { stdout: terminal as unknown as NodeJS.WriteStream, stdin: keyboard as unknown as NodeJS.ReadStream, debug: true, patchConsole: false });
  const last = () => plain(terminal.frames.filter((written) => written.includes("kshell ")).at(-1) ?? "");
  return { last, keyboard, unmount: () => instance.unmount() };
}

/** The container names a frame shows, in order. */
function boxNames(frame: string): string[] {
  return [...frame.matchAll(/^│ (box\d+) /gm)].map((match) => match[1]!);
}

describe("keys in a live view", () => {
  it("scrolls watch ctr a line, a page, to the end and back, every row still counted", async () => {
    const world = busyWorld();
    const view = typedView(world, "watch ctr", 80, 24);
    try {
      await viewListening(view.keyboard, view.last, "kshell ");
      const first = boxNames(view.last());
      const total = Number(/│ (\d+) containers:/.exec(view.last())![1]); // the pods' containers too
      expect(first[0]).toBe("box0");
      expect(view.last()).toMatch(/│ \+\d+ more/);
      await type(view.keyboard, "\u001b[B");
      let frame = await frameWhere(view.last, (f) => f.includes("↑ 1 more"));
      expect(boxNames(frame)[0]).toBe(first[1]); // one line down
      await type(view.keyboard, "\u001b[6~");
      frame = await frameWhere(view.last, (f) => /↑ \d+ more/.test(f) && !f.includes("↑ 1 more"));
      const page = Number(/↑ (\d+) more/.exec(frame)![1]) - 1;
      expect(page).toBeGreaterThan(5);
      expect(boxNames(frame)[0]).toBe(`box${page + 1}`);
      const below = Number(/│ ↓ (\d+) more/.exec(frame)![1]);
      expect(frame).toMatch(/│ 4\d containers: .*\n│ NAME\s+STATE/); // the summary and the header stay while the rows scroll
      expect(Number(/↑ (\d+) more/.exec(frame)![1]) + frame.split("\n").filter((line) => /^│ \S+\s+(Running|Created|Starting)/.test(line)).length + below).toBe(total);
      await type(view.keyboard, "\u001b[F"); // End
      frame = await frameWhere(view.last, (f) => !/↓ \d+ more/.test(f));
      expect(boxNames(frame).at(-1)).toBe(`box${CONTAINERS - 1}`);
      expect(frame).not.toMatch(/↓ \d+ more/);
      await type(view.keyboard, "\u001b[H"); // Home
      frame = await frameWhere(view.last, (f) => boxNames(f)[0] === "box0");
      expect(frame).not.toMatch(/│ ↑ \d+ more/);
    } finally {
      view.unmount();
    }
  });

  it("moves the focus with Tab in top, and the arrows scroll the focused box only", async () => {
    const world = busyWorld();
    const view = typedView(world, "top", 120, 40);
    try {
      await viewListening(view.keyboard, view.last, "kshell ");
      expect(view.last()).toMatch(/╭─▸ subsystems/);
      await type(view.keyboard, "\t");
      let frame = await frameWhere(view.last, (f) => /╭─▸ volumes/.test(f));
      expect(frame).toMatch(/╭─ subsystems/);
      await type(view.keyboard, "\u001b[Z"); // Shift-Tab
      await frameWhere(view.last, (f) => /╭─▸ subsystems/.test(f));
      const before = boxesOf(view.last());
      await type(view.keyboard, "\t", "\u001b[B");
      frame = await frameWhere(view.last, (f) => /╭─▸ volumes · \d+ more, 1 above/.test(f)); // a box too short for marker lines says it in its title
      const after = boxesOf(frame);
      expect(after.find((b) => b.title === "volumes")!.lines[0]).toMatch(/^data-1\b/);
      expect(after.find((b) => b.title === "volumes")!.counted).toBe(before.find((b) => b.title === "volumes")!.counted); // moved, none lost
      expect(after.filter((b) => b.title !== "volumes").map((b) => b.lines)).toEqual(before.filter((b) => b.title !== "volumes").map((b) => b.lines));
    } finally {
      view.unmount();
    }
  });

  it("filters the focused pane with /: rows not matching hidden, the title counting them, Esc clearing it", async () => {
    const world = busyWorld();
    const view = typedView(world, "watch vol", 120, 40);
    try {
      await viewListening(view.keyboard, view.last, "kshell ");
      await type(view.keyboard, "/data-1", "\r");
      const frame = await frameWhere(view.last, (f) => f.includes("(filter: data-1,") && !f.includes("Enter keeps"));
      expect(frame).toMatch(/╭─▸ volumes \(filter: data-1, 3 of 14\)/); // data-1, data-10, data-11 of data-0..11, copy and dv
      expect(frame).toMatch(/│ data-10 /);
      expect(frame).not.toMatch(/│ data-2 /);
      expect(frame).not.toMatch(/│ copy /);
      await type(view.keyboard, "/", "\u001b");
      const cleared = await frameWhere(view.last, (f) => !f.includes("(filter:"));
      expect(cleared).toMatch(/│ data-2 /);
    } finally {
      view.unmount();
    }
  });
});

describe("watch audit", () => {
  it(`holds the newest ${AUDIT_PANE_ENTRIES} entries to scroll back through, newest at the bottom`, async () => {
    const session = newSession({ interactive: true, wallClockMs: () => 0 });
    for (let n = 0; n < AUDIT_PANE_ENTRIES; n++) ok(session, "vol list");
    expect(session.kernelView().audit.stats().retained).toBeGreaterThan(AUDIT_PANE_ENTRIES);
    const view = typedView(session, "watch audit", 120, 30);
    try {
      await viewListening(view.keyboard, view.last, "kshell watch audit");
      const opened = view.last();
      const newest = session.kernelView().audit.tail(1)[0]!; // `watch audit` itself is audited
      const rows = (frame: string) => frame.split("\n").filter((line) => /^│ +\d+ /.test(line));
      const above = Number(/│ ↑ (\d+) more/.exec(opened)?.[1]);
      expect(above + rows(opened).length).toBe(AUDIT_PANE_ENTRIES); // every held entry shown or counted
      expect(rows(opened).at(-1)).toMatch(new RegExp(`^│ +${newest.seq} `)); // the newest last, as tail -f
      await type(view.keyboard, "\u001b[H"); // Home
      const top = await frameWhere(view.last, (f) => /│ \+\d+ more/.test(f) && !/↑ \d+ more/.test(f));
      expect(Number(/│ \+(\d+) more/.exec(top)![1]) + rows(top).length).toBe(AUDIT_PANE_ENTRIES);
      expect(rows(top)[0]).toMatch(new RegExp(`^│ +${newest.seq - AUDIT_PANE_ENTRIES + 1} `)); // the oldest held
    } finally {
      view.unmount();
    }
  });
});
