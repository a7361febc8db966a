// From the input the parser hands over to the typed input a command's `run` receives: the option
// rules (required, exclusive, requires) and each argument converted by its kind. This runs as the
// command starts — inside the gate for a gated command, where the checks `run` bodies made before
// ran — so a malformed argument is refused, audited and journaled exactly as it always was.
// Option values themselves are converted earlier, while the line is parsed (parse.ts).

import { fail } from "../src/errors.js";
import { parseValue } from "./arg-kinds.js";
import type { CommandSpec, OptionSpec, ParsedInput } from "./command.js";
import { optionFlag } from "./usage.js";

/** The typed input for `raw`, made once per parsed input (so journalWords sees the one `run` saw). */
export function typedInput(spec: CommandSpec, raw: ParsedInput): TypedInput {
  if (raw === made.raw) return made.typed!;
  checkOptionRules(spec, raw.options);
  const typed = { args: typedArgs(spec, raw.args), rest: raw.rest, options: raw.options };
  made = { raw, typed };
  return typed;
}

/** The typed input made for `raw`, if the command got that far. */
export function typedInputOf(raw: ParsedInput): TypedInput | undefined {
  return raw === made.raw ? made.typed : undefined;
}

/** The parsed input with each argument converted by its kind (numbers for sizes, counts, ...). */
export interface TypedInput extends Omit<ParsedInput, "args"> {
  readonly args: Readonly<Record<string, string | number | undefined>>;
}

// The last typed input made, and the parsed input it was made for: a command's `run` makes it and
// its journal record reads it right after, one command at a time. One slot, not a WeakMap keyed by
// every parsed input: an entry per command cost ~1 µs of garbage collection (issue 17). Should
// another input come between, the next call makes the same values again.
let made: { readonly raw: ParsedInput | undefined; readonly typed: TypedInput | undefined } = { raw: undefined, typed: undefined };

function typedArgs(spec: CommandSpec, args: ParsedInput["args"]): Record<string, string | number | undefined> {
  const typed: Record<string, string | number | undefined> = {};
  for (const arg of spec.args) {
    if (arg.variadic) continue;
    const text = args[arg.name];
    typed[arg.name] = text === undefined ? undefined : parseValue(arg, String(text), arg.label ?? arg.name);
  }
  return typed;
}

/** Required options (named together), options that exclude each other, options that need another. */
// Every command runs these checks: the messages are built only when one fails.
export function checkOptionRules(spec: Pick<CommandSpec, "path" | "options" | "exclusive">, options: ParsedInput["options"]): void {
  for (const option of spec.options) {
    if (option.required === true && options[option.name] === undefined) failRequired(spec);
  }
  for (const group of spec.exclusive ?? []) {
    const given = group.filter((name) => options[name] !== undefined && options[name] !== false);
    if (given.length > 1) fail("EINVAL", `${spec.path.join(" ")}: ${given.map((name) => `--${name}`).join(" and ")} exclude each other`);
  }
  for (const option of spec.options) {
    const needs = option.requires;
    if (needs === undefined || options[option.name] === undefined) continue;
    const other = options[needs.option];
    if (other === undefined || (needs.value !== undefined && other !== needs.value)) {
      fail("EINVAL", `${spec.path.join(" ")}: ${needs.message ?? `--${option.name} requires --${needs.option}${needs.value === undefined ? "" : ` ${needs.value}`}`}`);
    }
  }
}

/** One missing required option names them all (in declaration order). */
function failRequired(spec: Pick<CommandSpec, "path" | "options">): never {
  const required = spec.options.filter((option) => option.required === true);
  return fail("EINVAL", `${spec.path.join(" ")}: ${required.map(optionFlag).join(" and ")} ${required.length > 1 ? "are" : "is"} required`, requiredHint(required));
}

/** "e.g. --pool pd1/sp1 --capacity 1G" from the examples, or a choice's words. */
function requiredHint(required: readonly OptionSpec[]): string | undefined {
  if (required.length === 1 && required[0]!.choices !== undefined) return `choose one of: ${required[0]!.choices.join(", ")}`;
  const examples = required.filter((option) => option.example !== undefined).map((option) => `${optionFlag(option)} ${option.example}`);
  return examples.length === 0 ? undefined : `e.g. ${examples.join(" ")}`;
}
