// Keyboard handling for the prompt line: editing, history, Ctrl-R search, Tab completion,
// Ctrl-C (cancel the line), Ctrl-D (delete forward; on an empty line, leave) and Ctrl-L (clear
// the screen). Key meanings live in line-editor.ts; this hook only maps keypresses onto them.

import type { Key } from "ink";
import { useRef, useState } from "react";
import { completedLine } from "../complete.js";
import { edit, EMPTY_LINE, freshLine, searchHistory, setText, walkHistory, type EditKey, type LineState } from "../line-editor.js";
import type { Session } from "../session.js";
import { useKeys } from "./use-keys.js";


export interface SearchState {
  readonly query: string;
  readonly match: number | undefined;
}

export interface PromptState {
  readonly line: LineState;
  readonly search: SearchState | undefined;
  readonly hint: readonly string[]; // completion candidates shown under the prompt
}

export interface PromptHandlers {
  readonly onSubmit: (line: string) => void;
  readonly onExit: () => void; // Ctrl-D on an empty line
  readonly onCancel: (line: string) => void;
  readonly onClear: () => void; // Ctrl-L
}

type EditKind = EditKey["kind"];
const CTRL_KEYS: Record<string, EditKind> = {
  a: "home", e: "end", b: "left", f: "right", k: "kill-to-end", u: "kill-to-start", w: "kill-word", y: "yank", t: "transpose", h: "backspace",
};
const ALT_KEYS: Record<string, EditKind> = { b: "word-left", f: "word-right", d: "kill-word-forward" };

/** The line-editing meaning of a key (also the live view's `:` command line), undefined when it has none. */
export function editKeyOf(input: string, key: Key): EditKey | undefined {
  const byWord = key.ctrl || key.meta; // Ctrl-Left/Right and Alt-Left/Right move by word, as in bash
  if (key.leftArrow) return { kind: byWord ? "word-left" : "left" };
  if (key.rightArrow) return { kind: byWord ? "word-right" : "right" };
  if (key.home) return { kind: "home" };
  if (key.end) return { kind: "end" };
  if (key.backspace) return { kind: key.meta ? "kill-word-back" : "backspace" };
  if (key.delete) return { kind: "delete" };
  if (key.ctrl && CTRL_KEYS[input] !== undefined) return { kind: CTRL_KEYS[input]! } as EditKey;
  if (key.meta && ALT_KEYS[input] !== undefined) return { kind: ALT_KEYS[input]! } as EditKey;
  if (!key.ctrl && !key.meta && input !== "" && !key.return && !key.tab && !key.escape) return { kind: "insert", text: input.replace(/[\r\n]+/g, " ") };
  return undefined;
}

export function usePrompt(session: Session, active: boolean, handlers: PromptHandlers): PromptState {
  const [state, setState] = useState<PromptState>(EMPTY_PROMPT);
  const latest = useRef(state); // keys in one chunk must see each other's effects
  latest.current = state;

  useKeys((keys) => {
    let next = latest.current;
    for (const [input, key] of keys) next = promptKey(next, session, input, key, handlers);
    latest.current = next;
    setState(next);
  }, active);
  return state;
}

const EMPTY_PROMPT: PromptState = { line: EMPTY_LINE, search: undefined, hint: [] };

/** A new empty prompt that keeps the kill ring. */
function freshPrompt(state: PromptState): PromptState {
  return { ...EMPTY_PROMPT, line: freshLine(state.line) };
}

/** What one keypress does to the prompt; submitting, leaving, cancelling and clearing go to `handlers`. */
export function promptKey(state: PromptState, session: Session, input: string, key: Key, handlers: PromptHandlers): PromptState {
  const history = session.history();
  const { line, search } = state;
  if (search !== undefined) return searchKey(state, search, session, input, key, handlers);
  if (key.ctrl && input === "c") {
    handlers.onCancel(line.text);
    return freshPrompt(state);
  }
  if (key.ctrl && input === "d") {
    if (line.text === "") handlers.onExit();
    return line.text === "" ? state : { ...state, line: edit(line, { kind: "delete" }), hint: [] };
  }
  if (key.ctrl && input === "l") {
    handlers.onClear();
    return state;
  }
  if (key.ctrl && input === "r") return { ...state, search: { query: "", match: undefined } };
  if (key.return) {
    handlers.onSubmit(line.text);
    return freshPrompt(state);
  }
  if (key.upArrow || key.downArrow) return { ...state, line: walkHistory(line, history, key.upArrow ? -1 : 1), hint: [] };
  if (key.tab) return completeLine(state, session);
  const editKey = editKeyOf(input, key);
  return editKey === undefined ? state : { ...state, line: edit(line, editKey), hint: [] };
}

/**
 * A key during Ctrl-R: typed text narrows the search, Ctrl-R finds an older match, Enter runs the
 * match, Esc keeps it on the line for editing, Ctrl-G or Ctrl-C gives it up (the line as it was);
 * any other key keeps the match and then acts on it (Ctrl-E, an arrow), as in bash.
 */
function searchKey(state: PromptState, search: SearchState, session: Session, input: string, key: Key, handlers: PromptHandlers): PromptState {
  const history = session.history();
  const matched = search.match === undefined ? state.line : setText(state.line, history[search.match]!);
  if (key.ctrl && (input === "g" || input === "c")) return { ...state, search: undefined };
  if (key.escape) return { line: matched, search: undefined, hint: [] };
  if (key.return) {
    handlers.onSubmit(matched.text);
    return freshPrompt(state);
  }
  if (key.ctrl && input === "r") return { ...state, search: { ...search, match: searchHistory(history, search.query, search.match) ?? search.match } };
  if (key.backspace) {
    const query = search.query.slice(0, -1);
    return { ...state, search: { query, match: searchHistory(history, query) } };
  }
  if (!key.ctrl && !key.meta && input !== "" && !key.tab) {
    const query = search.query + input;
    return { ...state, search: { query, match: searchHistory(history, query) } };
  }
  return promptKey({ line: matched, search: undefined, hint: [] }, session, input, key, handlers);
}

function completeLine(state: PromptState, session: Session): PromptState {
  const { line, hint } = completedLine(state.line, session);
  return { ...state, line, hint };
}

