// The live view's keys, as ctop, htop and k9s take them: q, Esc or Ctrl-C leaves; Tab and Shift-Tab
// move the focus between the boxes, Up/Down scroll the focused one a line, PgUp/PgDn a page,
// Home/End to either end; `/` types a filter for the focused box's pane (Enter keeps it, Esc
// clears it, Backspace deletes; once kept, the next Esc clears the filters and only the one
// after leaves, as in k9s); for sortable panes (those declaring sortKeys, like the containers
// pane) `s` sorts by the next column and `r` reverses the order. `:` opens a
// command line at the bottom, as in k9s and vim: it edits as the prompt does (line-editor.ts),
// Up/Down walk the history and Tab completes as at the prompt (the prompt's own code: use-prompt.ts),
// Enter runs it through `onCommand`, Esc or Ctrl-C closes it. While a filter or a command is typed
// every key is text, so `q` does not leave. One handler reads the mode from a ref: keys typed
// faster than a redraw still see the mode the key before set. A burst (a paste, tmux send-keys,
// fast typing) is split into keys applied in order, so "/web\r" filters and keeps the filter as
// four keys typed one by one would.

import type { Key } from "ink";
import { useRef, useState } from "react";
import { INPUT_LINE_LENGTH_MAX, PANE_FILTER_LENGTH_MAX } from "../../src/limits.js";
import type { completedLine } from "../complete.js";
import type { ScrollOffsets } from "../display/live-fit.js";
import type { PaneFilters } from "../display/live.js";
import type { LiveSection } from "../panes/pane.js";
import { edit, EMPTY_LINE, walkHistory, type LineState } from "../line-editor.js";
import { useKeys } from "./use-keys.js";
import { editKeyOf } from "./use-prompt.js";

export interface PaneControls {
  readonly sort?: { readonly key: string; readonly reversed: boolean };
  /** The filter being typed, or the focused box's pane's filter. */
  readonly filter: string;
  /** Pane title -> its kept filter. */
  readonly filters: PaneFilters;
  /** A filter is being typed (the footer shows it). */
  readonly typing: boolean;
  /** The `:` command line being typed, undefined when closed. */
  readonly command: LineState | undefined;
  /** What Tab on the `:` line found when several names fit (shown above it), else empty. */
  readonly commandHint: readonly string[];
  /** A kept filter narrows some pane: Esc clears it rather than leaving. */
  readonly filtered: boolean;
  /** Which box has the focus (an index into the boxes shown, wrapped). */
  readonly focus: number;
  /** Box title -> how far the user scrolled it. */
  readonly offsets: ScrollOffsets;
}

/** A box as last drawn: its title, its pane's title, how far it may scroll. */
export type PaneBox = Pick<LiveSection, "title" | "pane" | "scroll">;

export interface PaneControlHandlers {
  readonly onLeave: () => void;
  /** A line typed after `:` and Enter. */
  readonly onCommand: (line: string) => void;
  /** A long command runs: Ctrl-C is its interrupt (use-job.ts), not a way out of the view. */
  readonly busy: boolean;
  /** The boxes of the frame on screen, read when a key arrives. */
  readonly boxes: () => readonly PaneBox[];
  /** The lines typed before, oldest first, for Up/Down on the `:` line. */
  readonly history: () => readonly string[];
  /** Tab on the `:` line, as at the prompt. */
  readonly complete: (line: LineState) => ReturnType<typeof completedLine>;
}

interface ControlState {
  readonly sortIndex: number;
  readonly reversed: boolean;
  readonly filters: PaneFilters;
  /** The pane title whose filter is being typed. */
  readonly typing: string | undefined;
  readonly command: LineState | undefined;
  readonly commandHint: readonly string[];
  readonly focus: number;
  readonly offsets: ScrollOffsets;
}

const INITIAL: ControlState = { sortIndex: 0, reversed: false, filters: {}, typing: undefined, command: undefined, commandHint: [], focus: 0, offsets: {} };

type Effect = "leave" | { readonly run: string };

/** `sortKeys`: the shown sortable pane's columns, empty when none is shown (s and r do nothing then). */
export function usePaneControls(sortKeys: readonly string[], handlers: PaneControlHandlers): PaneControls {
  const current = useRef(INITIAL);
  const [state, setState] = useState(INITIAL);
  useKeys((keys) => {
    let next = current.current;
    const boxes = handlers.boxes();
    for (const [part, partKey] of eachKey(keys)) {
      const [after, effect] = nextState(next, part, partKey, { sortKeyCount: sortKeys.length, busy: handlers.busy, boxes, history: handlers.history, complete: handlers.complete });
      next = after;
      if (effect === "leave") return handlers.onLeave();
      if (effect !== undefined) handlers.onCommand(effect.run);
    }
    current.current = next;
    setState(next);
  }, true);
  const sort = sortKeys.length === 0 ? undefined : { key: sortKeys[state.sortIndex % sortKeys.length]!, reversed: state.reversed };
  const filter = state.filters[state.typing ?? paneOf(focused(state, handlers.boxes()))] ?? "";
  return { sort, filter, filters: state.filters, typing: state.typing !== undefined, command: state.command, commandHint: state.commandHint, filtered: filtering(state), focus: state.focus, offsets: state.offsets };
}

interface KeyContext extends Pick<PaneControlHandlers, "history" | "complete"> {
  readonly sortKeyCount: number;
  readonly busy: boolean;
  readonly boxes: readonly PaneBox[];
}

