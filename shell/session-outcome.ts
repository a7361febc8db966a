// What a command's run hands back to whoever drives the session (the Ink app, the plain runner,
// tests): its lines, whether it failed, and what the shell should do next (leave, open a view, ask
// first). Also the one way an error becomes a line.

import { isKernelError } from "../src/errors.js";
import type { ViewName } from "./command.js";

export interface Outcome {
  readonly ok: boolean;
  readonly lines: readonly string[];
  readonly error?: string;
  readonly exit?: boolean;
  readonly view?: { readonly name: ViewName; readonly group: string; readonly denials: Readonly<Record<string, string>> };
  readonly confirm?: { readonly question: string; readonly line: string };
  readonly interrupted?: boolean; // a long command stopped early by Ctrl-C or SIGINT
}

/** Whether the rest of a line runs after this outcome: not after a failure, exit, a view or a question. */
export function goesOn(outcome: Outcome): boolean {
  return outcome.ok && !outcome.exit && outcome.view === undefined && outcome.confirm === undefined && outcome.interrupted !== true;
}

/** One line: what went wrong, its code, and a hint where there is one. */
export function errorLine(error: unknown): string {
  if (isKernelError(error)) return `error: ${error.message} [${error.code}]${error.hint ? ` — ${error.hint}` : ""}`;
  return `error: internal error (a kshell bug, please report it): ${(error as Error).message ?? String(error)}`;
}
