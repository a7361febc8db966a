// A command's usage line, as `help` and the parser's errors print it: its words, its arguments,
// then its options; a required option is written bare (`pod apply -f <file.yaml>`), an optional
// one in brackets. The short form, for an error's hint, leaves out the optional options.

import type { CommandSpec, OptionSpec } from "./command.js";

/** How an option is typed: -f for a one-letter name (kubectl's, ping's -c), --name otherwise. */
export function optionFlag(option: Pick<OptionSpec, "name">): string {
  return `${option.name.length === 1 ? "-" : "--"}${option.name}`;
}

/** `node add <name> --cpu <cores> --mem <size> [--label <k=v[,k=v]>] [--sdc <client>]`. */
export function usageOf(spec: CommandSpec, onlyRequired = false): string {
  const args = spec.args.map((arg) => {
    const name = `<${arg.name}>${arg.variadic ? "..." : ""}`;
    if (arg.orFlag !== undefined) return `${name}|--${arg.orFlag}`;
    return arg.required ? name : `[${name}]`;
  });
  const orFlags = spec.args.map((arg) => arg.orFlag);
  const shown = spec.options.filter((option) => option.replayOnly !== true && !orFlags.includes(option.name) && (!onlyRequired || option.required === true));
  const options = shown.map((option) => {
    if (option.kind === "flag") return `[${optionFlag(option)}]`;
    const placeholder = option.choices !== undefined ? option.choices.join("|") : (option.placeholder ?? option.kind);
    const typed = `${optionFlag(option)} <${placeholder}>`;
    return option.required === true ? typed : `[${typed}]`;
  });
  return [...spec.path, ...args, ...options].join(" ");
}
