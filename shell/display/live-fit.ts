// Fitting the live view's sections to the terminal. When every section fits as its own box they
// are shown as they are. When they do not (top at 80x24, watch ctr with 128 containers), each
// pane becomes one box: its sections merged, the empty ones ("(no volumes)") folded into one line,
// and the lines shared out a line at a time so every pane shows something; a box cut short shows
// the window its scroll offset picks, with "+N more" (live-window.ts). A pane that must show every
// row (top's subsystems: every subsystem a line, issue 17) gets its rows first, or its brief.
// Panes that cannot get a box of one line get one line without a box ("audit tail · 5 more: 163
// …"), so top at 80x24 shows every pane; those that cannot get even that are named on a last
// line ("+2 panes: watch net, watch audit"), never dropped silently.

import type { LiveSection } from "../panes/pane.js";
import { windowOf } from "./live-window.js";

/** A pane's box: its top border (holding the title) and bottom border. */
const PANE_CHROME_LINES = 2;
const EMPTY_JOIN = " · ";

export interface FittedSections {
  readonly sections: readonly LiveSection[];
  /** Panes shown as one line each, without a box, under the boxes. */
  readonly lines: readonly string[];
  /** The panes left out, or "" when none was. */
  readonly hidden: string;
}

/** Box title -> how many rows down the user scrolled it. */
export type ScrollOffsets = Readonly<Record<string, number>>;

/** `sections` in at most `budget` lines (their boxes' borders included, a hidden-panes line too), each cut box at its scroll offset. */
export function fitSections(sections: readonly LiveSection[], budget: number, offsets: ScrollOffsets = {}): FittedSections {
  const height = sections.reduce((sum, section) => sum + section.lines.length + PANE_CHROME_LINES, 0);
  if (height <= budget) return { sections: sections.map((section) => ({ ...section, scroll: { offset: 0, maxOffset: 0, page: Math.max(1, section.lines.length) } })), lines: [], hidden: "" };
  const panes = mergeByPane(sections);
  const { floors, briefly, boxed } = boxesOf(panes, budget);
  const shown = panes.map((p) => (briefly && p.whole && p.brief !== undefined ? { ...p, lines: p.brief, head: 0 } : p));
  const wanted = shown.map((p) => p.lines.length);
  const lineRoom = budget - boxHeight(floors, boxed);
  const lined = panes.length - boxed <= lineRoom ? panes.length - boxed : Math.max(0, lineRoom - 1); // past that, the hidden-panes line
  const left = panes.slice(boxed + lined);
  const allotted = shareLines(wanted.slice(0, boxed), budget - boxed * PANE_CHROME_LINES - lined - (left.length > 0 ? 1 : 0), floors);
  return {
    sections: shown.slice(0, boxed).map((p, at) => ({ title: p.title, pane: p.pane, head: p.head, filter: p.filter, ...windowOf(p.lines, allotted[at]!, offsets[p.title], p.head, p.follow) })),
    lines: panes.slice(boxed, boxed + lined).map(oneLine),
    hidden: hiddenLine(left),
  };
}

/**
 * The lines each pane's box starts with (one; a whole pane's rows, or else its brief) and how many
 * panes, from the first, get a box: as many as leave a line for each of the rest. The whole panes
 * keep their box first with their rows, else with their brief, with a line for every other pane,
 * else with only the last line naming them; else (a tiny terminal) all share a line at a time.
 */
function boxesOf(panes: readonly MergedPane[], budget: number): Layout {
  const kept = panes.findLastIndex((p) => p.whole) + 1; // the boxes the whole panes need, those before them included
  const others = panes.length - kept;
  const tries = kept === 0 ? [] : ([[false, others], [true, others], [false, Math.min(1, others)], [true, Math.min(1, others)]] as const);
  for (const [briefly, otherLines] of tries) {
    const floors = panes.map((p) => (!p.whole ? 1 : briefly && p.brief !== undefined ? p.brief.length : Math.max(1, p.lines.length - (p.head > 0 ? 1 : 0))));
    if (boxHeight(floors, kept) + otherLines <= budget) return { floors, briefly, boxed: boxCount(floors, budget, kept) };
  }
  const floors = panes.map(() => 1);
  return { floors, briefly: false, boxed: boxCount(floors, budget, 0) };
}

interface Layout {
  readonly floors: readonly number[];
  /** The whole panes show their brief. */
  readonly briefly: boolean;
  readonly boxed: number;
}

/** How many panes, from the first, get a box of their floor's lines with a line each for the rest; `kept` at least. */
function boxCount(floors: readonly number[], budget: number, kept: number): number {
  let boxed = floors.length;
  while (boxed > kept && boxHeight(floors, boxed) + (floors.length - boxed) > budget) boxed--;
  return boxed;
}

