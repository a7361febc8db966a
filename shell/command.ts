// The shape of a command, declared once in the file at the path of its words
// (shell/commands/vol/snap/create.ts is `vol snap create`): its words, its arguments and options
// with their kinds and rules, help text and examples, what it is at the gate (audit type, whether
// it changes state; action and object follow from the path unless given), the handler that
// returns data and the display that turns the data into lines. The interactive shell, scripts,
// --json, --help, the help index and completion all read these declarations.

import type { ChalkInstance } from "chalk";
import { fail } from "../src/errors.js";
import type { CapabilityName } from "../modules/security/index.js";
import type { Access, Operation, OperationType, Subject } from "../src/gate.js";
import type { Kernel, KernelServices } from "../src/kernel.js";
import type { NumberKind, ObjectKind, ValueKind, ValueSpec } from "./arg-kinds.js";
import type { Registry } from "./registry.js";
import type { TableFit } from "./display/table.js";

export type OptionKind = ValueKind | "flag";

export interface OptionSpec extends ValueSpec {
  readonly kind: OptionKind;
  readonly summary: string;
  readonly placeholder?: string;
  /** Other spellings other tools use (docker run --memory for --mem): taken as this option, not offered. */
  readonly aliases?: readonly string[];
  /** Only read back from the journal (a stored password hash): typed by a person or a script, refused. */
  readonly replayOnly?: boolean;
  /** Must be given; every missing required option is named in one line ("--pool and --capacity are required"). */
  readonly required?: boolean;
  /** A value for the hint when a required option is missing: "e.g. --size 1G". */
  readonly example?: string;
  /** Values Tab offers for a free-form option (ctr run --restart on-failure:3, --mem 64M); any other value is still taken. */
  readonly suggestions?: readonly string[];
  /** Only together with another option, at a value if given: --pool requires --type distributed. */
  readonly requires?: { readonly option: string; readonly value?: string; readonly message?: string };
}

export interface ArgSpec extends ValueSpec {
  readonly kind?: ValueKind;
  readonly required: boolean;
  readonly variadic?: boolean;
  /** A flag that stands instead of this argument: exactly one of the two is given (audit ack <seq> | --all). */
  readonly orFlag?: string;
  /** Names a new object of this kind (vol create <name>): the object the gate sees, with no completion. */
  readonly of?: ObjectKind;
  /** Values Tab offers for a free-form argument (image pull's catalogue names); any other value is still taken. */
  readonly suggestions?: readonly string[];
}

export type OptionValue = string | number | boolean;

/** The input as the parser hands it over: option values typed, arguments still the words typed. */
export interface ParsedInput {
  readonly args: Readonly<Record<string, string | undefined>>;
  readonly rest: readonly string[]; // the words of a variadic argument
  readonly options: Readonly<Record<string, OptionValue | undefined>>;
}

/** The input of a command given `args` and nothing else: how a check outside a command's own run (a second object, a pane) asks its gate for the operation. */
export function argsOnly(args: ParsedInput["args"] = {}): ParsedInput {
  return { args, rest: [], options: {} };
}

/** The value a declared argument or option holds: a number for units and counts, a choice's words, else text. */
type ValueOf<S> = S extends { readonly kind: "flag" }
  ? boolean
  : S extends { readonly kind: NumberKind }
    ? number
    : S extends { readonly kind: "choice"; readonly choices: readonly (infer C extends string)[] }
      ? C
      : string;
type Given<S> = S extends { readonly required: true } ? ValueOf<S> : ValueOf<S> | undefined;

/** What `run` receives: every argument and option converted and checked against its declaration. */
export interface Input<A extends readonly ArgSpec[], O extends readonly OptionSpec[]> {
  readonly args: { readonly [S in A[number] as S extends { readonly variadic: true } ? never : S["name"]]: Given<S> };
  readonly rest: readonly string[];
  readonly options: { readonly [S in O[number] as S["name"]]: Given<S> };
}

export type ViewName = "top" | "watch";

