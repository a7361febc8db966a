// Joins words back into a line that tokenize() splits into the same words (for the journal).

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteWords(words: readonly string[]): string {
  return words.map((word) => (SAFE_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(" ");
}
