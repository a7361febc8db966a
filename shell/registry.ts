// The one table of commands, from the generated index of shell/commands/ (a file's path is its
// command's words; scripts/gen-commands.mjs writes the index). Adding a command: write
// shell/commands/<group>/<verb>.ts (a one-word command at shell/commands/<word>.ts) and document it in help/<group>.md (test/tidy.test.ts checks both).

import { fail } from "../src/errors.js";
import type { CommandSpec } from "./command.js";
import { didYouMean, didYouMeanLine } from "./did-you-mean.js";
import { COMMANDS } from "./commands/index.gen.js";
import { pageOf } from "./groups.js";

export { COMMANDS };
export { GROUP_SUMMARIES, pageOf } from "./groups.js";

export class Registry {
  private readonly byPath = new Map<string, CommandSpec>();
  private readonly aliasPaths = new Set<string>(); // other spellings of a verb (ctr ps): matched, not offered after a group
  private readonly byAction = new Map<string, CommandSpec>(); // the first command gating each action (sec why asks on every call)

  constructor(readonly commands: readonly CommandSpec[] = COMMANDS) {
    for (const spec of commands) {
      const aliases = (spec.aliases ?? []).map((alias) => [...spec.path.slice(0, -1), alias].join(" "));
      for (const key of [spec.path.join(" "), ...aliases]) {
        if (this.byPath.has(key)) throw new Error(`command '${key}' is declared twice`);
        this.byPath.set(key, spec);
      }
      for (const alias of aliases) this.aliasPaths.add(alias);
      if (spec.gate !== undefined && !this.byAction.has(spec.gate.action)) this.byAction.set(spec.gate.action, spec);
    }
  }

  /** The command whose gate decides `action` (the first declared, if several share it). */
  gating(action: string): CommandSpec | undefined {
    return this.byAction.get(action);
  }

  /** Every action a command's gate decides. */
  gatedActions(): string[] {
    return [...this.byAction.keys()];
  }

  /** The command whose path is the longest prefix of `words`; a clear error otherwise. */
  match(words: readonly string[]): CommandSpec {
    // The paths of one, two and three words (the longest a command has), each built on the one before.
    const one = words[0];
    const two = words.length > 1 ? `${one} ${words[1]}` : undefined;
    const three = words.length > 2 ? `${two} ${words[2]}` : undefined;
    const found = (three === undefined ? undefined : this.byPath.get(three)) ?? (two === undefined ? undefined : this.byPath.get(two)) ?? (one === undefined ? undefined : this.byPath.get(one));
    if (found !== undefined) return found;
    const first = words[0] ?? "";
    let group = 0; // how many words name a group of verbs: "cluster sds" -> 2
    while (group < words.length && this.verbsAfter(words.slice(0, group + 1)).length > 0) group++;
    if (group > 0) {
      const prefix = words.slice(0, group).join(" ");
      const verbs = this.verbsAfter(words.slice(0, group));
      const given = words[group];
      const suggestion = given === undefined ? undefined : didYouMean(given, verbs, `${prefix} `);
      return fail("EINVAL", `${prefix}: expected ${given === undefined ? "a verb" : `a known verb, not '${given}'`}`, suggestion ?? `verbs: ${verbs.join(", ")}`);
    }
    return fail("EINVAL", `unknown command '${first}'`, didYouMeanLine(words, (prefix) => this.verbsAfter(prefix)) ?? "type `help` for the list of commands");
  }

  /** The command `path` names exactly ("ctr list", or an alias: "ctr ps", "quit"), if one. */
  named(path: string): CommandSpec | undefined {
    return this.byPath.get(path);
  }

  /** The words that may follow `prefix` (top-level words for an empty prefix; a group's verbs without their aliases). */
  verbsAfter(prefix: readonly string[]): string[] {
    const words = new Set<string>();
    for (const key of this.byPath.keys()) {
      if (prefix.length > 0 && this.aliasPaths.has(key)) continue;
      const path = key.split(" ");
      if (path.length > prefix.length && prefix.every((word, i) => path[i] === word)) words.add(path[prefix.length]!);
    }
    return [...words].sort();
  }

  /** Every command documented on help page `page`. */
  onPage(page: string): CommandSpec[] {
    return this.commands.filter((spec) => pageOf(spec) === page);
  }
}