function focused(s: ControlState, boxes: readonly PaneBox[]): PaneBox | undefined {
  return boxes.length === 0 ? undefined : boxes[s.focus % boxes.length];
}

/** The pane a box belongs to (a box of a pane's merged sections is titled as the pane). */
function paneOf(box: PaneBox | undefined): string {
  return box?.pane?.title ?? box?.title ?? "";
}

/** Every key of a burst in order; text is one key a character (each of "sr" is a command, ":q" opens then types). */
function eachKey(keys: readonly [string, Key][]): [string, Key][] {
  return keys.flatMap(([part, key]): [string, Key][] => (part.length > 1 && !key.ctrl && !key.meta ? Array.from(part, (character): [string, Key] => [character, key]) : [[part, key]]));
}

function nextState(s: ControlState, input: string, key: Key, context: KeyContext): [ControlState, Effect?] {
  if (s.command !== undefined) return commandKey(s, s.command, input, key, context);
  if (key.ctrl && input === "c") return context.busy ? [s] : [s, "leave"];
  if (s.typing !== undefined) return [filterKey(s, s.typing, input, key)];
  if (input === ":" && !key.ctrl && !key.meta) return context.busy ? [s] : [{ ...s, command: EMPTY_LINE }]; // one command at a time, as at the prompt
  if (key.escape && filtering(s)) return [{ ...s, filters: {}, offsets: {} }]; // as k9s: the first Esc clears the filters, the next leaves
  if (input === "q" || key.escape) return [s, "leave"];
  if (input === "/") return [{ ...s, typing: paneOf(focused(s, context.boxes)) }];
  if (key.tab) return [{ ...s, focus: nextFocus(s.focus, key.shift ? -1 : 1, context.boxes.length) }];
  const scrolled = scrollKey(s, key, focused(s, context.boxes));
  if (scrolled !== undefined) return [scrolled];
  if (context.sortKeyCount === 0) return [s];
  if (input === "s") return [{ ...s, sortIndex: (s.sortIndex + 1) % context.sortKeyCount }];
  if (input === "r") return [{ ...s, reversed: !s.reversed }];
  return [s];
}

/** A key while a filter is typed for `pane`: Enter keeps it, Esc clears it, Backspace deletes, the rest is text. */
function filterKey(s: ControlState, pane: string, input: string, key: Key): ControlState {
  const text = s.filters[pane] ?? "";
  const withFilter = (next: string): ControlState => ({ ...s, filters: { ...s.filters, [pane]: next }, offsets: {} }); // a new filter shows its first rows
  if (key.return) return { ...s, typing: undefined };
  if (key.escape) return { ...withFilter(""), typing: undefined };
  if (key.backspace || key.delete) return withFilter(text.slice(0, -1));
  return input !== "" && !key.ctrl && !key.meta ? withFilter((text + input).slice(0, PANE_FILTER_LENGTH_MAX)) : s;
}

/** Whether a kept filter narrows some pane. */
export function filtering(s: Pick<ControlState, "filters">): boolean {
  return Object.values(s.filters).some((text) => text !== "");
}

function nextFocus(focus: number, step: 1 | -1, count: number): number {
  return count === 0 ? 0 : (((focus % count) + step) % count + count) % count;
}

/** Up/Down a line, PgUp/PgDn a page, Home/End to the ends, in the focused box; undefined for any other key. */
function scrollKey(s: ControlState, key: Key, box: PaneBox | undefined): ControlState | undefined {
  const step = key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -(box?.scroll?.page ?? 1) : key.pageDown ? (box?.scroll?.page ?? 1) : key.home ? -Infinity : key.end ? Infinity : 0;
  if (step === 0) return undefined;
  if (box?.scroll === undefined) return s;
  const { maxOffset } = box.scroll;
  const offset = Math.max(0, Math.min(maxOffset, s.offsets[box.title] ?? box.scroll.offset)); // the kept offset, not the drawn one: keys of one burst add up; none kept yet: where it is drawn (a tail's end)
  const next = Math.max(0, Math.min(maxOffset, offset + step));
  return next === offset ? s : { ...s, offsets: { ...s.offsets, [box.title]: next } };
}

/** A key on the `:` command line: Enter runs it, Esc or Ctrl-C closes it, Up/Down walk the history, Tab completes, the rest edits as at the prompt. */
function commandKey(s: ControlState, line: LineState, input: string, key: Key, context: KeyContext): [ControlState, Effect?] {
  const closed = { ...s, command: undefined, commandHint: [] };
  if (key.escape || (key.ctrl && input === "c")) return [closed];
  if (key.return) return line.text.trim() === "" ? [closed] : [closed, { run: line.text }];
  if (key.upArrow || key.downArrow) return [{ ...s, command: walkHistory(line, context.history(), key.upArrow ? -1 : 1), commandHint: [] }];
  const completed = key.tab ? context.complete(line) : undefined;
  if (completed !== undefined) return [{ ...s, command: completed.line.text.length > INPUT_LINE_LENGTH_MAX ? line : completed.line, commandHint: completed.hint }];
  const editKey = editKeyOf(input, key);
  if (editKey === undefined) return [s];
  const edited = edit(line, editKey);
  return [{ ...s, command: edited.text.length > INPUT_LINE_LENGTH_MAX ? line : edited, commandHint: [] }];
}

