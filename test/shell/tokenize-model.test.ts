// The tokenizer reads runs of plain characters as slices (a script's lines are mostly plain): it
// must split every line exactly as a reading one character at a time does. The model below is that
// reading, kept as it was before the tokenizer took slices.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { tokenizeChain, type ChainedCommand } from "../../shell/tokenize.js";

function modelChain(line: string): ChainedCommand[] {
  const commands: ChainedCommand[] = [];
  let afterSuccess = false;
  let words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === "'" || char === '"') {
      let end = -1;
      for (let j = i + 1; j < line.length; j++) {
        if (char === '"' && line[j] === "\\") j++;
        else if (line[j] === char) {
          end = j;
          break;
        }
      }
      if (end < 0) throw new Error(`unterminated ${char === "'" ? "single" : "double"} quote`);
      const body = line.slice(i + 1, end);
      word += char === '"' ? body.replace(/\\(["\\$`])/g, "$1") : body;
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
      if (char === "&" && words.length === 0) throw new Error("syntax error near '&&'");
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
  else if (afterSuccess) throw new Error("syntax error: nothing after '&&'");
  return commands;
}

/** The commands, or the error's first words (the real one adds a hint). */
function outcome(split: (line: string) => ChainedCommand[], line: string): unknown {
  try {
    return split(line);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

// Lines of the characters that matter to the tokenizer, plain letters, and white space beyond ASCII.
const piece = fc.constantFrom("a", "vol", "x-1", " ", "  ", "\t", "\u00a0", "\u2003", "'", '"', "\\", "#", ";", "&", "&&", "$", "`", "é", "\u{1F600}");
const lines = fc.array(piece, { maxLength: 24 }).map((pieces) => pieces.join(""));

describe("tokenizeChain against a character-at-a-time model", () => {
  test.prop([lines], { numRuns: 2000 })("splits every line as the model does, and fails where it fails", (line) => {
    expect(outcome(tokenizeChain, line)).toEqual(outcome(modelChain, line));
  });

  it.each(["echo a\\", "echo a&b", "a&&b", "echo x#y #z", "vol\u00a0list", "echo 'a'b\"c\"d\\ e;f"])("splits %j as the model does", (line) => {
    expect(outcome(tokenizeChain, line)).toEqual(outcome(modelChain, line));
  });
});
