// Tab completion from the command declarations: top-level words, verbs, options, help topics,
// live views and files here, and live object names (volumes, users, filter ids, ...) from the
// completion providers each subsystem declares, chosen by each argument's kind (arg-kinds.ts).
// Snapshots come from their volume: `vol read db@<Tab>`, `vol snap delete db <Tab>`. Options that
// take a host path (--file, --out, -f) complete files, as save and load's arguments do.
// Returns where the word being completed starts and the candidates for it; completedLine applies
// them to a line being edited (the prompt's, or the live view's `:` line).

import { readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Kernel } from "../src/kernel.js";
import { isObjectKind, type ValueKind } from "./arg-kinds.js";
import type { OptionSpec } from "./command.js";
import { LIVE_GROUPS } from "./display/live.js";
import { GROUP_SUMMARIES } from "./groups.js";
import type { LineState } from "./line-editor.js";
import type { Registry } from "./registry.js";

export interface Completions {
  readonly start: number;
  readonly candidates: readonly string[];
}

/** Options named so take a host file's path whatever their kind: vol write --file, vol read --out, pod apply -f. */
const FILE_OPTION_NAMES: readonly string[] = ["file", "out", "f"];

function takesPath(option: OptionSpec): boolean {
  return option.kind === "file" || option.placeholder === "path" || FILE_OPTION_NAMES.includes(option.name);
}

export function complete(line: string, registry: Registry, view: Kernel["view"]): Completions {
  const start = line.search(/\S*$/);
  const partial = line.slice(start);
  const words = line.slice(0, start).trim().split(/\s+/).filter((word) => word !== "");
  const last = words.at(-1);
  const matching = (candidates: readonly string[]) => ({ start, candidates: candidates.filter((c) => c.startsWith(partial)).sort() });

  const pathLength = commandPathLength(words, registry);
  const verbs = registry.verbsAfter(words);
  if (verbs.length > 0 && (pathLength === 0 || pathLength === words.length)) return matching(verbs);
  if (pathLength === 0) return { start, candidates: [] };
  const spec = registry.match(words.slice(0, pathLength));
  if (partial.startsWith("-")) return matching([...spec.options.filter((o) => o.replayOnly !== true).map((o) => (o.name.length === 1 ? `-${o.name}` : `--${o.name}`)), "--json", "--help"]);
  const option = spec.options.find((o) => names(o, last));
  if (option !== undefined && option.kind !== "flag" && takesPath(option)) return fileCandidates(partial, start);
  if (option?.choices !== undefined) return matching(option.choices);
  if (option?.suggestions !== undefined) return matching(option.suggestions);
  if (option !== undefined && option.kind !== "flag" && isObjectKind(option.kind)) return argumentCandidates(option.kind, partial, start, registry, view);
  const positional = words.slice(pathLength).filter((word, i, all) => !word.startsWith("-") && !isOptionValue(all, i, spec.options));
  const argIndex = Math.min(positional.length, spec.args.length - 1);
  const arg = spec.args[argIndex];
  if (arg?.suggestions !== undefined && positional.length === argIndex) return matching(arg.suggestions); // a variadic's first word only
  if (arg?.kind === "snapshot") return matching(snapshotsOf(view, positional[argIndex - 1] ?? "")); // vol snap delete <volume> <snapshot>
  if (arg?.kind === "volume" && partial.includes("@")) return matching(snapshotsOf(view, partial.slice(0, partial.indexOf("@"))).map((name) => `${partial.slice(0, partial.indexOf("@"))}@${name}`));
  return arg?.kind === undefined ? { start, candidates: [] } : argumentCandidates(arg.kind, partial, start, registry, view);
}

/** The snapshots of `volume`; none for a volume that does not exist. */
function snapshotsOf(view: Kernel["view"], volume: string): readonly string[] {
  return view.storage.names().includes(volume) ? view.storage.snapshotNames(volume) : [];
}

/** How many of `words` name a command (0 if they name none). */
function commandPathLength(words: readonly string[], registry: Registry): number {
  for (let length = Math.min(words.length, 3); length > 0; length--) {
    const path = words.slice(0, length).join(" ");
    if (registry.named(path) !== undefined) return length;
  }
  return 0;
}

/** Whether `word` is `option` as typed: --name, or -x for a one-letter option (parse.ts takes both). */
function names(option: { name: string; aliases?: readonly string[] }, word: string | undefined): boolean {
  return word === `--${option.name}` || (option.name.length === 1 && word === `-${option.name}`) || option.aliases?.some((alias) => word === `--${alias}`) === true;
}

function isOptionValue(words: readonly string[], index: number, options: readonly { name: string; kind: string }[]): boolean {
  const previous = words[index - 1];
  return previous !== undefined && options.some((o) => names(o, previous) && o.kind !== "flag");
}

/** Candidates for an argument of `kind`: live object names from the kernel's view, files, topics; none for other kinds. */
function argumentCandidates(kind: ValueKind, partial: string, start: number, registry: Registry, view: Kernel["view"]): Completions {
  const matching = (candidates: readonly string[]) => ({ start, candidates: candidates.filter((c) => c.startsWith(partial)).sort() });
  switch (kind) {
    case "topic":
      return matching([...Object.keys(GROUP_SUMMARIES), "kernel", "shell", ...registry.commands.filter((s) => s.path.length === 1).map((s) => s.path[0]!)]);
    case "command":
      return matching(registry.verbsAfter([]));
    case "view":
      return matching(LIVE_GROUPS);
    case "file":
      return fileCandidates(partial, start);
    case "action":
      return matching(registry.commands.flatMap((spec) => (spec.gate === undefined ? [] : [spec.gate.action])));
    default:
      return matching(view.complete(kind) ?? []); // object names: each subsystem's completion providers
  }
}

function fileCandidates(partial: string, start: number): Completions {
  const dir = partial.endsWith("/") ? partial : dirname(partial);
  const prefix = partial.endsWith("/") ? "" : basename(partial);
  try {
    const names = readdirSync(dir === "" ? "." : dir).filter((name) => name.startsWith(prefix) && (prefix.startsWith(".") || !name.startsWith("."))); // dotfiles only when asked for, as bash does
    const base = partial.endsWith("/") || dir !== "." || partial.startsWith("./") ? (partial.endsWith("/") ? partial : `${dir}/`) : "";
    return { start, candidates: names.map((name) => base + name + (statSync(join(dir, name)).isDirectory() ? "/" : "")).sort() };
  } catch {
    return { start, candidates: [] };
  }
}

/** The longest prefix every candidate shares. */
export function commonPrefix(candidates: readonly string[]): string {
  if (candidates.length === 0) return "";
  let prefix = candidates[0]!;
  for (const candidate of candidates) while (!candidate.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Tab on `line` (the prompt's, or the live view's `:` line): the word before the cursor completed, or as far as its candidates agree, and the candidates to show when several remain. */
export function completedLine(line: LineState, session: { readonly registry: Registry; readonly kernel: { readonly view: Kernel["view"] } }): { readonly line: LineState; readonly hint: readonly string[] } {
  const before = line.text.slice(0, line.cursor);
  const { start, candidates } = complete(before, session.registry, session.kernel.view);
  if (candidates.length === 0) return { line, hint: [] };
  const replacement = candidates.length === 1 ? `${candidates[0]}${candidates[0]!.endsWith("/") ? "" : " "}` : commonPrefix(candidates);
  const text = before.slice(0, start) + replacement + line.text.slice(line.cursor);
  return { line: { ...line, text, cursor: start + replacement.length }, hint: candidates.length > 1 ? candidates : [] };
}
