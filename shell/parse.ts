// Turns the words of one command into a declaration and its parsed input. Parsing is apart from
// running: a table of [line, expected input | error] tests it (test/shell/parse.test.ts). Option
// values are converted here by their kind (arg-kinds.ts); arguments are bound as typed words and
// converted, with the option rules, as the command starts (input.ts).
// Options: --name value, --name=value, --flag; `--` ends options. Every command also takes
// --json and --help.

import { fail } from "../src/errors.js";
import { parseValue } from "./arg-kinds.js";
import type { ArgSpec, CommandSpec, OptionValue, ParsedInput } from "./command.js";
import { didYouMean } from "./did-you-mean.js";
import { optionFlag, usageOf } from "./usage.js";
import type { Registry } from "./registry.js";

export interface ParsedCommand {
  readonly spec: CommandSpec;
  readonly input: ParsedInput;
  readonly json: boolean;
  readonly help: boolean;
}

export function parseCommand(registry: Registry, words: readonly string[]): ParsedCommand {
  const spec = registry.match(words);
  const rest = words.slice(spec.path.length);
  if (spec.raw) return { spec, input: { args: {}, rest, options: {} }, json: false, help: false };
  const options: Record<string, OptionValue> = {};
  const positional: string[] = [];
  let json = false;
  let help = false;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (word === "--") {
      positional.push(...rest.slice(i + 1));
      break;
    }
    if (word === "--help" || word === "-h") help = true;
    else if (word === "--json") json = true;
    else if ((word.startsWith("--") && word.length > 2) || isShortOption(spec, word)) {
      const eq = word.indexOf("=");
      const typed = word.slice(word.startsWith("--") ? 2 : 1, eq < 0 ? undefined : eq);
      const option = spec.options.find((candidate) => candidate.name === typed || candidate.aliases?.includes(typed) === true);
      if (option === undefined) fail("EINVAL", `${spec.path.join(" ")}: unknown option --${typed}`, optionHint(spec, typed));
      const name = option.name;
      if (option.kind === "flag") {
        if (eq >= 0) fail("EINVAL", `${spec.path.join(" ")}: --${name} takes no value`);
        options[name] = true;
        continue;
      }
      const value = eq >= 0 ? word.slice(eq + 1) : rest[++i];
      if (value === undefined) fail("EINVAL", `${spec.path.join(" ")}: --${name} needs a value`);
      options[name] = parseValue(option, value, option.label ?? `--${name}`);
    } else positional.push(word);
  }
  if (help) return { spec, input: { args: {}, rest: [], options }, json, help };
  return { spec, input: { args: bindArguments(spec, positional, options), rest: variadicRest(spec, positional), options }, json, help };
}

/** `-c 3`: a one-letter option may take one dash, as ping's (only one the command declares). */
function isShortOption(spec: CommandSpec, word: string): boolean {
  return word.length === 2 && /^-[a-zA-Z]$/.test(word) && spec.options.some((option) => option.name === word.slice(1));
}

/** A command's arguments split once into the fixed ones, in order, and the variadic one (every line asks). */
interface ArgumentShape {
  readonly fixed: readonly ArgSpec[];
  readonly variadic: ArgSpec | undefined;
}

const shapes = new WeakMap<CommandSpec, ArgumentShape>(); // one per declared command, made at its first line

function shapeOf(spec: CommandSpec): ArgumentShape {
  let shape = shapes.get(spec);
  if (shape === undefined) shapes.set(spec, (shape = { fixed: spec.args.filter((arg) => !arg.variadic), variadic: spec.args.find((arg) => arg.variadic) }));
  return shape;
}

function bindArguments(spec: CommandSpec, positional: readonly string[], options: Readonly<Record<string, OptionValue>>): Record<string, string | undefined> {
  const args: Record<string, string | undefined> = {};
  const { fixed, variadic } = shapeOf(spec);
  fixed.forEach((arg, index) => {
    args[arg.name] = positional[index];
    const given = positional[index] !== undefined;
    if (arg.orFlag !== undefined && given === (options[arg.orFlag] === true)) {
      fail("EINVAL", `${spec.path.join(" ")}: ${given ? `give <${arg.name}> or --${arg.orFlag}, not both` : `missing <${arg.name}> (or --${arg.orFlag})`}`, `usage: ${usageOf(spec, true)}`);
    }
    if (arg.required && !given) {
      fail("EINVAL", `${spec.path.join(" ")}: missing <${arg.name}>`, `usage: ${usageOf(spec, true)}`);
    }
  });
  if (variadic === undefined && positional.length > fixed.length) {
    fail("EINVAL", `${spec.path.join(" ")}: unexpected argument '${positional[fixed.length]}'`, `usage: ${usageOf(spec, true)}`);
  }
  if (variadic?.required && positional.length <= fixed.length) {
    fail("EINVAL", `${spec.path.join(" ")}: missing <${variadic.name}>`, `usage: ${usageOf(spec, true)}`);
  }
  return args;
}

function variadicRest(spec: CommandSpec, positional: readonly string[]): string[] {
  const { fixed, variadic } = shapeOf(spec);
  return variadic !== undefined ? positional.slice(fixed.length) : [];
}

function optionHint(spec: CommandSpec, typed: string): string {
  const typable = spec.options.filter((option) => option.replayOnly !== true).flatMap((option) => [option.name, ...(option.aliases ?? [])]);
  const suggestion = didYouMean(typed, [...typable, "json", "help"], "--");
  if (suggestion !== undefined) return suggestion;
  const names = spec.options.map(optionFlag);
  return names.length === 0 ? "this command takes only --json and --help" : `options: ${names.join(" ")}`;
}

