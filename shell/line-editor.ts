// The prompt line as data: text, cursor and history position, changed by pure functions so that
// every key binding is testable without a terminal. Emacs-style keys, as in bash's readline:
// Ctrl-A/E start/end, Ctrl-B/F and Alt-B/F by character and by word, Ctrl-K kill to end, Ctrl-U
// kill to start, Ctrl-W kill the blank-separated word before, Alt-Backspace and Alt-D kill a word
// (letters and digits) before or after, Ctrl-Y yank, Ctrl-T transpose, Delete and Ctrl-D forward.
//
// The kill ring holds one entry, as a kill ring of one: what the last run of kills cut. Kills in a
// row add to it (forward kills at its end, backward ones at its start), as readline does, so
// Ctrl-W Ctrl-W then Ctrl-Y brings back both words. It outlives the line (a new prompt keeps it).

export interface LineState {
  readonly text: string;
  readonly cursor: number;
  readonly historyIndex: number; // history.length means "the line being typed"
  readonly draft: string; // what was typed before walking into history
  readonly killed: string; // the kill ring: what Ctrl-Y yanks
  readonly lastWasKill: boolean; // the previous key killed: the next kill adds to `killed`
}

export const EMPTY_LINE: LineState = { text: "", cursor: 0, historyIndex: -1, draft: "", killed: "", lastWasKill: false };

type Move = "left" | "right" | "home" | "end" | "word-left" | "word-right";
type Kill = "kill-to-end" | "kill-to-start" | "kill-word" | "kill-word-back" | "kill-word-forward";

export type EditKey = { kind: "insert"; text: string } | { kind: Move | Kill | "backspace" | "delete" | "yank" | "transpose" };

/** A word for Alt-B/F/D and Alt-Backspace, as readline's: letters and digits. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

export function edit(state: LineState, key: EditKey): LineState {
  const killed = killRange(state, key.kind);
  if (killed !== undefined) return kill(state, killed[0], killed[1], key.kind === "kill-to-end" || key.kind === "kill-word-forward");
  const next = { ...state, lastWasKill: false };
  const { text, cursor } = state;
  switch (key.kind) {
    case "insert":
      return replace(next, cursor, cursor, key.text);
    case "yank":
      return replace(next, cursor, cursor, state.killed);
    case "backspace":
      return cursor === 0 ? next : replace(next, cursor - 1, cursor, "");
    case "delete":
      return cursor === text.length ? next : replace(next, cursor, cursor + 1, "");
    case "transpose":
      return transpose(next);
    default:
      return { ...next, cursor: moved(text, cursor, key.kind as Move) };
  }
}

/** Where the cursor goes for a move. */
function moved(text: string, cursor: number, move: Move): number {
  switch (move) {
    case "left":
      return Math.max(0, cursor - 1);
    case "right":
      return Math.min(text.length, cursor + 1);
    case "home":
      return 0;
    case "end":
      return text.length;
    case "word-left":
      return wordStartBefore(text, cursor);
    case "word-right":
      return wordEndAfter(text, cursor);
  }
}

/** The [from, to) a kill key cuts, or undefined for any other key. */
function killRange(state: LineState, kind: EditKey["kind"]): [number, number] | undefined {
  const { text, cursor } = state;
  switch (kind) {
    case "kill-to-end":
      return [cursor, text.length];
    case "kill-to-start":
      return [0, cursor];
    case "kill-word": // Ctrl-W: back to the previous blank, as unix-word-rubout
      return [text.slice(0, cursor).replace(/\S+\s*$/, "").length, cursor];
    case "kill-word-back":
      return [wordStartBefore(text, cursor), cursor];
    case "kill-word-forward":
      return [cursor, wordEndAfter(text, cursor)];
    default:
      return undefined;
  }
}

function kill(state: LineState, from: number, to: number, forward: boolean): LineState {
  const cut = state.text.slice(from, to);
  const killed = !state.lastWasKill ? cut : forward ? state.killed + cut : cut + state.killed;
  return { ...replace(state, from, to, ""), killed, lastWasKill: true };
}

/** The text with [from, to) replaced by `inserted`, the cursor after it. */
function replace(state: LineState, from: number, to: number, inserted: string): LineState {
  const text = state.text.slice(0, from) + inserted + state.text.slice(to);
  return { ...state, text, cursor: from + inserted.length };
}

/** Ctrl-T: the character before the cursor and the one under it swap, the cursor moves on; at the end, the last two. */
function transpose(state: LineState): LineState {
  const { text } = state;
  if (text.length < 2 || state.cursor === 0) return state;
  const at = Math.min(state.cursor, text.length - 1);
  const swapped = text.slice(0, at - 1) + text[at] + text[at - 1] + text.slice(at + 1);
  return { ...state, text: swapped, cursor: at + 1 };
}

function wordStartBefore(text: string, cursor: number): number {
  let at = cursor;
  while (at > 0 && !WORD_CHAR.test(text[at - 1]!)) at--;
  while (at > 0 && WORD_CHAR.test(text[at - 1]!)) at--;
  return at;
}

function wordEndAfter(text: string, cursor: number): number {
  let at = cursor;
  while (at < text.length && !WORD_CHAR.test(text[at]!)) at++;
  while (at < text.length && WORD_CHAR.test(text[at]!)) at++;
  return at;
}

export function setText(state: LineState, text: string): LineState {
  return { ...state, text, cursor: text.length, lastWasKill: false };
}

/** A fresh line that keeps the kill ring (after Enter or Ctrl-C, as readline keeps it). */
export function freshLine(state: LineState): LineState {
  return { ...EMPTY_LINE, killed: state.killed };
}

/** Up (-1) or Down (+1) through `history`; the line being typed is kept as the draft. */
export function walkHistory(state: LineState, history: readonly string[], step: -1 | 1): LineState {
  const current = state.historyIndex < 0 ? history.length : state.historyIndex;
  const next = Math.max(0, Math.min(history.length, current + step));
  if (next === current) return state;
  const draft = current === history.length ? state.text : state.draft;
  const text = next === history.length ? draft : history[next]!;
  return { ...state, text, cursor: text.length, historyIndex: next, draft, lastWasKill: false };
}

/** Ctrl-R: the newest history line before `from` containing `query`, or undefined. */
export function searchHistory(history: readonly string[], query: string, from = history.length): number | undefined {
  for (let index = Math.min(from, history.length) - 1; index >= 0; index--) {
    if (history[index]!.includes(query)) return index;
  }
  return undefined;
}
