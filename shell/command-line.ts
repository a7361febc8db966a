// The `kshell` binary's own options and arguments, read with node's util.parseArgs. Every start
// reads them, so they cost nothing to load: commander (with the child_process it requires) was
// ~8 ms of CPU, a seventh of `node -e 0`, on every piped run. The help text and the error lines
// keep commander's wording, which scripts and people have seen.

import { parseArgs } from "node:util";

export interface GlobalOptions {
  readonly seed: string;
  readonly state?: string;
  readonly json?: boolean;
  readonly keepGoing?: boolean;
  readonly color: boolean;
  readonly command?: string;
  readonly echo?: boolean;
}

interface OptionSpec {
  readonly long: string;
  readonly short?: string;
  readonly value?: string; // the placeholder of the value it takes; none for a flag
  readonly key: keyof GlobalOptions | "help";
  readonly description: string;
}

const OPTIONS: readonly OptionSpec[] = [
  { long: "seed", value: "n", key: "seed", description: 'seed for the kernel\'s random numbers (default: "1")' },
  { long: "state", value: "dir", key: "state", description: "persist the kernel in this directory (interactive runs default to $KSHELL_HOME or the XDG data dir)" },
  { long: "json", key: "json", description: "print every result as JSON" },
  { long: "keep-going", key: "keepGoing", description: "in scripts, run on after a failing command (exit 1 at the end)" },
  { long: "no-color", key: "color", description: "never colour output (NO_COLOR is honoured too)" },
  { long: "echo", key: "echo", description: "in scripts, print each command line before its output" },
  { long: "command", short: "c", value: "commands", key: "command", description: "run these commands (separated by ; or newlines) and exit" },
  { long: "help", short: "h", key: "help", description: "display help for command" },
];

const ARGUMENTS = [
  { name: "run", description: "run a script file: kshell run file.ksh" },
  { name: "file", description: "the script to run" },
] as const;

const HELP_COLUMNS = 80; // commander's width when the output is not a terminal
const TERM_COLUMN = 28; // where descriptions start, as commander places them for these flags

/** What the command line asks for: a run with these options and arguments, the help, or a usage error (its line). */
export type CommandLine =
  | { readonly kind: "run"; readonly options: GlobalOptions; readonly args: readonly string[] }
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "error"; readonly line: string };

const flagsOf = (spec: OptionSpec) => `${spec.short === undefined ? "" : `-${spec.short}, `}--${spec.long}${spec.value === undefined ? "" : ` <${spec.value}>`}`;

/** `argv` without node and the script (process.argv.slice(2)). */
export function readCommandLine(argv: readonly string[]): CommandLine {
  const config = Object.fromEntries(OPTIONS.map((spec) => [spec.long, { type: spec.value === undefined ? "boolean" : "string", ...(spec.short === undefined ? {} : { short: spec.short }) }] as const));
  let tokens;
  try {
    tokens = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true }).tokens;
  } catch (error) {
    return { kind: "error", line: `error: ${(error as Error).message}` };
  }
  const options: Record<string, string | boolean> = { seed: "1", color: true };
  const args: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") args.push(token.value);
    if (token.kind !== "option") continue;
    const spec = OPTIONS.find((candidate) => candidate.long === token.name);
    if (spec === undefined) return { kind: "error", line: `error: unknown option '${token.rawName}'${suggestion(token.rawName)}` };
    if (spec.key === "help") return { kind: "help", text: helpText() };
    if (spec.value !== undefined && token.value === undefined) return { kind: "error", line: `error: option '${flagsOf(spec)}' argument missing` };
    if (spec.value === undefined && token.inlineValue === true) return { kind: "error", line: `error: option '${flagsOf(spec)}' does not take an argument` };
    options[spec.key] = spec.value === undefined ? spec.key !== "color" : token.value!;
  }
  if (args.length > ARGUMENTS.length) return { kind: "error", line: `error: too many arguments. Expected ${ARGUMENTS.length} arguments but got ${args.length}.` };
  return { kind: "run", options: options as unknown as GlobalOptions, args };
}

const CLOSE_FLAG_EDITS = 3; // as commander: flags at most 3 edits away that keep over 40 % of the longer word
const CLOSE_FLAG_SIMILARITY = 0.4;

/** Edit distance between two words (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}

/** "\n(Did you mean --no-color?)" for a typed flag close to known ones (the closest, ties all named); "" otherwise. */
function suggestion(typed: string): string {
  if (!typed.startsWith("--")) return "";
  const word = typed.slice(2);
  let closest: string[] = [];
  let fewest = CLOSE_FLAG_EDITS;
  for (const { long } of OPTIONS) {
    const edits = distance(word, long);
    const length = Math.max(word.length, long.length);
    if ((length - edits) / length <= CLOSE_FLAG_SIMILARITY || edits > fewest) continue;
    closest = edits < fewest ? [long] : [...closest, long];
    fewest = edits;
  }
  const flags = closest.sort().map((long) => `--${long}`);
  return flags.length === 0 ? "" : flags.length === 1 ? `\n(Did you mean ${flags[0]}?)` : `\n(Did you mean one of ${flags.join(", ")}?)`;
}

/** `text` in lines of at most `width` characters, broken between words. */
function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** A term and its description, the description wrapped under itself. */
function entry(term: string, description: string): string {
  const [first, ...rest] = wrapped(description, HELP_COLUMNS - TERM_COLUMN);
  return [`  ${term.padEnd(TERM_COLUMN - 2)}${first}`, ...rest.map((line) => `${" ".repeat(TERM_COLUMN)}${line}`)].join("\n");
}

function helpText(): string {
  return [
    "Usage: kshell [options] [run <file>]",
    "",
    ...wrapped("a kernel-style infrastructure simulator (interactive on a terminal; reads commands from a pipe or file otherwise)", HELP_COLUMNS),
    "",
    "Arguments:",
    ...ARGUMENTS.map((argument) => entry(argument.name, argument.description)),
    "",
    "Options:",
    ...OPTIONS.map((spec) => entry(flagsOf(spec), spec.description)),
    "",
  ].join("\n");
}
