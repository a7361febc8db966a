// A session is one user at one kernel: it parses lines, runs commands through the gate, journals
// what the kernel did, and turns results into lines. The interactive app and the plain runner
// are both thin layers over `execute`.
//
// Every gated command (read or write: both add to the audit trail) is journaled after it runs and
// before its output is shown, so anything acknowledged survives kill -9: at boot the journal is
// replayed over the last snapshot, each command at the simulated time it first ran.

import { assert } from "../src/assert.js";
import { fail, isKernelError } from "../src/errors.js";
import { ROOT, type Subject } from "../src/gate.js";
import { Kernel, type KernelServices } from "../src/kernel.js";
import { HISTORY_LINE_MAX, INPUT_LINE_LENGTH_MAX, JOURNAL_RECORD_MAX } from "../src/limits.js";
import { readSnapshotFile, writeSnapshotFile } from "../src/persistence/snapshot-file.js";
import { StateFileError } from "../src/persistence/state-file-error.js";
import type { StateStore } from "../src/persistence/state-store.js";
import type { Display, SessionControl, ViewName } from "./command.js";
import { makeDisplay } from "./display/display.js";
import { parseCommand, type ParsedCommand } from "./parse.js";
import { quoteWords } from "./quote.js";
import { Registry } from "./registry.js";
import { tokenize } from "./tokenize.js";

export interface SessionOptions {
  readonly seed: number;
  readonly sealKey: Uint8Array;
  readonly interactive?: boolean;
  readonly color?: boolean;
  readonly json?: boolean;
  readonly store?: StateStore;
  readonly registry?: Registry;
  readonly wallClockMs?: () => number; // the interactive clock's source; injectable for tests
}

export interface Outcome {
  readonly ok: boolean;
  readonly lines: readonly string[];
  readonly error?: string;
  readonly exit?: boolean;
  readonly view?: { readonly name: ViewName; readonly group: string };
  readonly confirm?: { readonly question: string; readonly line: string };
}

type Replacement = { kind: "reset" } | { kind: "load"; kernel: Kernel; file: string };

const NOT_GATED = new Proxy({} as KernelServices, {
  get() {
    throw new Error("this command is not declared with a gate binding, so it cannot reach the kernel");
  },
});

export class Session implements SessionControl {
  readonly registry: Registry;
  readonly interactive: boolean;
  readonly display: Display;
  subject: Subject = ROOT;
  replaying = false;
  private kernelInstance: Kernel;
  private readonly lines: string[] = [];
  private speed = 1;
  private wallBaseMs = 0;
  private simBaseMs = 0;
  private pendingReplacement: Replacement | undefined;
  private pendingView: Outcome["view"];
  private exitRequested = false;
  private journalRecords = 0;

  constructor(private readonly options: SessionOptions) {
    this.registry = options.registry ?? new Registry();
    this.interactive = options.interactive ?? false;
    this.display = makeDisplay(options.color ?? false);
    this.kernelInstance = this.boot();
    this.rebaseClock();
  }

  get kernel(): Kernel {
    return this.kernelInstance;
  }

  /** Builds the kernel from the store (snapshot + journal replay), or fresh from the seed. */
  private boot(): Kernel {
    const store = this.options.store;
    const snapshot = store?.readSnapshot();
    const kernel = snapshot !== undefined ? Kernel.fromSnapshot(snapshot, { sealKey: this.options.sealKey }) : this.freshKernel();
    if (store === undefined) return kernel;
    this.kernelInstance = kernel;
    this.replaying = true;
    const records = store.readJournal();
    this.journalRecords = records.length;
    for (const record of records) {
      kernel.advanceClockTo(record.t);
      for (const words of tokenize(record.line)) this.runWords(words);
    }
    this.replaying = false;
    return kernel;
  }

  private freshKernel(): Kernel {
    const kernel = new Kernel({ seed: this.options.seed, sealKey: this.options.sealKey });
    kernel.recordBoot(this.subject, `booted with seed ${this.options.seed}`);
    return kernel;
  }

  /** Runs every command on `line` in order, stopping at the first that fails. */
  execute(line: string): Outcome {
    if (line.trim() !== "") this.remember(line);
    const collected: string[] = [];
    try {
      if (line.length > INPUT_LINE_LENGTH_MAX) fail("EINVAL", `line is ${line.length} characters; the limit is ${INPUT_LINE_LENGTH_MAX}`);
      for (const words of tokenize(line)) {
        const outcome = this.runWords(words);
        collected.push(...outcome.lines);
        if (!outcome.ok || outcome.exit || outcome.view || outcome.confirm) return { ...outcome, lines: collected };
      }
      return { ok: true, lines: collected };
    } catch (error) {
      return { ok: false, lines: collected, error: errorLine(error) };
    }
  }

