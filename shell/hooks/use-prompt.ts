// Keyboard handling for the prompt line: editing, history, Ctrl-R search, Tab completion,
// Ctrl-C (cancel the line) and Ctrl-D (leave on an empty line). Key meanings live in
// line-editor.ts; this hook only maps Ink's key events onto them.

import { useInput, type Key } from "ink";
import { useRef, useState } from "react";
import { commonPrefix, complete } from "../complete.js";
import { edit, EMPTY_LINE, searchHistory, setText, walkHistory, type EditKey, type LineState } from "../line-editor.js";
import type { Session } from "../session.js";

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
  readonly onExit: () => void;
  readonly onCancel: (line: string) => void;
}

const EDIT_KEYS_WITH_CTRL: Record<string, EditKey["kind"]> = { a: "home", e: "end", k: "kill-to-end", u: "kill-to-start", w: "kill-word" };

function editKeyOf(input: string, key: Key): EditKey | undefined {
  if (key.leftArrow) return { kind: "left" };
  if (key.rightArrow) return { kind: "right" };
  if (key.home) return { kind: "home" };
  if (key.end) return { kind: "end" };
  if (key.backspace || key.delete) return { kind: "backspace" }; // Ink 6 reports Backspace as delete
  if (key.ctrl && EDIT_KEYS_WITH_CTRL[input] !== undefined) return { kind: EDIT_KEYS_WITH_CTRL[input]! } as EditKey;
  if (!key.ctrl && !key.meta && input !== "" && !key.return && !key.tab && !key.escape) return { kind: "insert", text: input.replace(/[\r\n]+/g, " ") };
  return undefined;
}

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
} as Key;

/**
 * Splits what Ink delivers as one event into keypresses: a fast typist or a paste (or tmux
 * send-keys) can deliver "status\r" or "aud\t" in one chunk, and Enter or Tab inside it must act.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  if (input.length <= 1 || !/[\x00-\x1a\x7f]/.test(input) || key.ctrl || key.meta || input.includes("\x1b")) return [[input, key]];
  const keys: [string, Key][] = [];
  for (const part of input.split(/([\x00-\x1a\x7f])/)) {
    if (part === "\r" || part === "\n") keys.push(["", { ...NO_KEY, return: true }]);
    else if (part === "\t") keys.push(["", { ...NO_KEY, tab: true }]);
    else if (part === "\x7f" || part === "\b") keys.push(["", { ...NO_KEY, backspace: true }]);
    else if (part.length === 1 && part < " ") keys.push([String.fromCharCode(part.charCodeAt(0) + 96), { ...NO_KEY, ctrl: true }]);
    else if (part !== "") keys.push([part, NO_KEY]);
  }
  return keys;
}

export function usePrompt(session: Session, active: boolean, handlers: PromptHandlers): PromptState {
  const [state, setState] = useState<PromptState>(EMPTY_PROMPT);
  const latest = useRef(state); // keys in one chunk must see each other's effects
  latest.current = state;

  useInput(
    (input, key) => {
      let next = latest.current;
      for (const [part, partKey] of splitKeys(input, key)) next = promptKey(next, session, part, partKey, handlers);
      latest.current = next;
      setState(next);
    },
    { isActive: active },
  );
  return state;
}

const EMPTY_PROMPT: PromptState = { line: EMPTY_LINE, search: undefined, hint: [] };

/** What one keypress does to the prompt; submitting, leaving and cancelling go to `handlers`. */
export function promptKey(state: PromptState, session: Session, input: string, key: Key, handlers: PromptHandlers): PromptState {
  const history = session.history();
  const { line, search } = state;
  if (search !== undefined) return searchKey(state, search, history, input, key, handlers);
  if (key.ctrl && input === "c") {
    handlers.onCancel(line.text);
    return EMPTY_PROMPT;
  }
  if (key.ctrl && input === "d") {
    if (line.text === "") handlers.onExit();
    return state;
  }
  if (key.ctrl && input === "r") return { ...state, search: { query: "", match: undefined } };
  if (key.return) {
    handlers.onSubmit(line.text);
    return EMPTY_PROMPT;
  }
  if (key.upArrow || key.downArrow) return { ...state, line: walkHistory(line, history, key.upArrow ? -1 : 1), hint: [] };
  if (key.tab) return completeLine(state, session);
  const editKey = editKeyOf(input, key);
  return editKey === undefined ? state : { ...state, line: edit(line, editKey), hint: [] };
}

function searchKey(state: PromptState, search: SearchState, history: readonly string[], input: string, key: Key, handlers: PromptHandlers): PromptState {
  const matched = search.match === undefined ? state.line : setText(state.line, history[search.match]!);
  if (key.escape || (key.ctrl && (input === "g" || input === "c"))) return { ...state, search: undefined };
  if (key.return) {
    handlers.onSubmit(matched.text);
    return EMPTY_PROMPT;
  }
  if (key.ctrl && input === "r") return { ...state, search: { ...search, match: searchHistory(history, search.query, search.match) ?? search.match } };
  if (key.backspace || key.delete) {
    const query = search.query.slice(0, -1);
    return { ...state, search: { query, match: searchHistory(history, query) } };
  }
  if (!key.ctrl && !key.meta && input !== "" && !key.tab && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow) {
    const query = search.query + input;
    return { ...state, search: { query, match: searchHistory(history, query) } };
  }
  return { line: matched, search: undefined, hint: [] }; // any other key accepts the match for editing
}

function completeLine(state: PromptState, session: Session): PromptState {
  const { line } = state;
  const before = line.text.slice(0, line.cursor);
  const { start, candidates } = complete(before, session.registry, session.kernel.view);
  if (candidates.length === 0) return { ...state, hint: [] };
  const replacement = candidates.length === 1 ? `${candidates[0]}${candidates[0]!.endsWith("/") ? "" : " "}` : commonPrefix(candidates);
  const text = before.slice(0, start) + replacement + line.text.slice(line.cursor);
  return { ...state, line: { ...line, text, cursor: start + replacement.length }, hint: candidates.length > 1 ? candidates : [] };
}
