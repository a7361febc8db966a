// The shape of a live pane, declared once at shell/panes/<group>.ts: the group `watch <group>`
// names, where it sits in `top`, the command whose permission it mirrors (a viewer sees a pane
// only if that command would be allowed), and how it draws its sections from the kernel's
// read-only view. scripts/gen-commands.mjs lists the files in index.gen.ts; display/live.ts
// draws them. A new subsystem's pane is one more file here.

import type { Operation } from "../../src/gate.js";
import type { Kernel } from "../../src/kernel.js";
import type { Display } from "../command.js";

export interface LiveSection {
  readonly title: string;
  readonly lines: readonly string[];
  /** The pane drawing it and the command showing it whole: a small terminal shows each pane as one box. */
  readonly pane?: { readonly title: string; readonly command: string };
  /** Lines cut from a box too short to say so on a last line (its title says "N more"), those above its window included. */
  readonly more?: number;
  /** Of those, the rows above its window, when the user scrolled it (its title says "↑3"). */
  readonly above?: number;
  /** Its first lines that stay when the rest scroll or are filtered: a table's header, a summary. */
  readonly head?: number;
  /** The typed filter and how many rows matched it (the title says so); set by a pane that filters its own rows. */
  readonly filter?: { readonly text: string; readonly shown: number; readonly of: number };
  /** Every row shown before other boxes share the rest, when the terminal has room for them and a line for each other pane (top's subsystems: every subsystem a line). */
  readonly whole?: boolean;
  /** A whole section's rows packed into fewer lines, shown in their place when they do not fit. */
  readonly brief?: readonly string[];
  /** Newest last (a tail): a cut box shows its end until the user scrolls, as tail -f does. */
  readonly follow?: boolean;
  /** Where its box is scrolled and how far it may go (set when fitted to the terminal). */
  readonly scroll?: { readonly offset: number; readonly maxOffset: number; readonly page: number };
}

/** The header line a table from Display.table starts with: it stays in place when the rows scroll. */
export const TABLE_HEAD = 1;

/** A pane's borders and padding beside its lines: its tables fit the terminal less these. */
export const PANE_SIDE_COLUMNS = 4;

export interface PaneOptions {
  /** `watch <group>` of this pane alone (it may show more than in `top`). */
  readonly alone: boolean;
  /** How many audit entries a tail shows. */
  readonly tailLines: number;
  /** The terminal's width in columns, 0 when unbounded (a script's frame): a pane may lay out narrower. */
  readonly columns?: number;
  /** The column a sortable pane sorts by (one of its sortKeys) and whether against its natural order. */
  readonly sort?: { readonly key: string; readonly reversed: boolean };
  /** Text this pane's rows must contain (the live view's `/`); a pane may apply it itself (and say so in `LiveSection.filter`). */
  readonly filter?: string;
  /** Who is su'd to whom, outermost first, the viewer last (absent: not known, as in a test of a pane alone). */
  readonly suChain?: () => readonly string[];
  /** Whether the viewer may read an object's own figures, as the gate would decide `operation`: a pane leaves out the rest (absent: all). */
  readonly mayRead?: (operation: Operation) => boolean;
}

export interface Pane {
  readonly group: string;
  /** Its title, shown in place of its sections when the viewer may not see it. */
  readonly title: string;
  /** Its place in `top`, smallest first. */
  readonly order: number;
  /** Whether `watch <group>` shows it alone. */
  readonly watchable: boolean;
  /** The command (words, taking no argument) whose permission the pane mirrors. */
  readonly mirrors: readonly string[];
  /** Further commands whose figures it shows (the security pane reads the audit trail): each must be allowed too. */
  readonly alsoMirrors?: readonly (readonly string[])[];
  /** The columns the live view's `s` cycles through (first: the default); absent: not sortable. */
  readonly sortKeys?: readonly string[];
  sections(view: Kernel["view"], display: Display, options: PaneOptions): LiveSection[];
  /** The figures it draws, as the kernel keeps them (numbers as numbers), for `top --json` and `watch <group> --json`. */
  data(view: Kernel["view"], options: PaneOptions): unknown;
}

/** Declares a pane (the marker the generated index looks for). */
export function pane(declaration: Pane): Pane {
  return declaration;
}
