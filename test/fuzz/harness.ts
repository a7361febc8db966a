// Runs generated command lines through a Session in process and judges what happened. A command
// may fail, but only as a KernelError that changes nothing but the trail: a bug (any other
// exception the session caught and undid: a failed internal check or an internal error), an exception out of the session itself, or a command that
// allocates far more memory than any single IO may take is a failure. After a run, the audit chain must verify and the
// kernel must survive toSnapshot -> JSON -> validate -> fromSnapshot -> toSnapshot unchanged; a
// session with a state directory must restart after an unclean stop into the same kernel.
// Failures are deduplicated by command verb and first error line with numbers and quoted words
// blurred, so one bug reached by many lines counts once.

import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kernel } from "../../src/kernel.js";
import { IO_LENGTH_MAX } from "../../src/limits.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { validateSnapshot } from "../../src/persistence/validate-snapshot.js";
import type { Registry } from "../../shell/registry.js";
import { Session } from "../../shell/session.js";
import { tokenize } from "../../shell/tokenize.js";
import { TEST_KEY, withoutChunkSlots } from "../helpers.js";

/** A command that allocates more than this in one go has not checked its length first. */
const ALLOCATION_BYTES_MAX = 4 * IO_LENGTH_MAX;

export interface Failure {
  readonly key: string;
  readonly verb: string;
  readonly line: string;
  readonly error: string;
  readonly where?: string; // how to replay it, when the campaign keeps a trace
  count: number;
}

/** Distinct failures of one fuzzing campaign, first line that showed each kept. */
export class Findings {
  readonly failures = new Map<string, Failure>();
  commands = 0;
  succeeded = 0; // how deep the campaign got: a run that only meets EPERM and ENOENT tests little

  /** `where`: how to find the lines that led to a failure seen now (the long form keeps them all in a file). */
  constructor(private readonly where?: () => string) {}

  add(verb: string, line: string, error: string): void {
    const first = error.split("\n")[0]!;
    const key = `${verb}: ${blur(first)}`;
    const seen = this.failures.get(key);
    if (seen !== undefined) {
      seen.count++;
      return;
    }
    this.failures.set(key, { key, verb, line, error: first, where: this.where?.(), count: 1 });
  }

  list(): Failure[] {
    return [...this.failures.values()];
  }
}

/** Numbers, quoted words and paths blurred, so the same bug reached with other values is one key. */
function blur(text: string): string {
  return text.replace(/'[^']*'/g, "'…'").replace(/\/[^\s:,]+/g, "/…").replace(/\d+/g, "N");
}

/** The verb a command's words name (its registry path), or what tokenizing or matching said. */
function verbOf(registry: Registry, words: readonly string[]): string {
  try {
    return registry.match(words).path.join(" ");
  } catch {
    return "(no command)";
  }
}

/** Runs one line, recording any failure; returns the number of commands it held. `checkRefusals` costs two snapshots. */
export function runLine(session: Session, registry: Registry, line: string, findings: Findings, checkRefusals = false): number {
  let commands: string[][];
  try {
    commands = tokenize(line);
  } catch {
    commands = [[]];
  }
  let index = 0;
  let confirm: string | undefined;
  const before = process.memoryUsage().arrayBuffers;
  // a refused command changes nothing but the trail (piped only: the interactive clock moves on its own)
  const stateBefore = checkRefusals && !session.interactive && commands.length === 1 ? kernelState(session.kernel) : undefined;
  try {
    // Stops where Session.execute (and so the interactive app) stops: at a failure, exit, a view or a question.
    const pending = session.executeEach(line, (outcome) => {
      const verb = verbOf(registry, commands[index] ?? []);
      index++;
      if (outcome.ok) findings.succeeded++;
      if (outcome.bug === true || outcome.error?.startsWith("error: internal error")) findings.add(verb, line, outcome.error ?? "a bug");
      confirm = outcome.confirm?.line;
      if (stateBefore !== undefined && !outcome.ok && outcome.lines.length === 0) {
        const after = kernelState(session.kernel);
        if (after !== stateBefore) findings.add(verb, line, `refused, but changed ${firstDifference(stateBefore, after).split("\n")[0]}`);
      }
      return outcome.ok && !outcome.exit && outcome.view === undefined && confirm === undefined;
    });
    if (pending instanceof Promise) findings.add(verbOf(registry, commands[index] ?? []), line, "ran on in steps: give the session jobSliceMs Infinity so the fuzzer can judge it");
  } catch (error) {
    findings.add(verbOf(registry, commands[index] ?? []), line, `thrown out of the session: ${(error as Error).stack ?? String(error)}`);
  }
  const grownBytes = process.memoryUsage().arrayBuffers - before;
  if (grownBytes > ALLOCATION_BYTES_MAX) findings.add(verbOf(registry, commands[0] ?? []), line, `allocated ${Math.round(grownBytes / 1024 ** 2)} MiB in one command`);
  findings.commands += Math.max(index, 1);
  if (confirm !== undefined) runLine(session, registry, confirm, findings, checkRefusals); // answered y, as the app runs it
  return index;
}

