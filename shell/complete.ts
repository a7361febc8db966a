// Tab completion from the command declarations: top-level words, verbs, options, help topics,
// live views and files here, and live object names (volumes, users, filter ids, ...) from the
// completion providers each subsystem declares, chosen by each argument's kind (arg-kinds.ts).
// Returns where the word being completed starts and the candidates for it.

import { readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Kernel } from "../src/kernel.js";
import { isObjectKind, type ValueKind } from "./arg-kinds.js";
import { LIVE_GROUPS } from "./display/live.js";
import { GROUP_SUMMARIES } from "./groups.js";
import type { Registry } from "./registry.js";

export interface Completions {
  readonly start: number;
  readonly candidates: readonly string[];
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
  if (partial.startsWith("-")) return matching([...spec.options.filter((o) => o.replayOnly !== true).map((o) => optionWord(o.name)), "--json", "--help"]);
  const option = spec.options.find((o) => optionWord(o.name) === last);
  if (option?.choices !== undefined) return matching(option.choices);
  if (option?.suggestions !== undefined) return matching(option.suggestions);
  if (option !== undefined && option.kind !== "flag" && (isObjectKind(option.kind) || option.kind === "file")) return argumentCandidates(option.kind, partial, start, registry, view);
  const positional = words.slice(pathLength).filter((word, i, all) => !word.startsWith("--") && !isOptionValue(all, i, spec.options));
  const argIndex = Math.min(positional.length, spec.args.length - 1);
  const arg = spec.args[argIndex];
  if (arg?.suggestions !== undefined && positional.length === argIndex) return matching(arg.suggestions); // a variadic's first word only
  return arg?.kind === undefined ? { start, candidates: [] } : argumentCandidates(arg.kind, partial, start, registry, view);
}

/** How many of `words` name a command (0 if they name none). */
function commandPathLength(words: readonly string[], registry: Registry): number {
  for (let length = Math.min(words.length, 3); length > 0; length--) {
    const path = words.slice(0, length).join(" ");
    if (registry.commands.some((spec) => spec.path.join(" ") === path || (length === 1 && spec.aliases?.includes(path)))) return length;
  }
  return 0;
}

function isOptionValue(words: readonly string[], index: number, options: readonly { name: string; kind: string }[]): boolean {
  const previous = words[index - 1];
  return previous !== undefined && options.some((o) => optionWord(o.name) === previous && o.kind !== "flag");
}

/** How an option is typed: -f for a one-letter one (pod apply -f, ping -c), --name for the others. */
function optionWord(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
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
    const names = readdirSync(dir === "" ? "." : dir).filter((name) => name.startsWith(prefix));
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