  private runWords(words: readonly string[]): Outcome {
    let parsed: ParsedCommand;
    try {
      parsed = parseCommand(this.registry, words);
    } catch (error) {
      return { ok: false, lines: [], error: errorLine(error) };
    }
    const { spec, input } = parsed;
    if (parsed.help) return { ok: true, lines: this.renderHelp(parsed) };
    if (spec.confirm && this.interactive && !this.replaying && input.options[spec.confirm.unlessFlag] !== true) {
      return { ok: true, lines: [], confirm: { question: spec.confirm.question, line: `${quoteWords(words)} --${spec.confirm.unlessFlag}` } };
    }
    this.syncClock();
    this.pendingView = undefined;
    let result: unknown;
    try {
      if (spec.gate === undefined) result = spec.run({ session: this, kernel: NOT_GATED }, input);
      else {
        const gate = spec.gate;
        const operation = { action: gate.action, object: gate.object?.(input) ?? gate.action.split(".")[0]!, type: gate.type, mutates: gate.mutates };
        const startedMs = this.kernelInstance.view.nowMs;
        try {
          result = this.kernelInstance.syscall(this.subject, operation, (kernel) => spec.run({ session: this, kernel }, input), spec.describe?.bind(spec));
        } finally {
          this.journal(words, startedMs);
        }
      }
      this.applyReplacement();
    } catch (error) {
      this.pendingReplacement = undefined;
      return { ok: false, lines: [], error: errorLine(error) };
    }
    const lines = parsed.json || this.options.json ? JSON.stringify(result, null, 2).split("\n") : spec.display(result, this.display);
    const exit = this.exitRequested;
    this.exitRequested = false;
    return { ok: true, lines, exit, view: this.pendingView };
  }

  private renderHelp(parsed: ParsedCommand): string[] {
    const spec = this.registry.match(["help"]);
    const result = spec.run({ session: this, kernel: NOT_GATED }, { args: { group: parsed.spec.path[0] }, rest: parsed.spec.path.slice(1), options: {} });
    return spec.display(result, this.display);
  }

  private journal(words: readonly string[], startedMs: number): void {
    const store = this.options.store;
    if (store === undefined || this.replaying) return;
    if (words[0] === "load" || words[0] === "reset") return; // they write a snapshot instead
    store.append({ t: startedMs, user: this.subject.name, line: quoteWords(words) });
    // Bounds replay time at start: past the limit, fold the journal into a fresh snapshot.
    if (++this.journalRecords >= JOURNAL_RECORD_MAX) this.compact();
  }

  private compact(): void {
    this.options.store?.compact(this.kernelInstance.toSnapshot());
    this.journalRecords = 0;
  }

  private applyReplacement(): void {
    const replacement = this.pendingReplacement;
    if (replacement === undefined) return;
    this.pendingReplacement = undefined;
    if (replacement.kind === "reset") {
      this.kernelInstance = this.freshKernel();
    } else {
      this.kernelInstance = replacement.kernel;
      this.kernelInstance.recordBoot(this.subject, `loaded ${replacement.file}`);
    }
    this.rebaseClock();
    if (!this.replaying) this.compact();
  }

  // SessionControl: what commands may ask of the shell.

  history(): readonly string[] {
    return this.lines;
  }

  clockSpeed(): number {
    return this.speed;
  }

  setClockSpeed(speed: number): void {
    this.syncClock();
    this.speed = speed;
    this.rebaseClock();
  }

  saveSnapshot(file: string | undefined): { path: string } {
    const store = this.options.store;
    if (file === undefined && store === undefined) {
      fail("EINVAL", "no state directory to save into", "give a file (save state.json), or start kshell with --state <dir>");
    }
    const path = file ?? store!.snapshotPath;
    if (this.replaying) return { path };
    if (file !== undefined) writeSnapshotFile(file, this.kernelInstance.toSnapshot());
    else this.compact();
    return { path };
  }

  replaceKernel(how: { kind: "reset" } | { kind: "load"; file: string }): void {
    if (how.kind === "reset") {
      this.pendingReplacement = how;
      return;
    }
    let snapshot;
    try {
      snapshot = readSnapshotFile(how.file);
    } catch (error) {
      if (error instanceof StateFileError) fail("EINVAL", `cannot load ${error.path}: ${error.problem}`);
      throw error;
    }
    if (snapshot === undefined) fail("ENOENT", `no snapshot file ${how.file}`);
    this.pendingReplacement = { kind: "load", file: how.file, kernel: Kernel.fromSnapshot(snapshot, { sealKey: this.options.sealKey }) };
  }

  openView(view: ViewName, group: string): void {
    if (this.interactive && !this.replaying) this.pendingView = { name: view, group };
  }

  requestExit(): void {
    this.exitRequested = true;
  }

  kernelView(): Kernel["view"] {
    return this.kernelInstance.view;
  }

  // The interactive clock: simulated time = base + wall time elapsed × speed.

  syncClock(): void {
    const wall = this.options.wallClockMs;
    if (!this.interactive || wall === undefined || this.replaying) return;
    this.kernelInstance.advanceClockTo(this.simBaseMs + (wall() - this.wallBaseMs) * this.speed);
  }

  private rebaseClock(): void {
    this.wallBaseMs = this.options.wallClockMs?.() ?? 0;
    this.simBaseMs = this.kernelInstance.view.nowMs;
  }

  private remember(line: string): void {
    if (this.lines.length === HISTORY_LINE_MAX) this.lines.shift();
    this.lines.push(line);
  }

  /** Loads earlier sessions' history (the interactive shell's, from the state directory). */
  preloadHistory(lines: readonly string[]): void {
    for (const line of lines.slice(-HISTORY_LINE_MAX)) this.remember(line);
  }

  /** Compacts the journal into a snapshot; called on a clean exit. */
  close(): void {
    assert(!this.replaying, "a session is not closed while replaying");
    this.compact();
    this.options.store?.trimHistory(HISTORY_LINE_MAX);
  }
}

/** One line: what went wrong, its code, and a hint where there is one. */
export function errorLine(error: unknown): string {
  if (isKernelError(error)) return `error: ${error.message} [${error.code}]${error.hint ? ` — ${error.hint}` : ""}`;
  return `error: internal error (a kshell bug, please report it): ${(error as Error).message ?? String(error)}`;
}
