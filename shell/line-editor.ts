// The prompt line as data: text, cursor and history position, changed by pure functions so that
// every key binding is testable without a terminal. Emacs-style keys, as in bash's readline:
// Ctrl-A/E start/end, Ctrl-K kill to end, Ctrl-U kill to start, Ctrl-W kill the word before.

export interface LineState {
  readonly text: string;
  readonly cursor: number;
  readonly historyIndex: number; // history.length means "the line being typed"
  readonly draft: string; // what was typed before walking into history
}

export const EMPTY_LINE: LineState = { text: "", cursor: 0, historyIndex: -1, draft: "" };

export type EditKey =
  | { kind: "insert"; text: string }
  | { kind: "left" | "right" | "home" | "end" | "backspace" | "kill-to-end" | "kill-to-start" | "kill-word" };

export function edit(state: LineState, key: EditKey): LineState {
  const { text, cursor } = state;
  switch (key.kind) {
    case "insert":
      return { ...state, text: text.slice(0, cursor) + key.text + text.slice(cursor), cursor: cursor + key.text.length };
    case "left":
      return { ...state, cursor: Math.max(0, cursor - 1) };
    case "right":
      return { ...state, cursor: Math.min(text.length, cursor + 1) };
    case "home":
      return { ...state, cursor: 0 };
    case "end":
      return { ...state, cursor: text.length };
    case "backspace":
      return cursor === 0 ? state : { ...state, text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
    case "kill-to-end":
      return { ...state, text: text.slice(0, cursor) };
    case "kill-to-start":
      return { ...state, text: text.slice(cursor), cursor: 0 };
    case "kill-word": {
      const before = text.slice(0, cursor).replace(/\S+\s*$/, "");
      return { ...state, text: before + text.slice(cursor), cursor: before.length };
    }
  }
}

export function setText(state: LineState, text: string): LineState {
  return { ...state, text, cursor: text.length };
}

/** Up (-1) or Down (+1) through `history`; the line being typed is kept as the draft. */
export function walkHistory(state: LineState, history: readonly string[], step: -1 | 1): LineState {
  const current = state.historyIndex < 0 ? history.length : state.historyIndex;
  const next = Math.max(0, Math.min(history.length, current + step));
  if (next === current) return state;
  const draft = current === history.length ? state.text : state.draft;
  const text = next === history.length ? draft : history[next]!;
  return { text, cursor: text.length, historyIndex: next, draft };
}

/** Ctrl-R: the newest history line before `from` containing `query`, or undefined. */
export function searchHistory(history: readonly string[], query: string, from = history.length): number | undefined {
  for (let index = Math.min(from, history.length) - 1; index >= 0; index--) {
    if (history[index]!.includes(query)) return index;
  }
  return undefined;
}
