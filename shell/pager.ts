// Which pager shows a page of help, decided as git decides: a page goes through one only when
// stdout is a terminal and the page is taller than it. KSHELL_PAGER, else PAGER, names the pager
// (run by the shell, with LESS=FRX unless LESS is set, as git does; "" or "cat" means none);
// unset, `less -R -F -X` when less is on PATH (-F: a page that fits just prints; -X: the page
// stays on screen after q), else the built-in pager (shell/tty-pager.ts), which needs the terminal
// for its keys. The interactive shell runs the same program while Ink waits (interactivePager),
// less on its own alternate screen so Ink's frame comes back as it was, and shows the page in its
// own view when there is no program. Running a pager is run-pager.ts's (child_process is loaded
// only when a page is shown on a terminal).

import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export type PagerChoice =
  | { readonly kind: "none" }
  | { readonly kind: "command"; readonly command: string; readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> }
  | { readonly kind: "builtin" };

export interface PagerContext {
  readonly stdoutTTY: boolean;
  readonly stdinTTY: boolean;
  /** The terminal's rows; undefined when unknown (no paging). */
  readonly rows: number | undefined;
  readonly lineCount: number;
  readonly env: NodeJS.ProcessEnv;
  /** Whether a program of this name is on PATH (tests pass their own). */
  readonly onPath: (name: string) => boolean;
}

const NONE: PagerChoice = { kind: "none" };
const LESS_FLAGS = ["-R", "-F", "-X"]; // colours as they are; quit if one screen; leave the page on screen
const LESS_DEFAULT_ENV = "FRX"; // the same for a PAGER that runs less, unless LESS says otherwise

/** Whether a page of `lineCount` lines is taller than a terminal of `rows` (it would scroll off the top). */
export function tallerThan(lineCount: number, rows: number | undefined): boolean {
  return rows !== undefined && rows > 0 && lineCount >= rows;
}

/** The pager the user named (KSHELL_PAGER over PAGER), "" when they turned paging off, undefined when they named none. */
function namedPager(env: NodeJS.ProcessEnv): string | undefined {
  const named = env.KSHELL_PAGER ?? env.PAGER;
  if (named === undefined) return undefined;
  return named.trim() === "cat" ? "" : named.trim();
}

export function choosePager(context: PagerContext): PagerChoice {
  if (!context.stdoutTTY || !tallerThan(context.lineCount, context.rows)) return NONE;
  const named = namedPager(context.env);
  if (named === "") return NONE;
  if (named !== undefined) return { kind: "command", command: "/bin/sh", args: ["-c", named], env: { LESS: context.env.LESS ?? LESS_DEFAULT_ENV } };
  if (context.onPath("less")) return { kind: "command", command: "less", args: LESS_FLAGS, env: {} };
  return context.stdinTTY ? { kind: "builtin" } : NONE;
}

/**
 * The interactive shell's pager for a page of `lineCount` lines on a screen of `rows`: none (print
 * it above the prompt), a program (only on a real terminal), or "builtin" (the shell's own page
 * view). A program runs on its own screen (LESS=R, not FRX: -X would leave the page where Ink's
 * frame is drawn).
 */
export function interactivePager(lineCount: number, rows: number | undefined, env: NodeJS.ProcessEnv, terminal: boolean, found: (name: string) => boolean = onPath): PagerChoice {
  const named = namedPager(env);
  if (named === "" || !tallerThan(lineCount, rows)) return NONE;
  if (!terminal) return { kind: "builtin" };
  if (named !== undefined) return { kind: "command", command: "/bin/sh", args: ["-c", named], env: { LESS: env.LESS ?? "R" } };
  return found("less") ? { kind: "command", command: "less", args: ["-R"], env: {} } : { kind: "builtin" };
}

/** Whether an executable `name` is in one of PATH's directories. */
export function onPath(name: string, path = process.env.PATH ?? ""): boolean {
  return path.split(delimiter).some((dir) => {
    if (dir === "") return false;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
