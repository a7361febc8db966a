// A session is one user at one kernel: it parses lines, runs commands through the gate, journals
// what the kernel did, and turns results into lines. The interactive app and the plain runner
// are both thin layers over `executeEach`, where a long command (sleep 8h, cluster chaos) runs in
// steps that yield to the event loop and stop on `interrupt` (see jobs.ts).
//
// Every gated command (read or write: both add to the audit trail) is journaled after it runs and
// synced before its output is shown, so anything acknowledged survives kill -9: at boot the journal
// is replayed over the last snapshot, each command at the simulated time it first ran. A script's
// runner may sync a batch of commands at once (group commit: `groupCommits`, `commit`).
//
// This file owns the command pipeline (parse, confirm, gate, journal, display), the kernel's
// lifecycle (boot, reset, load) and what commands may ask of the shell (SessionControl). Beside it:
// session-line.ts (a line's commands, long ones in steps), session-persistence.ts (journal,
// compaction, replay), session-host-files.ts (host files through the gate), session-clock.ts,
// su-stack.ts, session-outcome.ts (results and errors as lines), session-options.ts.

import { join } from "node:path";
import { SUBSYSTEMS } from "../modules/subsystems.js";
import { assert } from "../src/assert.js";
import { fail } from "../src/errors.js";
import { ROOT, type Operation, type Subject } from "../src/gate.js";
import { Kernel, type KernelServices } from "../src/kernel.js";
import { IO_LENGTH_MAX, SNAPSHOT_FILE_BYTES_MAX } from "../src/limits.js";
import { writeSnapshotFile, type SnapshotRead } from "../src/persistence/snapshot-file.js";
import { UserFileError, type FileAccess } from "../src/persistence/user-file.js";
import { refuseReplayOnly, type Display, type GateBinding, type SessionControl, type ViewName } from "./command.js";
import { makeDisplay } from "./display/display.js";
import { JOB_SLICE_MS, RunningJob } from "./jobs.js";
import { groupHelpOutcome } from "./help-pages.js";
import { UserHistories } from "./history.js";
import { operationOf } from "./operation.js";
import { parseCommand, type ParsedCommand } from "./parse.js";
import { quoteWords } from "./quote.js";
import { Registry } from "./registry.js";
import { InteractiveClock } from "./session-clock.js";
import { HostFiles } from "./session-host-files.js";
import { jsonText } from "./json-output.js";
import { privateDirsOf, sealKeyOf, type SessionOptions } from "./session-options.js";
import { collectOutcomes, runLine, runLong } from "./session-line.js";
import { bugOutcome, errorLine, goesOn, haltedOutcome, isBug, isHostIoError, type Outcome } from "./session-outcome.js";
import { ChunkFolders } from "../src/chunks/chunk-folders.js";
import type { ChunkHost } from "../src/chunks/chunk-host.js";
import { loadKernel, replacesKernel, SessionJournal, snapshotWithBundle } from "./session-persistence.js";
import type { ProgressSink } from "./progress-line.js";
import { SuStack } from "./su-stack.js";
import { tokenize } from "./tokenize.js";
import { bootStart, replacementStart, trailWarnings } from "./trail-start.js";

