// Terminal key sequences to keypresses, for the prompt. Ink's useInput reports Backspace (0x7f) and
// Delete (ESC [3~) alike, as `delete`, and drops the modifiers of Ctrl-Left (ESC [1;5D); a line
// editor needs both. So the prompt reads the sequences Ink's input parser splits stdin into and
// decodes them here, in Ink's Key shape with its meaning: `backspace` deletes back, `delete`
// forward, `meta` is Alt (ESC before a key), `ctrl` on an arrow is Ctrl-arrow.

import type { Key } from "ink";

export const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
} as Key;

const ESC = "\x1b";
/** ESC [ or ESC O, optional number and modifier, a final letter or ~ (xterm's cursor and editing keys). */
const CSI = /^\x1b(?:\[|O)(?:(\d+))?(?:;(\d+))?([A-Za-z~])$/;
const LETTER_KEYS: Record<string, keyof Key> = { A: "upArrow", B: "downArrow", C: "rightArrow", D: "leftArrow", H: "home", F: "end" };
const TILDE_KEYS: Record<string, keyof Key> = { "1": "home", "7": "home", "4": "end", "8": "end", "3": "delete", "5": "pageUp", "6": "pageDown" };
const MODIFIER_SHIFT = 1; // xterm's modifier parameter is 1 + these bits
const MODIFIER_ALT = 2;
const MODIFIER_CTRL = 4;

/** The keypresses in one sequence from Ink's input parser: one escape sequence, or a run of typed (or pasted) text. */
export function keysOf(sequence: string): [string, Key][] {
  if (sequence.startsWith(ESC)) return escaped(sequence);
  return typedKeys(sequence);
}

function escaped(sequence: string): [string, Key][] {
  if (sequence === ESC || sequence === ESC + ESC) return [["", { ...NO_KEY, escape: true }]];
  const csi = CSI.exec(sequence);
  if (csi !== null) return csiKey(csi[1], csi[2], csi[3]!);
  if (sequence.length === 2) {
    // Alt and a key: ESC then what the key alone sends
    const [[input, key] = ["", NO_KEY]] = typedKeys(sequence[1]!);
    return [[input, { ...key, meta: true }]];
  }
  return []; // a sequence the prompt has no use for (F-keys, focus reports): ignored, not typed
}

function csiKey(number: string | undefined, modifier: string | undefined, final: string): [string, Key][] {
  const name = final === "~" ? TILDE_KEYS[number ?? ""] : LETTER_KEYS[final];
  if (name === undefined) return final === "Z" ? [["", { ...NO_KEY, tab: true, shift: true }]] : [];
  const bits = modifier === undefined ? 0 : Number(modifier) - 1;
  const key = { ...NO_KEY, [name]: true, shift: (bits & MODIFIER_SHIFT) !== 0, meta: (bits & MODIFIER_ALT) !== 0, ctrl: (bits & MODIFIER_CTRL) !== 0 };
  return [["", key as Key]];
}

/**
 * Typed text split into keypresses: a fast typist or a paste (or tmux send-keys) can deliver
 * "status\r" or "aud\t" in one chunk, and Enter, Tab or a control key inside it must act.
 */
export function typedKeys(text: string): [string, Key][] {
  const keys: [string, Key][] = [];
  for (const part of text.split(/([\x00-\x1a\x1c-\x1f\x7f])/)) {
    if (part === "\r" || part === "\n") keys.push(["", { ...NO_KEY, return: true }]);
    else if (part === "\t") keys.push(["", { ...NO_KEY, tab: true }]);
    else if (part === "\x7f" || part === "\b") keys.push(["", { ...NO_KEY, backspace: true }]);
    else if (part.length === 1 && part < " ") keys.push([String.fromCharCode(part.charCodeAt(0) + 96), { ...NO_KEY, ctrl: true }]);
    else if (part !== "") keys.push([part, NO_KEY]);
  }
  return keys;
}
