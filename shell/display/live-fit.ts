// Fitting the live view's sections to the terminal. When every section fits as its own box they
// are shown as they are. When they do not (top at 80x24, watch ctr with 128 containers), each
// pane becomes one box: its sections merged, the empty ones ("(no volumes)") folded into one line,
// and the lines shared out a line at a time so every pane shows something; a box cut short shows
// the window its scroll offset picks, with "+N more" (live-window.ts). Panes that cannot get even
// one line are named on a last line ("+2 panes: watch net, watch audit"), never dropped silently.

import type { LiveSection } from "../panes/pane.js";
import { windowOf } from "./live-window.js";

/** A pane's box: its top border (holding the title) and bottom border. */
const PANE_CHROME_LINES = 2;
const EMPTY_JOIN = " · ";

export interface FittedSections {
  readonly sections: readonly LiveSection[];
  /** The panes left out, or "" when none was. */
  readonly hidden: string;
}

/** Box title -> how many rows down the user scrolled it. */
export type ScrollOffsets = Readonly<Record<string, number>>;

/** `sections` in at most `budget` lines (their boxes' borders included, a hidden-panes line too), each cut box at its scroll offset. */
export function fitSections(sections: readonly LiveSection[], budget: number, offsets: ScrollOffsets = {}): FittedSections {
  const height = sections.reduce((sum, section) => sum + section.lines.length + PANE_CHROME_LINES, 0);
  if (height <= budget) return { sections: sections.map((section) => ({ ...section, scroll: { offset: 0, maxOffset: 0, page: Math.max(1, section.lines.length) } })), hidden: "" };
  const panes = mergeByPane(sections);
  let count = panes.length;
  const needed = (n: number) => n * (PANE_CHROME_LINES + 1) + (n < panes.length ? 1 : 0); // one line each, and the hidden-panes line
  while (count > 0 && needed(count) > budget) count--;
  const shown = panes.slice(0, count);
  const allotted = shareLines(shown.map((p) => p.lines.length), budget - needed(count) + count);
  return {
    sections: shown.map((p, at) => ({ title: p.title, pane: p.pane, head: p.head, filter: p.filter, ...windowOf(p.lines, allotted[at]!, offsets[p.title], p.head) })),
    hidden: hiddenLine(panes.slice(count)),
  };
}

/** Lines handed out one at a time, in order, to the panes that want more: small panes show whole. */
function shareLines(wanted: readonly number[], lines: number): number[] {
  const allotted = wanted.map(() => 0);
  let left = lines;
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
  /** Its filtered sections' counts added up, for the box's title. */
  readonly filter: LiveSection["filter"];
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
