// A group of verbs (vol, sec, cluster, ...), declared once at shell/commands/<group>/index.ts: what
// it is for, in one line of the help index, and its place there. scripts/gen-commands.mjs lists
// the declarations in shell/commands/groups.gen.ts. Its page is help/<group>.md.

export interface GroupSpec {
  readonly name: string;
  readonly summary: string;
  /** Its place in the help index, smallest first. */
  readonly order: number;
}

/** Declares a group (the marker the generated index looks for). */
export function group(declaration: GroupSpec): GroupSpec {
  return declaration;
}
