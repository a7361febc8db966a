// "did you mean `vol list`?" for an unknown group, verb or option, chosen as git chooses for an
// unknown command (help.c): a Damerau-Levenshtein distance (optimal string alignment) with git's
// weights, where swapping two neighbours is free, a letter the typist left out costs 1, a wrong
// one 2 and an extra one 3; a word the typed text begins scores best. The most similar words are
// offered when their score (distance + 1) is under git's empirically derived floor of 7 and the
// distance is at most half the typed word's length: git's floor alone lets short words match
// anything a few insertions away (`run` -> `group`, `head` -> `help`, `user` -> `cluster`).

const SWAP_COST = 0;
const SUBSTITUTION_COST = 2;
const INSERTION_COST = 1; // a letter of the candidate that was not typed
const DELETION_COST = 3; // a typed letter the candidate does not have
const SIMILARITY_FLOOR = 7; // git's SIMILARITY_FLOOR
const PREFIX_SCORE = 0; // what `vol cr` scores against `create`, as git's prefix match of a common command
const DISTANCE_PER_TYPED_LETTER = 0.5; // at most one edit's weight for every two letters typed (rounded up)

/** Words of kshell's own command line typed at its prompt: what to say instead of a guess. */
const COMMAND_LINE_VERBS: ReadonlyMap<string, string> = new Map([
  ["run", "`kshell run <file>` is for the command line (bash), not this prompt; here, type the script's commands, or pipe it: kshell < file.ksh"],
]);

/** The weighted edit distance from `typed` to `candidate`, as git's levenshtein(typed, candidate, 0, 2, 1, 3). */
export function editDistance(typed: string, candidate: string): number {
  let previous: number[] = []; // row i - 2, for a swap
  let above = Array.from({ length: candidate.length + 1 }, (_, j) => j * INSERTION_COST);
  for (let i = 0; i < typed.length; i++) {
    const row = [(i + 1) * DELETION_COST];
    for (let j = 0; j < candidate.length; j++) {
      let cost = Math.min(
        above[j]! + (typed[i] === candidate[j] ? 0 : SUBSTITUTION_COST),
        row[j]! + INSERTION_COST,
        above[j + 1]! + DELETION_COST,
      );
      if (i > 0 && j > 0 && typed[i - 1] === candidate[j] && typed[i] === candidate[j - 1]) cost = Math.min(cost, previous[j - 1]! + SWAP_COST);
      row.push(cost);
    }
    [previous, above] = [above, row];
  }
  return above[candidate.length]!;
}

/** The candidates most similar to `typed`, if any is similar enough (several when they tie). */
export function mostSimilar(typed: string, candidates: readonly string[]): string[] {
  if (typed === "") return [];
  const distanceMax = Math.ceil(typed.length * DISTANCE_PER_TYPED_LETTER);
  const scored = candidates.map((word) => {
    if (word.startsWith(typed)) return { word, score: PREFIX_SCORE };
    const distance = editDistance(typed, word);
    return { word, score: distance <= distanceMax ? distance + 1 : Number.POSITIVE_INFINITY };
  });
  const best = Math.min(...scored.map((entry) => entry.score));
  if (!(best < SIMILARITY_FLOOR)) return [];
  if (scored.every((entry) => entry.score === PREFIX_SCORE)) return []; // a prefix of everything says nothing
  return scored.filter((entry) => entry.score === best).map((entry) => entry.word);
}

/** "did you mean `vol list`?" (or "`a` or `b`") for `typed` among `candidates`, each shown after `before`; undefined if none is close. */
export function didYouMean(typed: string, candidates: readonly string[], before = ""): string | undefined {
  const similar = mostSimilar(typed, candidates);
  return similar.length === 0 ? undefined : `did you mean ${similar.map((word) => `\`${before}${word}\``).join(" or ")}?`;
}

/**
 * "did you mean `node list`?" for a line whose first word is mistyped (`nod list`): the whole line
 * corrected, each command word the closest one where it is not already right, the rest as typed;
 * for a word of kshell's command line (`run`), where that word belongs instead.
 */
export function didYouMeanLine(words: readonly string[], verbsAfter: (prefix: readonly string[]) => string[]): string | undefined {
  const commandLine = COMMAND_LINE_VERBS.get(words[0] ?? "");
  if (commandLine !== undefined) return commandLine;
  const lines = mostSimilar(words[0] ?? "", verbsAfter([])).map((first) => {
    const line = [first];
    let at = 1;
    for (; at < words.length && verbsAfter(line).length > 0; at++) {
      const verbs = verbsAfter(line);
      const closest = verbs.includes(words[at]!) ? [words[at]!] : mostSimilar(words[at]!, verbs);
      if (closest.length !== 1) break; // not one clear verb: leave the rest as typed
      line.push(closest[0]!);
    }
    return [...line, ...words.slice(at)].join(" ");
  });
  return lines.length === 0 ? undefined : `did you mean ${lines.map((line) => `\`${line}\``).join(" or ")}?`;
}
