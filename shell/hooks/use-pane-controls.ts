// The live view's keys, as ctop and k9s take them: q, Esc or Ctrl-C leaves; for sortable panes
// (those declaring sortKeys, like the containers pane) `s` sorts by the next column, `r` reverses
// the order and `/` types a filter (Enter keeps it, Esc clears it, Backspace deletes). `:` opens a
// command line at the bottom, as in k9s and vim: it edits as the prompt does (line-editor.ts),
// Enter runs it through `onCommand`, Esc or Ctrl-C closes it. While a filter or a command is typed
// every key is text, so `q` does not leave. One handler reads the mode from a ref: keys typed
// faster than a redraw still see the mode the key before set. A burst (a paste, tmux send-keys,
// fast typing) is split into keys applied in order, so "/web\r" filters and keeps the filter as
// four keys typed one by one would.

import type { Key } from "ink";
import { useRef, useState } from "react";
import { INPUT_LINE_LENGTH_MAX, PANE_FILTER_LENGTH_MAX } from "../../src/limits.js";
import { edit, EMPTY_LINE, type LineState } from "../line-editor.js";
import { useKeys } from "./use-keys.js";
import { editKeyOf } from "./use-prompt.js";

export interface PaneControls {
  readonly sort?: { readonly key: string; readonly reversed: boolean };
  readonly filter: string;
  /** A filter is being typed (the footer shows it). */
  readonly typing: boolean;
  /** The `:` command line being typed, undefined when closed. */
  readonly command: LineState | undefined;
}

export interface PaneControlHandlers {
  readonly onLeave: () => void;
  /** A line typed after `:` and Enter. */
  readonly onCommand: (line: string) => void;
  /** A long command runs: Ctrl-C is its interrupt (use-job.ts), not a way out of the view. */
  readonly busy: boolean;
}

interface ControlState {
  readonly sortIndex: number;
  readonly reversed: boolean;
  readonly filter: string;
  readonly typing: boolean;
  readonly command: LineState | undefined;
}

const INITIAL: ControlState = { sortIndex: 0, reversed: false, filter: "", typing: false, command: undefined };

type Effect = "leave" | { readonly run: string };

/** `sortKeys`: the shown sortable pane's columns, empty when none is shown (s, r and / do nothing then). */
export function usePaneControls(sortKeys: readonly string[], handlers: PaneControlHandlers): PaneControls {
  const current = useRef(INITIAL);
  const [state, setState] = useState(INITIAL);
  useKeys((keys) => {
    let next = current.current;
    for (const [part, partKey] of eachKey(keys)) {
      const [after, effect] = nextState(next, part, partKey, sortKeys.length, handlers.busy);
      next = after;
      if (effect === "leave") return handlers.onLeave();
      if (effect !== undefined) handlers.onCommand(effect.run);
    }
    current.current = next;
    setState(next);
  }, true);
  const sort = sortKeys.length === 0 ? undefined : { key: sortKeys[state.sortIndex % sortKeys.length]!, reversed: state.reversed };
  return { sort, filter: state.filter, typing: state.typing, command: state.command };
}

/** Every key of a burst in order; text is one key a character (each of "sr" is a command, ":q" opens then types). */
function eachKey(keys: readonly [string, Key][]): [string, Key][] {
  return keys.flatMap(([part, key]): [string, Key][] => (part.length > 1 && !key.ctrl && !key.meta ? Array.from(part, (character): [string, Key] => [character, key]) : [[part, key]]));
}

function nextState(s: ControlState, input: string, key: Key, sortKeyCount: number, busy: boolean): [ControlState, Effect?] {
  if (s.command !== undefined) return commandKey(s, s.command, input, key);
  if (key.ctrl && input === "c") return busy ? [s] : [s, "leave"];
  if (s.typing) {
    if (key.return) return [{ ...s, typing: false }];
    if (key.escape) return [{ ...s, filter: "", typing: false }];
    if (key.backspace || key.delete) return [{ ...s, filter: s.filter.slice(0, -1) }];
    return [input !== "" && !key.ctrl && !key.meta ? { ...s, filter: (s.filter + input).slice(0, PANE_FILTER_LENGTH_MAX) } : s];
  }
  if (input === ":" && !key.ctrl && !key.meta) return busy ? [s] : [{ ...s, command: EMPTY_LINE }]; // one command at a time, as at the prompt
  if (input === "q" || key.escape) return [s, "leave"];
  if (sortKeyCount === 0) return [s];
  if (input === "s") return [{ ...s, sortIndex: (s.sortIndex + 1) % sortKeyCount }];
  if (input === "r") return [{ ...s, reversed: !s.reversed }];
  if (input === "/") return [{ ...s, typing: true }];
  return [s];
}

/** A key on the `:` command line: Enter runs it, Esc or Ctrl-C closes it, the rest edits as at the prompt. */
function commandKey(s: ControlState, line: LineState, input: string, key: Key): [ControlState, Effect?] {
  if (key.escape || (key.ctrl && input === "c")) return [{ ...s, command: undefined }];
  if (key.return) return line.text.trim() === "" ? [{ ...s, command: undefined }] : [{ ...s, command: undefined }, { run: line.text }];
  const editKey = editKeyOf(input, key);
  if (editKey === undefined) return [s];
  const edited = edit(line, editKey);
  return [{ ...s, command: edited.text.length > INPUT_LINE_LENGTH_MAX ? line : edited }];
}

