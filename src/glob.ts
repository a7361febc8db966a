// Shell-style globs (`*`, `?`) compiled to anchored regular expressions, for name matching in
// audit filters and policy rules.

import { fail } from "./errors.js";
import { GLOB_LENGTH_MAX } from "./limits.js";

export function compileGlob(pattern: string): RegExp {
  if (pattern.length === 0 || pattern.length > GLOB_LENGTH_MAX) {
    fail("EINVAL", `glob '${pattern.slice(0, 20)}' must be 1 to ${GLOB_LENGTH_MAX} characters`);
  }
  let source = "";
  for (const char of pattern) {
    if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