/** The lines the first `boxed` boxes take at their floors, borders included. */
function boxHeight(floors: readonly number[], boxed: number): number {
  return boxed * PANE_CHROME_LINES + sum(floors.slice(0, boxed));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** A pane in one line: its title, how many lines it holds back, its most telling line (a summary, the first row, a tail's last). */
function oneLine(p: MergedPane): string {
  const { lines, more } = windowOf(p.lines, 1, undefined, p.head, p.follow);
  return `${p.title}${more !== undefined ? ` · ${more} more` : ""}: ${lines[0] ?? ""}`;
}

/** Lines handed out one at a time, in order, to the panes that want more, after each its floor: small panes show whole. */
function shareLines(wanted: readonly number[], lines: number, floors: readonly number[]): number[] {
  const allotted = wanted.map((want, at) => Math.min(want, floors[at]!));
  let left = lines - sum(allotted);
  while (left > 0) {
    let given = 0;
    for (let at = 0; at < wanted.length && left > 0; at++) {
      if (allotted[at]! >= wanted[at]!) continue;
      allotted[at]!++;
      left--;
      given++;
    }
    if (given === 0) break; // every pane shows whole
  }
  return allotted;
}

/** The first `room` lines and how many more there are: on a last line when the box has room for it, else in its title. */
export function cut(lines: readonly string[], room: number): Pick<LiveSection, "lines" | "more"> {
  const { lines: shown, more } = windowOf(lines, room);
  return more === undefined ? { lines: shown } : { lines: shown, more };
}

interface MergedPane {
  readonly title: string;
  readonly lines: readonly string[];
  readonly pane: LiveSection["pane"];
  /** The first section's header, when the box starts with it. */
  readonly head: number;
  /** Its first section is a tail: the box shows its end. */
  readonly follow: boolean;
  /** Its filtered sections' counts added up, for the box's title. */
  readonly filter: LiveSection["filter"];
  /** Its rows are shown before the other boxes share the rest. */
  readonly whole: boolean;
  /** Its rows packed into fewer lines, in their place when they do not fit. */
  readonly brief: readonly string[] | undefined;
}

/** Each pane's sections as one: the empty ones (one "(…)" line) folded into one line, the others under their titles. */
function mergeByPane(sections: readonly LiveSection[]): MergedPane[] {
  const panes: { title: string; pane: LiveSection["pane"]; sections: LiveSection[] }[] = [];
  for (const section of sections) {
    const title = section.pane?.title ?? section.title;
    const last = panes.at(-1);
    if (last !== undefined && last.title === title) last.sections.push(section);
    else panes.push({ title, pane: section.pane, sections: [section] });
  }
  return panes.map(({ title, pane, sections: own }) => ({
    title,
    pane,
    lines: own.length === 1 ? own[0]!.lines : mergedLines(own),
    head: isEmpty(own[0]!) ? 0 : (own[0]!.head ?? 0), // mergedLines keeps the first section first unless it is empty
    filter: mergedFilter(own),
    follow: own.length === 1 && own[0]!.follow === true,
    whole: own.some((section) => section.whole === true),
    brief: own.find((section) => section.brief !== undefined)?.brief,
  }));
}

/** The filtered sections' counts added up: the box's title says how many of its rows matched. */
function mergedFilter(sections: readonly LiveSection[]): LiveSection["filter"] {
  const filtered = sections.flatMap((section) => (section.filter === undefined ? [] : [section.filter]));
  if (filtered.length === 0) return undefined;
  return { text: filtered[0]!.text, shown: filtered.reduce((sum, f) => sum + f.shown, 0), of: filtered.reduce((sum, f) => sum + f.of, 0) };
}

function mergedLines(sections: readonly LiveSection[]): string[] {
  const empty = sections.filter(isEmpty);
  const full = sections.filter((section) => !isEmpty(section));
  const folded = empty.length === 0 ? [] : [empty.map((section) => section.lines[0]!).join(EMPTY_JOIN)];
  const shown = full.flatMap((section) => {
    if (section === sections[0]) return section.lines; // the box's title names it
    return section.lines.length === 1 ? [`${section.title}: ${section.lines[0]}`] : [`${section.title}:`, ...section.lines];
  });
  return isEmpty(sections[0]!) ? [...folded, ...shown] : [...shown, ...folded]; // the pane's main object absent: say so first
}

/** A section saying there is nothing to show: "(no volumes)", "(nothing learned)". */
function isEmpty(section: LiveSection): boolean {
  return section.lines.length === 1 && section.lines[0]!.startsWith("(");
}

function hiddenLine(panes: readonly MergedPane[]): string {
  if (panes.length === 0) return "";
  return `+${panes.length} pane${panes.length === 1 ? "" : "s"}: ${panes.map((p) => p.pane?.command ?? p.title).join(", ")}`;
}
