// The `kshell` binary's own options and arguments. Every start reads them, so the common case — a
// well-formed command line — is read with node's util.parseArgs, which costs nothing to load.
// Help and usage errors are commander's (the package the design names for them), imported only
// when a command line asks for help or is wrong: commander, with the child_process it requires,
// was ~8 ms of CPU, a seventh of `node -e 0`, on every piped run.

import { parseArgs } from "node:util";

export interface GlobalOptions {
  readonly seed: string;
  readonly state?: string;
  readonly json?: boolean;
  readonly keepGoing?: boolean;
  readonly color: boolean;
  readonly command?: string;
  readonly echo?: boolean;
  readonly version?: boolean;
}

interface OptionSpec {
  readonly long: string;
  readonly short?: string;
  readonly value?: string; // the placeholder of the value it takes; none for a flag
  readonly key: keyof GlobalOptions | "help";
  readonly description: string;
}

/** kshell's options, declared once: both readers are built from this table. */
const OPTIONS: readonly OptionSpec[] = [
  { long: "seed", value: "n", key: "seed", description: "seed for the kernel's random numbers" },
  { long: "state", value: "dir", key: "state", description: "persist the kernel in this directory (interactive runs default to $KSHELL_HOME or the XDG data dir)" },
  { long: "json", key: "json", description: "print every result as JSON" },
  { long: "keep-going", key: "keepGoing", description: "in scripts, run on after a failing command (exit 1 at the end)" },
  { long: "no-color", key: "color", description: "never colour output (NO_COLOR is honoured too)" },
  { long: "echo", key: "echo", description: "in scripts, print each command line before its output" },
  { long: "command", short: "c", value: "commands", key: "command", description: "run these commands (separated by ; or newlines) and exit" },
  { long: "version", short: "V", key: "version", description: "print kshell's version and exit" },
  { long: "help", short: "h", key: "help", description: "display help for command" },
];

const DEFAULTS = { seed: "1", color: true } as const;
const ARGUMENT_COUNT = 2; // [run <file>]

/** A well-formed run's options and arguments; anything else (help, a wrong option) is commander's to answer. */
export type CommandLine = { readonly kind: "run"; readonly options: GlobalOptions; readonly args: readonly string[] } | { readonly kind: "commander" };

const COMMANDER: CommandLine = { kind: "commander" };

/** `argv` without node and the script (process.argv.slice(2)). */
export function readCommandLine(argv: readonly string[]): CommandLine {
  const config = Object.fromEntries(OPTIONS.map((spec) => [spec.long, { type: spec.value === undefined ? "boolean" : "string", ...(spec.short === undefined ? {} : { short: spec.short }) }] as const));
  let tokens;
  try {
    tokens = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true }).tokens;
  } catch {
    return COMMANDER;
  }
  const options: Record<string, string | boolean> = { ...DEFAULTS };
  const args: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") args.push(token.value);
    if (token.kind !== "option") continue;
    const spec = OPTIONS.find((candidate) => candidate.long === token.name);
    const wellFormed = spec !== undefined && spec.key !== "help" && (spec.value === undefined ? token.inlineValue !== true : token.value !== undefined);
    if (!wellFormed) return COMMANDER;
    options[spec.key] = spec.value === undefined ? spec.key !== "color" : token.value!;
  }
  return args.length > ARGUMENT_COUNT ? COMMANDER : { kind: "run", options: options as unknown as GlobalOptions, args };
}

/**
 * Answers a command line readCommandLine passed on, as commander does: the help (exit 0) or one
 * error line with its suggestion (exit `usageError`). Writes to stdout/stderr.
 */
export async function answerWithCommander(argv: readonly string[], usageError: number): Promise<number> {
  const { Command, CommanderError } = await import("commander");
  const program = new Command()
    .name("kshell")
    .description("a kernel-style infrastructure simulator (interactive on a terminal; reads commands from a pipe or file otherwise)")
    .usage("[options] [run <file>]")
    .argument("[run]", "run a script file: kshell run file.ksh")
    .argument("[file]", "the script to run")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const spec of OPTIONS.filter((o) => o.key !== "help")) {
    const flags = `${spec.short === undefined ? "" : `-${spec.short}, `}--${spec.long}${spec.value === undefined ? "" : ` <${spec.value}>`}`;
    program.option(flags, spec.description, spec.key === "seed" ? DEFAULTS.seed : undefined);
  }
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : usageError;
    throw error;
  }
  return usageError; // readCommandLine found a problem commander did not: say what it was
}
