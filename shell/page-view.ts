// A page scrolled in a window of the terminal, as less does it: the keys a less user types
// (space/PgDn/f a page on, b/PgUp a page back, arrows/j/k/Enter a line, g/Home and G/End the ends,
// q/Esc/Ctrl-C leave), the window they show and the status line under it. Pure: the built-in TTY
// pager (tty-pager.ts) and the interactive shell's view (components/PageView.tsx) both draw from it.

export type PageKey = "lineDown" | "lineUp" | "pageDown" | "pageUp" | "top" | "bottom" | "quit";

/** The rows a window of `rows` shows of the page: all but the status line. */
export function pageHeight(rows: number): number {
  return Math.max(1, rows - 1);
}

/** The first line shown after `key`, from `top`, kept so the last page is full. */
export function scrolled(top: number, key: Exclude<PageKey, "quit">, height: number, total: number): number {
  const last = Math.max(0, total - height);
  const next = { lineDown: top + 1, lineUp: top - 1, pageDown: top + height, pageUp: top - height, top: 0, bottom: last }[key];
  return Math.min(last, Math.max(0, next));
}

/** The lines shown from `top`. */
export function pageWindow(lines: readonly string[], top: number, height: number): readonly string[] {
  return lines.slice(top, top + height);
}

/** "lines 1-23 of 104 (22%) · space/b page · ↑↓ line · q quit", or "(END)" as less says it at the end. */
export function statusLine(top: number, height: number, total: number): string {
  const last = Math.min(total, top + height);
  const where = last >= total ? "(END)" : `${Math.round((last / total) * 100)}%`;
  return `lines ${top + 1}-${last} of ${total} ${where} · space/b page · ↑↓ line · q quit`;
}

const BYTE_KEYS: Readonly<Record<string, PageKey>> = {
  " ": "pageDown",
  f: "pageDown",
  "\x1b[6~": "pageDown",
  b: "pageUp",
  "\x1b[5~": "pageUp",
  j: "lineDown",
  "\r": "lineDown",
  "\n": "lineDown",
  "\x1b[B": "lineDown",
  "\x1bOB": "lineDown",
  k: "lineUp",
  "\x1b[A": "lineUp",
  "\x1bOA": "lineUp",
  g: "top",
  "<": "top",
  "\x1b[H": "top",
  "\x1b[1~": "top",
  G: "bottom",
  ">": "bottom",
  "\x1b[F": "bottom",
  "\x1b[4~": "bottom",
  q: "quit",
  Q: "quit",
  "\x1b": "quit",
  "\x03": "quit",
};

/** The key a raw terminal's bytes spell; undefined for any other. */
export function pageKeyOfBytes(bytes: string): PageKey | undefined {
  return BYTE_KEYS[bytes];
}

/** Ink's view of a key press, the fields this reads. */
export interface InkKey {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
}

/** The key Ink's `useInput` reports; undefined for any other. */
export function pageKeyOfInk(input: string, key: InkKey): PageKey | undefined {
  if (key.downArrow === true || key.return === true) return "lineDown";
  if (key.upArrow === true) return "lineUp";
  if (key.pageDown === true) return "pageDown";
  if (key.pageUp === true) return "pageUp";
  if (key.home === true) return "top";
  if (key.end === true) return "bottom";
  if (key.escape === true || (key.ctrl === true && input === "c")) return "quit";
  return key.ctrl === true ? undefined : BYTE_KEYS[input];
}
