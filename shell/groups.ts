// The groups of verbs and the help page each command is documented on: what the help index, the
// help pages and completion share, apart from the registry so that no command file (help reads
// these) imports the registry that imports it.

import type { CommandSpec } from "./command.js";
import { GROUPS } from "./commands/groups.gen.js";

/** Groups of verbs (each declared at shell/commands/<group>/index.ts) and what each is for, in help index order; one-word commands are documented on the kernel and shell pages. */
export const GROUP_SUMMARIES: Readonly<Record<string, string>> = Object.fromEntries([...GROUPS].sort((a, b) => a.order - b.order).map((g) => [g.name, g.summary]));

export function pageOf(spec: Pick<CommandSpec, "page" | "path">): string {
  return spec.page ?? spec.path[0]!;
}
