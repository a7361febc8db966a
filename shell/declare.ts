// `command()`: from a command file's declaration to the CommandSpec the registry holds. It fills in
// what the declaration leaves out — the gate's action from the path words ("vol snap create" is
// vol.snap.create; a one-word command takes its help page's name: kernel.sleep, user.su) and the
// object from the argument that names an object (`vol/<volume>`) — and wraps `run` and `start` so
// they receive the typed input (input.ts) instead of the words.

import { OBJECT_PATHS, isObjectKind, objectPathOf, type ObjectKind } from "./arg-kinds.js";
import type { ArgSpec, CommandDecl, CommandSpec, GateBinding, GateDecl, OptionSpec, ParsedInput } from "./command.js";
import { typedInput, typedInputOf } from "./input.js";

/** Declares a command: argument and option types from its declaration, its result type from `run`. */
export function command<R, const A extends readonly ArgSpec[] = readonly [], const O extends readonly OptionSpec[] = readonly []>(decl: CommandDecl<R, A, O>): CommandSpec<R> {
  const { gate, run, start, journalWords, journalPayload, ...rest } = decl;
  const spec: CommandSpec<R> = {
    ...rest,
    gate: gate === undefined ? undefined : bindGate(decl, gate),
    run: (context, input) => run(context, typedInput(spec, input) as never),
    start: start === undefined ? undefined : (context, input) => start(context, typedInput(spec, input) as never),
    journalWords: journalWords === undefined ? undefined : (words, input) => journalWords(words, (typedInputOf(input) ?? input) as never),
    journalPayload: journalPayload === undefined ? undefined : (input) => journalPayload((typedInputOf(input) ?? input) as never),
  };
  return spec;
}

/** The action the gate sees for a command at `path`, documented on `page`. */
export function actionOf(path: readonly string[], page: string | undefined): string {
  return path.length === 1 ? `${page ?? path[0]}.${path[0]}` : path.join(".");
}

function bindGate<A extends readonly ArgSpec[], O extends readonly OptionSpec[]>(decl: Pick<CommandSpec, "path" | "page" | "args">, gate: GateDecl<A, O>): GateBinding {
  // the parser made the words: a required argument is there, options have their kinds' values
  const declared = gate as GateBinding;
  return { ...declared, action: gate.action ?? actionOf(decl.path, decl.page), object: declared.object ?? objectOf(decl) };
}

/**
 * The object the gate sees: `<kind's path>/<value>` of the first argument naming an object (the
 * kind's path alone when that argument is not given); else the collection the path names
 * (audit filter list: audit/filter), else the group (cluster, or the page of a one-word command).
 */
export function objectOf(decl: Pick<CommandSpec, "path" | "page" | "args">): (input: ParsedInput) => string {
  const pathOf = (arg: ArgSpec) => {
    const kind = objectKindOf(arg);
    return kind === undefined ? undefined : objectPathOf(kind);
  };
  const named = decl.args.find((arg) => !arg.variadic && pathOf(arg) !== undefined);
  if (named !== undefined) {
    const prefix = pathOf(named)!;
    return (input) => {
      const value = input.args[named.name];
      return value === undefined ? prefix : prefix === "" ? String(value) : `${prefix}/${value}`;
    };
  }
  const collection = decl.path.slice(0, -1).join("/");
  const root = collection !== "" && OBJECT_PATHS.includes(collection) ? collection : decl.path.length === 1 ? (decl.page ?? decl.path[0]!) : decl.path[0]!;
  return () => root;
}

function objectKindOf(arg: ArgSpec): ObjectKind | undefined {
  return arg.of ?? (isObjectKind(arg.kind) ? arg.kind : undefined);
}
