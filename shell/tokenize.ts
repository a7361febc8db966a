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
  let word = ""; // the word read so far, up to `plainFrom`
  let plainFrom = -1; // where the run of plain characters being read starts (-1: none): taken as one slice, not a character at a time
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (!isSpecial(code)) {
      if (plainFrom < 0) plainFrom = i;
      inWord = true;
      continue;
    }
    if (plainFrom >= 0) {
      word += line.slice(plainFrom, i);
      plainFrom = -1;
    }
    const char = line[i]!;
    if (char === "'" || char === '"') {
      const end = closingQuote(line, i);
      word += unquote(line.slice(i + 1, end), char);
      inWord = true;
      i = end;
    } else if (char === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (char === "\\") {
      word += char; // a backslash that ends the line is itself
      inWord = true;
    } else if (char === "#" && !inWord) {
      break;
    } else if (char === "#" || (char === "&" && line[i + 1] !== "&")) {
      word += char;
      inWord = true;
    } else {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      if (char !== ";" && char !== "&") continue;
      if (char === "&" && words.length === 0) fail("EINVAL", "syntax error near '&&'", "write a command before &&");
      if (words.length > 0) commands.push({ words, afterSuccess });
      words = [];
      afterSuccess = char === "&";
      if (afterSuccess) i++;
    }
  }
  if (plainFrom >= 0) word += line.slice(plainFrom);
  if (inWord) words.push(word);
  if (words.length > 0) commands.push({ words, afterSuccess });
  else if (afterSuccess) fail("EINVAL", "syntax error: nothing after '&&'", "write the command to run after &&");
  return commands;
}

const WHITE_SPACE = /\s/;

/** Whether the character code ends a plain run: a quote, a backslash, `#`, `;`, `&` or white space (as /\s/ has it). */
function isSpecial(code: number): boolean {
  if (code > 0x20 && code < 0x7f) return code === 0x22 || code === 0x23 || code === 0x26 || code === 0x27 || code === 0x3b || code === 0x5c; // " # & ' ; and a backslash
  return code <= 0x20 ? WHITE_SPACE.test(String.fromCharCode(code)) : code >= 0x7f && WHITE_SPACE.test(String.fromCharCode(code));
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
