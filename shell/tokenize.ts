// Splits an input line into commands (at unquoted `;` and `&&`) and each command into words, the
// way a POSIX shell would for the cases we need: single quotes keep everything, double quotes allow
// \" and \\, a backslash outside quotes escapes the next character, and `#` at the start of a
// word begins a comment. A command after `&&` runs only if the one before it succeeded.

import { fail } from "../src/errors.js";

/** One command of a line: its words, and whether `&&` joins it to the one before. */
export interface ChainedCommand {
  readonly words: string[];
  readonly afterSuccess: boolean;
}

export function tokenize(line: string): string[][] {
  return tokenizeChain(line).map((command) => command.words);
}

export function tokenizeChain(line: string): ChainedCommand[] {
  const commands: ChainedCommand[] = [];
  let afterSuccess = false; // the separator before the command being read is `&&`
  let words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === "'" || char === '"') {
      const end = closingQuote(line, i);
      word += unquote(line.slice(i + 1, end), char);
      inWord = true;
      i = end;
    } else if (char === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (char === "#" && !inWord) {
      break;
    } else if (char === ";" || (char === "&" && line[i + 1] === "&") || /\s/.test(char)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      if (char !== ";" && char !== "&") continue;
      if (char === "&" && words.length === 0) fail("EINVAL", "syntax error near '&&'", "write a command before &&");
      if (words.length > 0) commands.push({ words, afterSuccess });
      words = [];
      afterSuccess = char === "&";
      if (afterSuccess) i++;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  if (words.length > 0) commands.push({ words, afterSuccess });
  else if (afterSuccess) fail("EINVAL", "syntax error: nothing after '&&'", "write the command to run after &&");
  return commands;
}

function closingQuote(line: string, open: number): number {
  const quote = line[open];
  for (let i = open + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === "\\") i++;
    else if (line[i] === quote) return i;
  }
  return fail("EINVAL", `unterminated ${quote === "'" ? "single" : "double"} quote`, `close the quote that starts at column ${open + 1}`);
}

function unquote(body: string, quote: string): string {
  return quote === '"' ? body.replace(/\\(["\\$`])/g, "$1") : body;
}