/** What the shell lends a command besides the kernel: its own state and controls. */
export interface SessionControl {
  readonly interactive: boolean;
  readonly replaying: boolean;
  /** While replaying, the bytes the record read from its host file (its journalPayload), if it carries them. */
  readonly replayPayload: Uint8Array | undefined;
  readonly subject: Subject;
  readonly registry: Registry;
  pushSubject(subject: Subject): void;
  /** Names the session's users (the current one, those su left) by uid again: `user del` and `user add` change who a uid is. */
  renameSubjects(nameOfUid: (uid: number) => string): void;
  history(): readonly string[];
  clockSpeed(): number;
  setClockSpeed(speed: number): void;
  saveSnapshot(file: string | undefined): { path: string };
  /** Where a chunk device's files are ("<state>/chunks/sds/sds1"), or "memory" when they are not in files. */
  chunkFolder(device: string): string;
  /**
   * Runs a file-system call on a host path, as its own gated, audited operation (CAP_DAC_READ_SEARCH
   * to read, CAP_DAC_OVERRIDE to write): never the state directory's files, only regular files
   * of at most `sizeMax` bytes to read; errno errors as one line; the file is not touched on replay.
   */
  userFile<T>(verb: string, path: string, access: "read" | "write", op: () => T, sizeMax?: number): T | undefined;
  replaceKernel(how: { kind: "reset" } | { kind: "load"; file: string }): void;
  /** Decides `operation` as the current user at the gate, as its own audited operation that performs nothing: refused, it is recorded as a denial and thrown as EPERM. */
  readonly gateCheck: (operation: Operation) => void;
  /** `denials`: pane group -> the line shown in place of a pane the viewer may not see. */
  openView(view: ViewName, group: string, denials: Readonly<Record<string, string>>, mayRead: (operation: Operation) => boolean): void;
  requestExit(): Subject | undefined;
  /** Who is su'd to whom: the users the open su's left, outermost first, then the current one. */
  readonly suChain: () => readonly string[];
  kernelView(): Kernel["view"];
  readonly display: Display;
}

export interface RunContext {
  readonly session: SessionControl;
  readonly kernel: KernelServices; // only reachable inside the gate
}

export interface GateBinding {
  readonly action: string;
  readonly type: OperationType;
  readonly mutates: boolean;
  /** The object the gate decides on; `view` finds what the words only name (an interface's network). */
  readonly object?: (input: ParsedInput, view: Kernel["view"]) => string;
  /** What it needs of the object (or what the input asks of it: a read token, a write token); by default write if it mutates, else read. */
  readonly access?: Access | ((input: ParsedInput) => Access);
  /** The capability it needs, if any (shown in --help); it may depend on the input or on the object decided (a capture of net/underlay: CAP_NET_ADMIN). */
  readonly capability?: CapabilityName | ((input: ParsedInput, object: string) => CapabilityName | undefined);
  /** More capabilities its input asks for (sec caps' changes, user add's --caps and --clearance), any spelling: decided with the rest. */
  readonly inputCapabilities?: (input: ParsedInput) => readonly string[];
}

/** The gate binding as declared: the action follows from the path, the object from the object argument, unless given. */
export interface GateDecl<A extends readonly ArgSpec[] = readonly ArgSpec[], O extends readonly OptionSpec[] = readonly OptionSpec[]> extends Omit<GateBinding, "action" | "object" | "capability" | "access" | "inputCapabilities"> {
  readonly action?: string;
  readonly access?: Access | ((input: WordsInput<A, O>) => Access);
  readonly object?: (input: WordsInput<A, O>, view: Kernel["view"]) => string;
  readonly capability?: CapabilityName | ((input: WordsInput<A, O>, object: string) => CapabilityName | undefined);
  readonly inputCapabilities?: (input: WordsInput<A, O>) => readonly string[];
}

/** What the gate binding reads before the command starts: options typed, arguments the words typed (a required one is there). */
export interface WordsInput<A extends readonly ArgSpec[], O extends readonly OptionSpec[]> {
  readonly args: { readonly [S in A[number] as S extends { readonly variadic: true } ? never : S["name"]]: S extends { readonly required: true } ? string : string | undefined };
  readonly rest: readonly string[];
  readonly options: OptionsOf<O>;
}

export interface Display {
  readonly color: boolean;
  readonly chalk: ChalkInstance;
  /** Aligned columns; on a terminal of known width a wide table is narrowed, `fit.giveWay` naming the columns cut first. */
  table(head: readonly string[], rows: readonly (readonly (string | number)[])[], fit?: TableFit): string[];
  /** The terminal's width in columns now; undefined when the output is not a terminal (tables are not fitted then). */
  readonly columns?: () => number | undefined;
}

