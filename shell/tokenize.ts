// Splits an input line into commands (at unquoted `;`) and each command into words, the way a
// POSIX shell would for the cases we need: single quotes keep everything, double quotes allow
// \" and \\, a backslash outside quotes escapes the next character, and `#` at the start of a
// word begins a comment.

import { fail } from "../src/errors.js";

export function tokenize(line: string): string[][] {
  const commands: string[][] = [];
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
    } else if (char === ";" || /\s/.test(char)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      if (char === ";") {
        if (words.length > 0) commands.push(words);
        words = [];
      }
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  if (words.length > 0) commands.push(words);
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
