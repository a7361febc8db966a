// Shell history per user, as bash keeps a ~/.bash_history per user: `history`, the Up arrow and
// Ctrl-R see the current user's lines only, so `su alice` does not hand root's commands to alice.
// A typed password never enters it: every --password value is kept as ***. The interactive shell
// also appends each line to the user's file in the state directory and reads it back next time.

import { fail } from "../src/errors.js";
import { HISTORY_LINE_MAX, USER_COUNT_MAX } from "../src/limits.js";
import type { StateStore } from "../src/persistence/state-store.js";

// --password, then one shell word: bare characters, escapes, quoted runs (an unterminated quote runs to the end).
const PASSWORD_WORD = /(--password(?:=|[ \t]+))((?:[^\s'"\\;]|\\.?|'[^']*(?:'|$)|"(?:[^"\\]|\\.)*(?:"|$))+)/g;

/** The line with every --password value shown as ***. */
export function redactPasswords(line: string): string {
  return line.includes("--password") ? line.replace(PASSWORD_WORD, "$1***") : line; // every line comes here: most name no password
}

export class UserHistories {
  private readonly byUser = new Map<string, string[]>(); // at most USER_COUNT_MAX users

  /** `store` is where the interactive shell keeps history; piped runs keep it in memory only. */
  constructor(private readonly store: StateStore | undefined) {}

  lines(user: string): readonly string[] {
    return this.of(user);
  }

  add(user: string, line: string): void {
    const kept = redactPasswords(line);
    const lines = this.of(user);
    if (lines.length === HISTORY_LINE_MAX) lines.shift();
    lines.push(kept);
    this.store?.appendHistory(user, kept);
  }

  /** Keeps each history file to HISTORY_LINE_MAX lines; on a clean exit. */
  trim(): void {
    for (const user of this.byUser.keys()) this.store?.trimHistory(user, HISTORY_LINE_MAX);
  }

  private of(user: string): string[] {
    let lines = this.byUser.get(user);
    if (lines === undefined) {
      // Bounded: the user seen longest ago makes room (its lines stay in its file).
      if (this.byUser.size === USER_COUNT_MAX) {
        const oldest = this.byUser.keys().next().value!;
        this.store?.trimHistory(oldest, HISTORY_LINE_MAX);
        this.byUser.delete(oldest);
      }
      const saved = this.store?.readHistory(user) ?? [];
      const kept = saved.slice(-HISTORY_LINE_MAX).map(redactPasswords);
      // A file an older kshell wrote may hold passwords as typed: it is rewritten without them.
      if (kept.some((line, i) => line !== saved[saved.length - kept.length + i])) this.store?.writeHistory(user, kept);
      this.byUser.set(user, (lines = kept));
    }
    return lines;
  }
}

/** What follows `!` that bash leaves alone: a blank, `=`, `(`, the end of the line. */
const NOT_AN_EVENT = /[\s=(]/;

/**
 * Bash's history expansion for `!!` (the previous line) and `!prefix` (the newest line starting
 * with prefix), outside single quotes, `\!` kept literal. Returns the line unchanged when it holds
 * neither; an event that is in no line is an EINVAL error, as bash's "event not found".
 */
export function expandHistory(line: string, history: readonly string[]): string {
  if (!line.includes("!")) return line;
  let expanded = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === "'") quoted = !quoted;
    if (char === "\\" && line[i + 1] === "!") {
      expanded += "\\!";
      i++;
      continue;
    }
    const next = line[i + 1];
    if (char !== "!" || quoted || next === undefined || NOT_AN_EVENT.test(next)) {
      expanded += char;
      continue;
    }
    const event = next === "!" ? "!" : /^[^\s;&|'"]+/.exec(line.slice(i + 1))![0];
    expanded += eventLine(event, history);
    i += event.length;
  }
  return expanded;
}

function eventLine(event: string, history: readonly string[]): string {
  const found = event === "!" ? history.at(-1) : history.findLast((line) => line.startsWith(event));
  return found ?? fail("EINVAL", `!${event}: event not found`, "history lists the lines !prefix can recall");
}
