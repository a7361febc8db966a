// The live view's keys for sortable panes (those declaring sortKeys, like the containers pane), as
// ctop and k9s take them: `s` sorts by the next column, `r` reverses the order, `/` types a filter
// (Enter keeps it, Esc clears it, Backspace deletes). While a filter is typed, every key is text:
// `q` does not leave. Returns the options the panes are drawn with and whether a filter is typed.

import { useInput, type Key } from "ink";
import { useState } from "react";

const FILTER_LENGTH_MAX = 64; // characters of a typed filter: more would not fit a summary line

export interface PaneControls {
  readonly sort?: { readonly key: string; readonly reversed: boolean };
  readonly filter: string;
  /** A filter is being typed: the view's own keys (q, Esc) wait. */
  readonly typing: boolean;
}

/** `sortKeys`: the shown sortable pane's columns, empty when none is shown (the keys do nothing then). */
export function usePaneControls(sortKeys: readonly string[]): PaneControls {
  const [sortIndex, setSortIndex] = useState(0);
  const [reversed, setReversed] = useState(false);
  const [filter, setFilter] = useState("");
  const [typing, setTyping] = useState(false);
  useInput((input: string, key: Key) => {
    if (sortKeys.length === 0) return;
    if (typing) {
      if (key.return) setTyping(false);
      else if (key.escape) {
        setFilter("");
        setTyping(false);
      }
      else if (key.backspace || key.delete) setFilter((text) => text.slice(0, -1));
      else if (input !== "" && !key.ctrl && !key.meta) setFilter((text) => (text + input).slice(0, FILTER_LENGTH_MAX));
      return;
    }
    if (input === "s") setSortIndex((index) => (index + 1) % sortKeys.length);
    else if (input === "r") setReversed((was) => !was);
    else if (input === "/") setTyping(true);
  });
  const sort = sortKeys.length === 0 ? undefined : { key: sortKeys[sortIndex % sortKeys.length]!, reversed };
  return { sort, filter, typing };
}
