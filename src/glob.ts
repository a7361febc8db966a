// Shell-style globs (`*` any run of characters, `?` one character, everything else literal), for
// name matching in policy rules and audit filters. Matched by the greedy two-pointer walk with
// backtrack to the last star, O(pattern × text) at worst, never a regular expression: a
// backtracking regex engine takes exponential time on `*a*a*a…b` against a run of a's, and a
// rule's pattern is typed by whoever may add rules while every decision runs it.

import { fail } from "./errors.js";
import { GLOB_LENGTH_MAX } from "./limits.js";

const STAR = 42; // "*"
const ONE = 63; // "?"

/** A compiled glob: `test` tells whether the whole text matches. */
export interface Glob {
  readonly pattern: string;
  test(text: string): boolean;
}

/** Checks the pattern's length once; the glob it returns matches in linear space, no regex. */
export function compileGlob(pattern: string): Glob {
  if (pattern.length === 0 || pattern.length > GLOB_LENGTH_MAX) {
    fail("EINVAL", `glob '${pattern.slice(0, 20)}' must be 1 to ${GLOB_LENGTH_MAX} characters`);
  }
  return { pattern, test: (text) => globMatches(pattern, text) };
}

/** A glob that matches when any of `globs` does (a rule's comma-separated actions). */
export function anyGlob(globs: readonly Glob[]): Glob {
  return { pattern: globs.map((glob) => glob.pattern).join(","), test: (text) => globs.some((glob) => glob.test(text)) };
}

/**
 * Whether `text` matches `pattern` whole. On a mismatch after a star, the star takes one more
 * character and the walk resumes just past it; an earlier star never needs revisiting, because the
 * later star can absorb anything the earlier one would have.
 */
export function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1; // the last star seen in the pattern
  let starText = 0; // where in the text that star's run ends so far
  while (t < text.length) {
    const code = p < pattern.length ? pattern.charCodeAt(p) : -1;
    if (code === STAR) {
      starAt = p++;
      starText = t;
    } else if (code !== -1 && (code === ONE || code === text.charCodeAt(t))) {
      p++;
      t++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}