export { errorLine, goesOn, type Outcome, type SessionOptions }; // the session's public surface, as before the split

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
  replayPayload: Uint8Array | undefined = undefined; // the bytes the record being replayed read from its host file
  private kernelInstance: Kernel;
  private readonly histories: UserHistories;
  private readonly clock: InteractiveClock;
  private pendingReplacement: Replacement | undefined;
  private pendingView: Outcome["view"];
  private exitRequested = false;
  private haltedBy = false; // an undo could not rebuild the kernel (rollBack): the session ends and is never saved
  private suStack = new SuStack();
  private readonly journalFile: SessionJournal;
  private readonly running: RunningJob; // the long command running in steps, if any
  private readonly hostFiles: HostFiles;
  private readonly chunkFolders: ChunkFolders; // where the kernels' chunk bytes live, generation by generation

  constructor(private readonly options: SessionOptions) {
    this.registry = options.registry ?? new Registry();
    this.interactive = options.interactive ?? false;
    this.display = makeDisplay(options.color ?? false, options.columns);
    this.running = new RunningJob(options.jobSliceMs ?? JOB_SLICE_MS);
    this.histories = new UserHistories(this.interactive ? options.store : undefined);
    this.clock = new InteractiveClock(options.wallClockMs);
    this.chunkFolders = options.chunkFolders ?? (options.store === undefined ? ChunkFolders.inMemory() : ChunkFolders.under(options.store.dir));
    this.journalFile = new SessionJournal(options.store, () => this.kernelInstance, this.chunkFolders, options.progress);
    this.hostFiles = new HostFiles(privateDirsOf(options));
    this.kernelInstance = this.rebuild(options.progress);
    this.rebaseClock();
  }

  /** The key given, else the state directory's (read only once the snapshot is known good). */
  private get sealKey(): Uint8Array {
    return sealKeyOf(this.options);
  }

  get kernel(): Kernel {
    return this.kernelInstance;
  }

  /**
   * The kernel as of the last acknowledged command: the journal (the store's, or the one kept in
   * memory without a store) replayed over its snapshot, or over a fresh kernel from the seed. At
   * boot, and to undo a command a bug stopped; the session's own user and su shells stay as they
   * are (the journal's were those of the sessions that ran it). `progress`: at boot, where a slow
   * replay says how far it got.
   */
  private rebuild(progress?: ProgressSink): Kernel {
    const { subject, suStack } = this;
    this.suStack = new SuStack();
    this.subject = ROOT;
    this.replaying = true;
    try {
      const kernel = this.journalFile.startingKernel(() => this.sealKey, (host) => this.freshKernel(host));
      this.kernelInstance = kernel; // replay runs its commands on it
      const run = (who: Subject, line: string, fileError: UserFileError | undefined, payload: Uint8Array | undefined) => {
        this.subject = who;
        this.hostFiles.replayFileError = fileError;
        this.replayPayload = payload;
        for (const words of tokenize(line)) this.runWords(words);
      };
      this.journalFile.replay(kernel, run, progress);
      return kernel;
    } finally {
      this.hostFiles.replayFileError = this.replayPayload = undefined;
      [this.subject, this.suStack, this.replaying] = [subject, suStack, false];
      [this.pendingReplacement, this.pendingView, this.exitRequested] = [undefined, undefined, false];
    }
  }

  /** Undoes the command a bug stopped (the journal does not hold it) and says so; during replay, the bug stops the replay. */
  private undo(error: unknown, parsed: ParsedCommand): Outcome {
    if (this.replaying) throw error; // a journaled command ran once without it: this kernel is not the one that ran it
    const command = parsed.spec.path.join(" ");
    return this.rollBack(command) ?? bugOutcome(error, command);
  }

  /** Back to the kernel as of the last command the journal holds (synced); if replay cannot write its chunks (a full disk), the session halts, its part-rebuilt kernel never saved. */
  private rollBack(command: string, unsynced = false): Outcome | undefined {
    this.journalFile.dropCompactionRequest();
    try {
      this.rebuild();
    } catch (error) {
      if (!isHostIoError(error)) throw error;
      this.haltedBy = true;
      return haltedOutcome(error, command, unsynced);
    }
    if (this.interactive) this.rebaseClock();
    return undefined;
  }

  private freshKernel(chunkHost: ChunkHost, start = bootStart(this.options.seed)): Kernel {
    const kernel = new Kernel({ seed: this.options.seed, sealKey: this.sealKey, subsystems: SUBSYSTEMS, chunkHost });
    kernel.recordStart(this.subject, start);
    return kernel;
  }

  /** Runs every command on `line` in order, stopping at the first that fails; one outcome for all. */
  execute(line: string): Outcome {
    return collectOutcomes((next) => this.each(line, false, next));
  }

  /**
   * Runs the commands on `line` one by one, handing each outcome to `next`; stops when it returns
   * false. A long command (sleep 8h) that outlasts its first slice runs on in steps: then this
   * returns a promise, settled once the line is done; `interrupt` stops the command early.
   */
  executeEach(line: string, next: (outcome: Outcome) => boolean): void | Promise<void> {
    return this.each(line, true, next);
  }

  private each(line: string, stepped: boolean, next: (outcome: Outcome) => boolean): void | Promise<void> {
    if (line.trim() !== "") this.histories.add(this.subject.name, line);
    return runLine(line, (words) => this.runWords(words, stepped), next);
  }

  private runWords(words: readonly string[], stepped = false): Outcome | Promise<Outcome> {
    let parsed: ParsedCommand;
    try {
      parsed = parseCommand(this.registry, words);
      if (!this.replaying) refuseReplayOnly(parsed.spec, parsed.input);
    } catch (error) {
      return groupHelpOutcome(this.registry, words, this.display) ?? { ok: false, lines: [], error: errorLine(error) }; // vol --help: a group of verbs, no command of its own
    }
    const { spec, input } = parsed;
    if (parsed.help) return { ok: true, lines: this.renderHelp(parsed), page: () => this.renderHelp(parsed) };
    if (spec.confirm && this.interactive && !this.replaying && input.options[spec.confirm.unlessFlag] !== true) {
      return { ok: true, lines: [], confirm: { question: spec.confirm.question, line: `${quoteWords(words)} --${spec.confirm.unlessFlag}` } };
    }
    this.syncClock();
    this.pendingView = undefined;
    // a long command: what ran before it is synced, for the runner shows it while waiting on this one
    if (stepped && spec.start !== undefined && spec.gate !== undefined && !this.replaying) return this.commit() ?? this.runLong(parsed, words);
    let result: unknown;
    try {
      result = spec.gate === undefined ? spec.run({ session: this, kernel: NOT_GATED }, input) : this.runGated(parsed, spec.gate, words);
      this.applyReplacement();
      this.journalFile.compactIfRequested();
    } catch (error) {
      this.pendingReplacement = undefined;
      if (isBug(error)) return this.undo(error, parsed);
      this.journalFile.dropCompactionRequest();
      // a refused load or reset is not journaled (replay would not fail the same way): a snapshot keeps its audit entries
      if (replacesKernel(words) && !this.replaying) this.journalFile.compact();
      return { ok: false, lines: [], error: errorLine(error) };
    } finally {
      if (this.interactive) this.rebaseClock(); // sleep, tick, chaos jumped: follow the wall from here
    }
    return this.outcomeOf(parsed, result);
  }

  /**
   * Runs a gated command through the kernel's gate and journals it, failed or not, after it ran
   * (run may journal what it read or decided) — unless a bug stopped it: that one is undone.
   */
  private runGated(parsed: ParsedCommand, gate: GateBinding, words: readonly string[]): unknown {
    const { spec, input } = parsed;
    const operation = operationOf(gate, input, this.kernelInstance.view);
    const startedMs = this.kernelInstance.view.nowMs;
    const subject = this.subject; // su changes it while running; the journal needs who ran it
    let fileError: UserFileError | undefined;
    let bug = false;
    try {
      return this.kernelInstance.syscall(subject, operation, (kernel) => spec.run({ session: this, kernel }, input), spec.describe?.bind(spec));
    } catch (error) {
      if (error instanceof UserFileError) fileError = error;
      bug = isBug(error);
      throw error;
    } finally {
      if (!bug) this.journal(spec.journalWords?.(words, input) ?? words, startedMs, subject, fileError, spec.journalPayload?.(input));
    }
  }

  private outcomeOf(parsed: ParsedCommand, result: unknown, interrupted = false): Outcome {
    const { spec } = parsed;
    const json = parsed.json || this.options.json === true;
    const lines = json ? jsonText(result).split("\n") : spec.display(result, this.display);
    const exit = this.exitRequested;
    this.exitRequested = false;
    const failure = spec.failure?.(result);
    if (failure !== undefined) return { ok: false, lines, error: `error: ${failure}`, interrupted };
    if (interrupted || (spec.clearsScreen !== true && spec.paged !== true)) return interrupted ? { ok: true, lines, interrupted } : { ok: true, lines, exit, view: json ? undefined : this.pendingView }; // nearly every command: one literal (spreads of optional fields cost ~0.5 µs a command)
    return { ok: true, lines, exit, view: json ? undefined : this.pendingView, ...(spec.clearsScreen === true && this.interactive ? { clear: true } : {}), ...(spec.paged === true && !json ? { page: () => spec.display(result, this.display) } : {}) };
  }

  /** A long command in steps (session-line.ts), journaled and rebased like any other. */
  private runLong(parsed: ParsedCommand, words: readonly string[]): Outcome | Promise<Outcome> {
    return runLong({
      parsed,
      words,
      kernel: this.kernelInstance,
      subject: this.subject,
      session: this,
      running: this.running,
      journal: (ran, startedMs, subject) => this.journal(ran, startedMs, subject, undefined),
      ended: () => {
        if (this.interactive) this.rebaseClock();
      },
      settle: (result, stopped) => this.outcomeOf(parsed, result, stopped),
      failed: (error) => (isBug(error) ? this.undo(error, parsed) : { ok: false, lines: [], error: errorLine(error) }),
    });
  }

  /** Group commit, for a runner that holds the commands' output until `commit` (SessionJournal.groupCommits). */
  get batches(): Pick<SessionJournal, "groupCommits" | "commitDue"> {
    return this.journalFile;
  }

  /** Syncs the journal records of the commands run since the last commit; a failed sync undoes them, and its outcome says their output must be dropped. */
  commit(): Outcome | undefined {
    return this.journalFile.commit(() => this.rollBack("the commands since the last sync", true));
  }

  /** Asks the long command running in steps to stop after its current step; false if none runs. */
  interrupt(): boolean {
    return this.running.interrupt();
  }

  /** The running long command's progress line, if one runs. */
  progress(): string | undefined {
    return this.running.progress();
  }

  private renderHelp(parsed: ParsedCommand): string[] {
    const spec = this.registry.match(["help"]);
    const result = spec.run({ session: this, kernel: NOT_GATED }, { args: { group: parsed.spec.path[0] }, rest: parsed.spec.path.slice(1), options: {} });
    return spec.display(result, this.display);
  }

  private journal(words: readonly string[], startedMs: number, subject: Subject, fileError: UserFileError | undefined, payload?: Uint8Array): void {
    if (!this.replaying) this.journalFile.append(words, startedMs, subject, fileError, payload); // replay reads the journal, never writes it
  }

  private applyReplacement(): void {
    const replacement = this.pendingReplacement;
    if (replacement === undefined) return;
    this.pendingReplacement = undefined;
    const start = replacementStart(replacement, this.options.seed, this.kernelInstance.view.audit.stats());
    this.kernelInstance = replacement.kind === "reset" ? this.freshKernel(this.chunkFolders.fresh(this.kernelInstance.chunks.host), start) : replacement.kernel;
    if (replacement.kind === "load") this.kernelInstance.recordStart(this.subject, start);
    this.rebaseClock();
    if (!this.replaying) this.journalFile.compact();
  }

  // SessionControl: what commands may ask of the shell.

  /** The current user's history, passwords shown as ***. */
  history(): readonly string[] {
    return this.histories.lines(this.subject.name);
  }

  clockSpeed(): number {
    return this.clock.speed;
  }

  setClockSpeed(speed: number): void {
    this.syncClock();
    this.clock.speed = speed;
    this.rebaseClock();
  }

  saveSnapshot(file: string | undefined): { path: string } {
    const store = this.options.store;
    if (file === undefined && store === undefined) {
      fail("EINVAL", "no state directory to save into", "give a file (save state.json), or start kshell with --state <dir>");
    }
    const path = file ?? store!.snapshotPath;
    if (file !== undefined) this.userFile("save to", file, "write", () => writeSnapshotFile(file, this.sealKey, snapshotWithBundle(this.kernelInstance, file)));
    else if (!this.replaying) this.journalFile.requestCompaction();
    return { path };
  }

  chunkFolder(device: string): string {
    const folder = this.chunkFolders.pathOf(this.kernelInstance.chunks.host.generation);
    return folder === undefined ? "memory" : join(folder, device);
  }

  replaceKernel(how: { kind: "reset" } | { kind: "load"; file: string }): void {
    if (how.kind === "reset") {
      this.pendingReplacement = how;
      return;
    }
    const read = (readFile: () => SnapshotRead | undefined) => this.userFile("load", how.file, "read", readFile, SNAPSHOT_FILE_BYTES_MAX);
    const kernel = loadKernel(how.file, () => this.sealKey, read, this.chunkFolders.fresh(this.kernelInstance.chunks.host));
    this.pendingReplacement = { kind: "load", file: how.file, kernel };
  }

  /** Runs `op` on a person's path as its own operation at the gate (session-host-files.ts). */
  userFile<T>(verb: string, path: string, access: FileAccess, op: () => T, sizeMax = IO_LENGTH_MAX): T | undefined {
    return this.journalFile.watchPayload(this.hostFiles.run(this.kernelInstance, this.subject, this.replaying, { verb, path, access, sizeMax }, op));
  }

  openView(view: ViewName, group: string, denials: Readonly<Record<string, string>>, mayRead: (operation: Operation) => boolean): void {
    if (this.interactive && !this.replaying) this.pendingView = { name: view, group, denials, mayRead };
  }

  /** Leaves the innermost su, or the shell when there is none; returns who is left, if anyone. */
  requestExit(): Subject | undefined {
    const outer = this.suStack.leave();
    if (outer === undefined) this.exitRequested = true;
    else this.subject = outer;
    return outer;
  }

  readonly suChain = (): readonly string[] => this.suStack.chain(this.subject); // who is su'd to whom (SessionControl)
  readonly renameSubjects = (nameOfUid: (uid: number) => string): void => void (this.subject = this.suStack.rename(this.subject, nameOfUid)); // SessionControl
  readonly gateCheck = (operation: Operation): void => this.kernelInstance.syscall(this.subject, operation, () => undefined); // an audited decision, nothing performed (SessionControl)
  pushSubject(subject: Subject): void {
    this.suStack.enter(this.subject);
    this.subject = subject;
  }

  readonly kernelView = (): Kernel["view"] => this.kernelInstance.view; // SessionControl
  readonly halted = (): boolean => this.haltedBy; // main exits 74 and saves nothing

  // The interactive clock (session-clock.ts): simulated time follows the wall.

  syncClock(): void {
    if (!this.interactive || this.replaying || this.running.active) return; // a long command moves it
    const followedMs = this.clock.followedMs();
    if (followedMs !== undefined) this.kernelInstance.followClockTo(followedMs);
  }

  private rebaseClock(): void {
    this.clock.rebase(this.kernelInstance.view.nowMs);
  }

  /** What a person starting this session should know (trail-start.ts). */
  startWarnings(): string[] {
    return trailWarnings(this.kernelInstance.view.audit, this.options.store?.dir ?? "the loaded snapshot");
  }

  /** Compacts the journal into a snapshot; called on a clean exit. */
  close(): void {
    assert(!this.replaying, "a session is not closed while replaying");
    if (!this.haltedBy) this.journalFile.close();
    this.histories.trim();
  }
}
