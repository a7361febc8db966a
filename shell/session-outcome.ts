// What a command's run hands back to whoever drives the session (the Ink app, the plain runner,
// tests): its lines, whether it failed, and what the shell should do next (leave, open a view, ask
// first). Also the one way an error becomes a line, and the line for a kernel bug.

import { AssertionError } from "../src/assert.js";
import { isKernelError } from "../src/errors.js";
import type { Operation } from "../src/gate.js";
import { printable } from "../src/printable.js";
import type { ViewName } from "./command.js";

export interface Outcome {
  readonly ok: boolean;
  readonly lines: readonly string[];
  readonly error?: string;
  readonly exit?: boolean;
  readonly clear?: boolean; // the interactive shell clears the terminal (`clear`)
  readonly page?: () => readonly string[]; // help: a page for a pager (shell/pager.ts) when taller than the terminal; laid out again for its width now
  readonly view?: { readonly name: ViewName; readonly group: string; readonly denials: Readonly<Record<string, string>>; readonly mayRead?: (operation: Operation) => boolean };
  readonly confirm?: { readonly question: string; readonly line: string };
  readonly interrupted?: boolean; // a long command stopped early by Ctrl-C or SIGINT
  readonly bug?: boolean; // a kernel bug or a failing state directory stopped the command and it was undone: a script exits 70 or 74
  readonly status?: number; // with `bug`: the script's exit status
  readonly unsynced?: boolean; // with `bug`: the journal's sync failed, so every command whose output is still held was undone: drop that output
  readonly command?: string; // the failed command as typed (quoted words), for a runner that says where a script stopped
}

/** The exit status of a script a kernel bug stopped: EX_SOFTWARE, as sysexits.h has it. */
export const BUG_STATUS = 70;
/** The exit status of a script stopped because the state directory could not be written: EX_IOERR. */
export const IO_ERROR_STATUS = 74;

/** Whether the rest of a line runs after this outcome: not after a failure, exit, a view or a question. */
export function goesOn(outcome: Outcome): boolean {
  return outcome.ok && !outcome.exit && outcome.view === undefined && outcome.confirm === undefined && outcome.interrupted !== true;
}

/**
 * Whether `error` is a bug rather than an expected failure: anything but a KernelError (a failed
 * assertion, or a TypeError out of code that assumed too much) means the kernel may be half-changed.
 */
export function isBug(error: unknown): boolean {
  return !isKernelError(error);
}

/**
 * The outcome of a command a bug stopped, after the session undid it: one plain line. A host
 * file-system error (the journal could not be written: disk full, I/O error) is no bug of
 * kshell's: it says so, with its own exit status, and asks for no report.
 */
export function bugOutcome(error: unknown, command: string): Outcome {
  const undone = "— the command was undone; state is as of the last acknowledged command";
  if (isHostIoError(error)) return { ok: false, lines: [], bug: true, status: IO_ERROR_STATUS, error: `kshell: ${command}: the state directory could not be written (${error.message}) ${undone}` };
  const what = error instanceof AssertionError ? `internal check failed in ${command}: ${error.condition}` : `internal error in ${command}: ${messageOf(error)}`;
  return { ok: false, lines: [], bug: true, status: BUG_STATUS, error: `kshell: ${what} ${undone}. Please report this.` };
}

/**
 * The outcome of a group commit whose sync failed (shell/plain.ts holds a batch's output until its
 * records are synced): the batch's commands were undone, and none of their output may be shown.
 */
export function unsyncedOutcome(error: NodeJS.ErrnoException): Outcome {
  const what = `the state directory could not be synced (${error.message}): the commands whose output was not yet shown were undone, and it is not shown; state is as of the last acknowledged command`;
  return { ok: false, lines: [], bug: true, unsynced: true, status: IO_ERROR_STATUS, error: `kshell: ${what}` };
}

/**
 * The outcome when undoing needed the state directory written and it could not be (a full disk:
 * replay writes chunks): kshell stops, saving nothing; the journal holds every acknowledged command.
 */
export function haltedOutcome(error: NodeJS.ErrnoException, command: string, unsynced: boolean): Outcome {
  const what = `${command}: the state directory could not be written (${error.message}), and undoing needs it written too: kshell stops here and saves nothing. Every acknowledged command is in its journal: free space on its disk, then start kshell again`;
  return { ok: false, lines: [], bug: true, unsynced, exit: true, status: IO_ERROR_STATUS, error: `kshell: ${what}` };
}

/** An error Node's file system calls throw (it names its errno code and the call). */
export function isHostIoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && typeof (error as NodeJS.ErrnoException).syscall === "string";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One line: what went wrong, its code, and a hint where there is one. */
export function errorLine(error: unknown): string {
  if (isKernelError(error)) return printable(`error: ${error.message} [${error.code}]${error.hint ? ` — ${error.hint}` : ""}`); // a message may quote a file's bytes
  return `error: internal error (a kshell bug, please report it): ${messageOf(error)}`;
}