/** The kernel's trail, checked through its view: a policy rule the fuzzer added may deny root `audit verify`. */
function auditOf(kernel: Kernel): Kernel["view"]["audit"] {
  return kernel.view.audit;
}

/** Audit chain intact, snapshot valid and reloading to the same snapshot; a problem as text, or undefined. */
export function stateProblem(kernel: Kernel): string | undefined {
  const report = auditOf(kernel).verify();
  if (!report.ok) return `audit verify fails at #${report.badSeq}: ${report.problem}`;
  const text = JSON.stringify(kernel.toSnapshot());
  const checked = validateSnapshot(JSON.parse(text), SUBSYSTEMS);
  if ("problem" in checked) return `snapshot does not validate: ${checked.problem}`;
  let reloaded: Kernel;
  try {
    reloaded = Kernel.fromSnapshot(checked.snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS, chunkHost: kernel.chunks.host });
  } catch (error) {
    return `snapshot does not reload: ${(error as Error).message}`;
  }
  const again = JSON.stringify(reloaded.toSnapshot());
  if (again !== text) return `reload changes the snapshot at ${firstDifference(text, again)}`;
  const reloadedReport = auditOf(reloaded).verify();
  return reloadedReport.ok ? undefined : `reloaded audit verify fails at #${reloadedReport.badSeq}: ${reloadedReport.problem}`;
}

/**
 * A restart after an unclean stop (no close: the lock is taken over) must rebuild the same kernel
 * from snapshot and journal (but for the chunk slots its replay took: it never writes those a
 * journal record names, src/chunks/chunk-pins.ts).
 */
export function recoveryProblem(kernel: Kernel, dir: string, seed: number): string | undefined {
  rmSync(join(dir, "lock"));
  const store = StateStore.open(dir);
  try {
    const text = JSON.stringify(withoutChunkSlots(kernel.toSnapshot()));
    const restarted = new Session({ seed, sealKey: TEST_KEY, store }).kernel;
    // The interactive clock also moves between commands, unjournaled: the restarted kernel catches up first.
    restarted.advanceClockTo(kernel.view.nowMs);
    const again = JSON.stringify(withoutChunkSlots(restarted.toSnapshot()));
    return again === text ? undefined : `restart rebuilds another kernel: ${firstDifference(text, again)}`;
  } catch (error) {
    return `restart fails: ${(error as Error).message}`;
  } finally {
    store.close();
  }
}

/** Where two snapshots' JSON first differ: the nearest field name (the key failures are counted by), then the text. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const field = /"([A-Za-z]+)":[^"]*$/.exec(a.slice(Math.max(0, i - 400), i))?.[1] ?? "?";
  return `field "${field}"\n${a.slice(Math.max(0, i - 80), i + 40)} became ${b.slice(Math.max(0, i - 80), i + 40)}`;
}

/** A scratch directory for the files commands read and write: in.txt to read, sub/ a directory in the way. */
export function makeScratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "kshell-fuzz-"));
  writeFileSync(join(dir, "in.txt"), "bytes from a file\n");
  mkdirSync(join(dir, "sub"));
  return dir;
}

/** The findings as lines for a report or an assertion message. */
export function describeFindings(findings: Findings): string[] {
  const line = (f: Failure): string => `  ${f.key.slice(0, 200)} (x${f.count})\n      e.g. ${f.line.slice(0, 200)}${f.where === undefined ? "" : `  [${f.where}]`}\n      ${f.error.slice(0, 300)}`;
  const succeeded = `${Math.round((100 * findings.succeeded) / Math.max(findings.commands, 1))}% succeeded`;
  return [`${findings.commands} commands (${succeeded}), ${findings.list().length} distinct failures`, ...findings.list().map(line)];
}

/** The kernel's snapshot without the trail, its correlation ids (every gated command takes one) and rule hit counts (a denial counts its rule). */
function kernelState(kernel: Kernel): string {
  const { audit: _audit, correlationSeq: _correlationSeq, ...rest } = kernel.toSnapshot();
  return JSON.stringify(rest, (key, value: unknown) => (key === "hits" ? undefined : value));
}
