// Text that came from a user or a file, made safe to show on a terminal: control characters (C0
// but tab, DEL, C1) are written as \xHH, as `ls -b` and ausearch escape them, so a name, a file's
// bytes or an audit message cannot clear the screen, recolour it or hide what follows.

const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/; // C0 but tab, DEL, C1 (vol read's text check, payload.ts, also lets newline through)
const CONTROLS = new RegExp(CONTROL.source, "g");

export function printable(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`) : text;
}

/** The first control character in `text` and where, if any (a typed line is refused for one). */
export function firstControl(text: string): { readonly escaped: string; readonly column: number } | undefined {
  const at = text.search(CONTROL);
  return at < 0 ? undefined : { escaped: printable(text[at]!), column: at + 1 };
}
