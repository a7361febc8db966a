// The live view's footer: its keys, most needed first, as many as the terminal's width holds
// (htop's and k9s's key bars say less on a narrow terminal rather than cut a hint in half). The
// way out comes first, then `:` (the command line, otherwise never discovered), `/`, Tab, the
// scroll keys, a sortable pane's s and r, space.

const HINT_SEPARATOR = " · ";

export interface FooterState {
  /** The shown panes include a sortable one (s and r do something). */
  readonly sortable: boolean;
  /** A kept filter narrows some pane: the first Esc clears it rather than leaving. */
  readonly filtered: boolean;
}

/** The hints, most needed first. */
function hintsOf({ sortable, filtered }: FooterState): string[] {
  return [
    filtered ? "Esc clears filter · q/Ctrl-C leave" : "q/Esc/Ctrl-C leave",
    ": command",
    "/ filter",
    "Tab next pane",
    "↑↓ PgUp/PgDn Home/End scroll",
    ...(sortable ? ["s sort · r reverse"] : []),
    "space pause",
  ];
}

/** The footer line for `columns`: whole hints only, the first always (the terminal cuts it if even that is too wide). */
export function footerLine(state: FooterState, columns: number): string {
  let line = "";
  for (const hint of hintsOf(state)) {
    const next = line === "" ? hint : line + HINT_SEPARATOR + hint;
    if (line === "" || next.length <= columns) line = next; // one that does not fit gives way to shorter ones after it
  }
  return line;
}
