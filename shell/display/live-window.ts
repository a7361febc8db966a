// What a live pane's box shows of its lines, as k9s and htop show a long list: the rows matching
// the typed filter (`/`), then a window of them at the box's scroll offset. A section's first
// `head` lines (a table's header, a summary) stay in place: they are neither filtered nor scrolled.
// Nothing is dropped silently: a box cut short ends with "+3 more" (or "↓ 3 more" once scrolled,
// after a first line "↑ 5 more"); a box too short for those lines says how many in its title. A
// box one line short of its whole table shows every row and leaves out the column names instead.

import { stripVTControlCharacters } from "node:util";
import type { LiveSection } from "../panes/pane.js";

/** A box of this many body lines or fewer keeps them for rows and says "N more" in its title instead. */
const SHORT_BOX_LINES = 2;

/** `section` with only the rows containing `text` (case-insensitive, colours ignored); its title then says how many matched. */
export function filterSection(section: LiveSection, text: string): LiveSection {
  const wanted = text.trim().toLowerCase();
  if (wanted === "" || section.filter !== undefined) return section; // a pane that filters its own rows (containers) said so itself
  const head = section.head ?? 0;
  const rows = section.lines.slice(head);
  const kept = rows.filter((line) => stripVTControlCharacters(line).toLowerCase().includes(wanted));
  const lines = [...section.lines.slice(0, head), ...(kept.length === 0 && head === 0 ? [`(no line matches '${text.trim()}')`] : kept)];
  return { ...section, lines, filter: { text: text.trim(), shown: kept.length, of: rows.length }, brief: undefined }; // a brief holds every row: not for a filtered box
}

/**
 * A pane's sections filtered by `text`: those with no matching row give way to those with one,
 * so a dashboard of many sections says "(no line matches …)" once, not once a section; when
 * none matches, the pane's first section says so alone (in its own words, when it filtered itself).
 */
export function filterPane(sections: readonly LiveSection[], text: string): LiveSection[] {
  const filtered = sections.map((section) => filterSection(section, text));
  const matching = filtered.filter((section) => section.filter === undefined || section.filter.shown > 0);
  if (matching.length > 0 || filtered.length === 0) return matching;
  const first = filtered[0]!;
  if (first === sections[0]) return [first]; // a pane that filtered its own rows (containers) said so itself
  const of = filtered.reduce((rows, section) => rows + (section.filter?.of ?? 0), 0);
  return [{ ...first, lines: [`(no line matches '${text.trim()}')`], head: 0, filter: { text: text.trim(), shown: 0, of } }];
}

export interface Window extends Pick<LiveSection, "lines" | "more" | "above"> {
  readonly scroll: NonNullable<LiveSection["scroll"]>;
}

/** The lines a box of `room` lines shows at `offset` rows down (clamped; undefined: the top, or the end for a tail), its markers included, and how far it may scroll. */
export function windowOf(lines: readonly string[], room: number, scrolled?: number, head = 0, follow = false): Window {
  const offset = scrolled ?? (follow ? Infinity : 0);
  if (lines.length <= room) return { lines, scroll: { offset: 0, maxOffset: 0, page: Math.max(1, room - head) } };
  if (head > 0 && lines.length - 1 <= room) return { lines: withoutHeader(lines, head), scroll: { offset: 0, maxOffset: 0, page: Math.max(1, room - head + 1) } }; // every row, not column names
  if (room - head <= SHORT_BOX_LINES) return tinyWindow(lines, room, offset, head);
  const pinned = head;
  const rows = lines.slice(pinned);
  const body = room - pinned;
  const maxOffset = rows.length - (body - 1); // the last window: "↑ N more", then the last rows
  const at = clamp(offset, maxOffset);
  const shown = at === 0 ? rows.slice(0, body - 1) : rows.slice(at, Math.min(rows.length, at + body - 1 - (at < maxOffset ? 1 : 0)));
  const below = rows.length - at - shown.length;
  const marked = [...(at > 0 ? [`↑ ${at} more`] : []), ...shown, ...(below > 0 ? [`${at > 0 ? "↓ " : "+"}${below} more`] : [])];
  return { lines: [...lines.slice(0, pinned), ...marked], scroll: { offset: at, maxOffset, page: Math.max(1, body - 2) } };
}

/**
 * A box too short for markers: its rows, a window of them at `offset`, the count in the title. The
 * table's header line (the head's last) gives way to a row: a row says more than column names;
 * a summary above it stays when there is room for a row too.
 */
function tinyWindow(lines: readonly string[], room: number, offset: number, head: number): Window {
  const kept = head > 1 && room > 1 ? lines.slice(0, head - 1) : [];
  const rows = [...(head > 1 && room <= 1 ? lines.slice(0, head - 1) : []), ...lines.slice(head)];
  const body = room - kept.length;
  const maxOffset = Math.max(0, rows.length - body);
  const at = clamp(offset, maxOffset);
  const shown = rows.slice(at, at + body);
  const more = rows.length - shown.length;
  return { lines: [...kept, ...shown], ...(more > 0 ? { more } : {}), ...(at > 0 ? { above: at } : {}), scroll: { offset: at, maxOffset, page: Math.max(1, body) } };
}

/** `lines` less the table's header line (the head's last): a summary above it stays. */
function withoutHeader(lines: readonly string[], head: number): readonly string[] {
  return [...lines.slice(0, head - 1), ...lines.slice(head)];
}

function clamp(offset: number, max: number): number {
  return Math.max(0, Math.min(max, offset));
}