export interface CommandSpec<R = unknown> {
  readonly path: readonly string[];
  readonly summary: string;
  /** Other spellings of the command's last word, typed by reflex in other tools (quit for exit; ps and ls for ctr list). */
  readonly aliases?: readonly string[];
  /** The help page (help/<page>.md) that documents it; the first word of the path by default. */
  readonly page?: string;
  /** Takes every word after the command as text, options included (echo). */
  readonly raw?: boolean;
  /** Asked before running in the interactive shell unless this flag is given (reset --yes). */
  readonly confirm?: { readonly question: string; readonly unlessFlag: string };
  /** The interactive shell clears the terminal after it (clear); a script prints nothing. */
  readonly clearsScreen?: boolean;
  /** Its output is a page (help): on a terminal, one taller than the screen goes through a pager. */
  readonly paged?: boolean;
  readonly args: readonly ArgSpec[];
  readonly options: readonly OptionSpec[];
  /** Options that exclude each other: "--thin and --thick exclude each other". */
  readonly exclusive?: readonly (readonly string[])[];
  readonly examples: readonly string[];
  /** Present for commands that act on the kernel: they pass the gate and are audited. */
  readonly gate?: GateBinding;
  run(context: RunContext, input: ParsedInput): R;
  display(result: R, display: Display): string[];
  /** The words to journal instead of the typed ones, when those would not replay the same (su --password). */
  journalWords?(words: readonly string[], input: ParsedInput): readonly string[];
  /** Bytes it read that replay cannot read again (vol write --file): journaled raw after its record, handed back as `replayPayload`. */
  journalPayload?(input: ParsedInput): Uint8Array | undefined;
  /** A reason the command failed although it ran to the end (its report still prints): exit 1. */
  failure?(result: R): string | undefined;
  /** One line for the audit message, from the result. */
  describe?(result: R): string;
  /**
   * Long-running (sleep 8h, cluster chaos): the same work as `run`, as a job in steps that the
   * session drives, yielding between them so Ctrl-C and SIGINT get through. `run` is then
   * `runJob(start(...))`, the way replay and `execute` run it.
   */
  start?(context: RunContext, input: ParsedInput): Job<R>;
}

/** A long command's work in steps. Stopping between steps leaves the kernel consistent. */
export interface Job<R> {
  /** Does the next step; returns false once no work is left. */
  step(): boolean;
  /** How far it got, for the progress line: "sleep: 2h10m of 8h simulated". */
  progress(): string;
  /** Ends the work (early when `stopped`: what must still run, like chaos healing, runs here) and returns the result. */
  finish(stopped: boolean): R;
  /** The words that replay exactly what ran, for the journal of a stopped job (sleep 2230s for a stopped sleep 8h). */
  ranWords(): readonly string[];
}

/** Runs a job to its end at once: how replay and the synchronous `execute` run a long command. */
export function runJob<R>(job: Job<R>): R {
  while (job.step());
  return job.finish(false);
}

/** Refuses an option only the journal may give (--password-hash would let a stolen hash stand in for the password). */
export function refuseReplayOnly(spec: CommandSpec, input: ParsedInput): void {
  const option = spec.options.find((o) => o.replayOnly === true && input.options[o.name] !== undefined);
  // each is the stored form of a typed option: --password-hash of --password, --file-hex of --file (as older journals kept it)
  if (option !== undefined) fail("EPERM", `${spec.path.join(" ")}: --${option.name} is only read back from the journal, never typed`, `give --${option.name.slice(0, option.name.lastIndexOf("-"))}`);
}

/**
 * A command as its file declares it: `run` and `start` take the typed input of its arguments and
 * options; `declare.ts` turns it into the CommandSpec the registry holds.
 */
export interface CommandDecl<R, A extends readonly ArgSpec[], O extends readonly OptionSpec[]> extends Omit<CommandSpec<R>, "args" | "options" | "gate" | "run" | "start" | "journalWords" | "journalPayload"> {
  readonly args: A;
  readonly options: O;
  readonly gate?: GateDecl<A, O>;
  run(context: RunContext, input: Input<A, O>): R;
  start?(context: RunContext, input: Input<A, O>): Job<R>;
  /** As CommandSpec's, with the typed input `run` saw (or the parsed one, when the command stopped before it). */
  journalWords?(words: readonly string[], input: Input<A, O> | ParsedInput): readonly string[];
  /** As CommandSpec's, with the typed input `run` saw (or the parsed one, when the command stopped before it). */
  journalPayload?(input: Input<A, O> | ParsedInput): Uint8Array | undefined;
}

/** The typed options of an option list declared apart from its command (shared by helpers). */
export type OptionsOf<O extends readonly OptionSpec[]> = Input<readonly [], O>["options"];

/** What every form of a command's input holds alike: the options, typed as the line was parsed. */
export interface InputOptions {
  readonly options: Readonly<Record<string, OptionValue | undefined>>;
}

export { command } from "./declare.js";

export { optionFlag, usageOf } from "./usage.js";
