// What the hardening issue (#10) says each attack must end in, in one place: every check of the
// harness asks one of these, so a fixer who chose a different but valid behaviour changes the
// expectation here, not in the attacks. Stderr patterns are loose on purpose (a file name and a
// field name, never exact wording).

import { readFileSync } from "node:fs";
import { exists, lockPath, type Run } from "./run.js";

/** One attack's figures: a failure is one sentence saying which try and what got through. */
export interface Figure {
  readonly attack: string;
  tries: number;
  readonly goal: string;
  readonly failures: string[];
  note?: string; // a figure beside the result, e.g. how many writes were acknowledged
  seconds?: number; // how long the attack took (the long form prints it)
}

export function figure(attack: string, goal: string): Figure {
  return { attack, tries: 0, goal, failures: [] };
}

const STACK_TRACE = /\n\s+at |internal error|internal check failed|assertion failed/;

/** A refused load: exit 2, one line on stderr naming `file` (and `field`, when given), no stack trace, no hang. */
export function refusedLoad(run: Run, file: RegExp, field?: RegExp): string | undefined {
  if (run.hung) return "hung (killed after the time limit)";
  if (run.status !== 2) return `exit ${run.status}, expected 2 (stderr: ${firstLine(run.stderr)})`;
  const lines = run.stderr.trimEnd().split("\n");
  if (STACK_TRACE.test(run.stderr)) return `a stack trace or internal error: ${firstLine(run.stderr)}`;
  if (lines.length !== 1) return `${lines.length} lines on stderr, expected one: ${firstLine(run.stderr)}`;
  if (!file.test(run.stderr)) return `stderr does not name ${file}: ${firstLine(run.stderr)}`;
  if (field !== undefined && !field.test(run.stderr)) return `stderr does not name the field ${field}: ${firstLine(run.stderr)}`;
  return undefined;
}

/** The lock of a kshell that exited is released: no lock file names it any more. */
export function lockReleased(state: string, run: Run): boolean {
  if (!exists(lockPath(state))) return true;
  return !readFileSync(lockPath(state), "utf8").includes(String(run.pid));
}

/** Tampering is reported: the ordinary run after it stops or warns, or `audit verify` fails. */
export function tamperReported(ordinary: Run, verify: Run): boolean {
  const ordinaryReported = ordinary.status === 2 || /tamper|audit|seal|chain|verif|key/i.test(ordinary.stderr);
  const verifyFailed = verify.status !== 0 || !/verified/.test(verify.stdout) || /fail|broken|tamper|mismatch/i.test(verify.stdout);
  return ordinaryReported || verifyFailed;
}

/** A journal or snapshot edit outside the shell stops the load (exit 2, naming the file). */
export function editStopsLoad(run: Run, file: RegExp): string | undefined {
  return refusedLoad(run, file);
}

/** `user list` shows `user` holding `capability` (or every capability). */
export function holdsCapability(userList: string, user: string, capability: string): boolean {
  const row = userList.split("\n").find((line) => line.split(/\s+/)[0] === user);
  return row !== undefined && (row.toLowerCase().includes(capability.toLowerCase()) || /\sall\s*$/.test(row));
}

/** The error line of a host-file command by a non-root user: a refusal (EPERM/EACCES). */
export function hostFileRefused(stderrLine: string): boolean {
  return /\[(EPERM|EACCES)\]/.test(stderrLine);
}

/** The error line of a host-file command on a state-directory file (or a device, or too large), even for root. */
export function stateFileRefused(stderrLine: string): boolean {
  return /\[(EPERM|EACCES|EINVAL|EFBIG|ENOSPC)\]/.test(stderrLine);
}

/** The attacking token (presented after `honest` genuine ones in the same run) is refused with an error. */
export function tokenRefused(run: Run, honest: number): boolean {
  const accepted = run.stdout.split("\n").filter((line) => /accepted by/.test(line)).length;
  return accepted <= honest && run.status !== 0 && /\[E[A-Z]+\]/.test(run.stderr);
}

/** Applies an edit to a state directory; a snapshot whose shape changed is reported, not thrown. */
export function applied(edit: (state: string) => void, state: string): string | undefined {
  try {
    edit(state);
    return undefined;
  } catch (error) {
    return `the harness could not apply the edit (has the file's shape changed?): ${(error as Error).message}`;
  }
}

export function firstLine(text: string): string {
  return text.trim().split("\n")[0]?.slice(0, 200) ?? "";
}
