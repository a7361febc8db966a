// The live view's keys, as ctop and k9s take them: q, Esc or Ctrl-C leaves; for sortable panes
// (those declaring sortKeys, like the containers pane) `s` sorts by the next column, `r` reverses
// the order and `/` types a filter (Enter keeps it, Esc clears it, Backspace deletes). While a
// filter is typed every key is text, so `q` does not leave. One handler reads the mode from a ref:
// keys typed faster than a redraw still see the mode the key before set. A burst (a paste, tmux
// send-keys, fast typing) arrives as one input string: it is split into keys applied in order,
// so "/web\r" filters and keeps the filter as four keys typed one by one would.

import { useInput, type Key } from "ink";
import { useRef, useState } from "react";
import { PANE_FILTER_LENGTH_MAX } from "../../src/limits.js";
import { splitKeys } from "./use-prompt.js";

export interface PaneControls {
  readonly sort?: { readonly key: string; readonly reversed: boolean };
  readonly filter: string;
  /** A filter is being typed (the footer shows it). */
  readonly typing: boolean;
}

interface ControlState {
  readonly sortIndex: number;
  readonly reversed: boolean;
  readonly filter: string;
  readonly typing: boolean;
}

const INITIAL: ControlState = { sortIndex: 0, reversed: false, filter: "", typing: false };

/** `sortKeys`: the shown sortable pane's columns, empty when none is shown (s, r and / do nothing then). */
export function usePaneControls(sortKeys: readonly string[], onLeave: () => void): PaneControls {
  const current = useRef(INITIAL);
  const [state, setState] = useState(INITIAL);
  useInput((input: string, key: Key) => {
    let next = current.current;
    for (const [part, partKey] of eachKey(input, key)) {
      const after = nextState(next, part, partKey, sortKeys.length);
      if (after === "leave") return onLeave();
      next = after;
    }
    current.current = next;
    setState(next);
  });
  const sort = sortKeys.length === 0 ? undefined : { key: sortKeys[state.sortIndex % sortKeys.length]!, reversed: state.reversed };
  return { sort, filter: state.filter, typing: state.typing };
}

/** Every key of a burst in order; text is one key a character (each of "sr" is a command). */
function eachKey(input: string, key: Key): [string, Key][] {
  return splitKeys(input, key).flatMap(([part, partKey]): [string, Key][] =>
    part.length > 1 && !partKey.ctrl && !partKey.meta ? Array.from(part, (character): [string, Key] => [character, partKey]) : [[part, partKey]],
  );
}

function nextState(s: ControlState, input: string, key: Key, sortKeyCount: number): ControlState | "leave" {
  if (key.ctrl && input === "c") return "leave";
  if (s.typing) {
    if (key.return) return { ...s, typing: false };
    if (key.escape) return { ...s, filter: "", typing: false };
    if (key.backspace || key.delete) return { ...s, filter: s.filter.slice(0, -1) };
    return input !== "" && !key.ctrl && !key.meta ? { ...s, filter: (s.filter + input).slice(0, PANE_FILTER_LENGTH_MAX) } : s;
  }
  if (input === "q" || key.escape) return "leave";
  if (sortKeyCount === 0) return s;
  if (input === "s") return { ...s, sortIndex: (s.sortIndex + 1) % sortKeyCount };
  if (input === "r") return { ...s, reversed: !s.reversed };
  if (input === "/") return { ...s, typing: true };
  return s;
}
