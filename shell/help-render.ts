// Help text as a person reads it in a terminal, like man or `gh help`: headings bold, `code` in a
// colour, bullet and numbered lists, text wrapped at the terminal's width with a hanging indent so
// a list item's or an option's description lines up under its own text. Without colour (pipes,
// NO_COLOR) the layout is the same and no escape code is written: headings are underlined with
// `=`/`-`, backticks dropped. Pipes wrap at HELP_WIDTH_PIPED so the bytes never depend on a terminal.
//
// Two sources: the pages in help/*.md ("page": a paragraph's lines are joined and reflowed) and the
// usage, index and subcommand lists help-pages.ts writes ("lines": each line stands alone, and is
// only wrapped when too long, so a line that fits keeps its spacing).

import type { ChalkInstance } from "chalk";
import { HELP_WIDTH_MAX, HELP_WIDTH_MIN } from "../src/limits.js";

/** Where pipes wrap (HELP_WIDTH_MAX caps a wide terminal, HELP_WIDTH_MIN a narrow one). */
export const HELP_WIDTH_PIPED = 80;

export type HelpSource = "page" | "lines";

export interface HelpStyle {
  readonly chalk: ChalkInstance;
  readonly color: boolean;
  /** The terminal's columns; undefined when not a terminal (HELP_WIDTH_PIPED). */
  readonly columns: number | undefined;
}

type Tone = "plain" | "code" | "bold";
interface Piece {
  readonly text: string;
  readonly tone: Tone;
}
type Word = readonly Piece[];

/** One block of layout: text laid out after `lead` (a bullet, a term, a label) and wrapped under `hang` columns. */
type Block =
  | { readonly kind: "heading"; readonly level: number; readonly text: string }
  | { readonly kind: "text"; readonly lead: string; readonly leadTone?: Tone; readonly hang: number; readonly text: string; readonly reflow: boolean }
  | { readonly kind: "verbatim"; readonly line: string }
  | { readonly kind: "blank" };

const BULLET = /^(\s*)[-*] +(.*)$/;
const NUMBERED = /^(\s*)(\d+[.)]) +(.*)$/;
const DEFINITION = /^( +)(\S(?:.*?\S)?)( {2,})(\S.*)$/; // "  --size   the volume's size": the description aligns
const LABEL = /^((?:usage|requires|see also): )(\S.*)$/; // help-pages.ts's labelled lines: "usage: vol create …" wraps under "vol"
const SECTION = /^[a-z][^`*]*:$/; // "options:", "subcommands (help vol <verb> for one's usage):"
const FENCE = /^```/;

/** The width help is laid out at. */
export function helpWidth(columns: number | undefined): number {
  if (columns === undefined || columns <= 0) return HELP_WIDTH_PIPED;
  return Math.min(HELP_WIDTH_MAX, Math.max(HELP_WIDTH_MIN, columns));
}

/** `text` laid out as lines for a terminal (or a pipe) in `style`. */
export function renderHelp(text: string, source: HelpSource, style: HelpStyle): string[] {
  const width = helpWidth(style.columns);
  const blocks = source === "page" ? pageBlocks(text) : lineBlocks(text);
  const out: string[] = [];
  for (const block of blocks) {
    if (block.kind === "blank") {
      if (out.length > 0 && out.at(-1) !== "") out.push("");
    } else if (block.kind === "verbatim") out.push(style.color ? style.chalk.cyan(block.line) : block.line);
    else if (block.kind === "heading") out.push(...headingLines(block.text, block.level, width, style));
    else out.push(...wrapBlock(block, width, style));
  }
  while (out.at(-1) === "") out.pop();
  return out;
}

function headingLines(text: string, level: number, width: number, style: HelpStyle): string[] {
  const lines = wrapWords(wordsOf(text, "bold"), [], 0, width, style);
  if (style.color) return lines;
  const underline = (level === 1 ? "=" : "-").repeat(Math.max(...lines.map((line) => [...line].length))); // no escape codes here
  return [...lines, underline];
}

/** A markdown page's blocks: headings, fences, list items and paragraphs with their continuation lines joined. */
function pageBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let fenced = false;
  let open: { lead: string; hang: number; parts: string[] } | undefined;
  const close = () => {
    if (open !== undefined) blocks.push({ kind: "text", lead: open.lead, hang: open.hang, text: open.parts.join(" "), reflow: true });
    open = undefined;
  };
  for (const line of text.split("\n")) {
    if (FENCE.test(line)) {
      close();
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      blocks.push({ kind: "verbatim", line: `  ${line}` });
      continue;
    }
    const heading = /^(#+) +(.*)$/.exec(line);
    const item = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (line.trim() === "" || heading !== null) {
      close();
      blocks.push(heading === null ? { kind: "blank" } : { kind: "heading", level: heading[1]!.length, text: heading[2]! });
    } else if (item !== null) {
      close();
      const marker = item.length === 4 ? `${item[2]} ` : "• ";
      const lead = `${item[1]}${marker}`;
      open = { lead, hang: lead.length, parts: [item.at(-1)!] };
    } else if (open !== undefined) open.parts.push(line.trim());
    else open = { lead: "", hang: 0, parts: [line.trim()] };
  }
  close();
  return blocks;
}

/** Generated help: a block a line; definitions hang under their description, labels under their text. */
function lineBlocks(text: string): Block[] {
  return text.split("\n").map((line): Block => {
    if (line.trim() === "") return { kind: "blank" };
    const definition = DEFINITION.exec(line);
    if (definition !== null) {
      const lead = definition[1]! + definition[2]! + definition[3]!;
      return { kind: "text", lead, leadTone: "code", hang: lead.length, text: definition[4]!, reflow: false };
    }
    const label = LABEL.exec(line);
    if (label !== null) return { kind: "text", lead: label[1]!, leadTone: "bold", hang: label[1]!.length, text: label[2]!, reflow: false };
    const indent = /^ */.exec(line)![0];
    if (SECTION.test(line)) return { kind: "text", lead: "", hang: 0, text: `**${line}**`, reflow: false };
    return { kind: "text", lead: indent, hang: indent.length, text: line.slice(indent.length), reflow: false };
  });
}

function wrapBlock(block: Extract<Block, { kind: "text" }>, width: number, style: HelpStyle): string[] {
  const hang = block.hang < width / 2 ? block.hang : 2; // a term as wide as the screen: its text goes under it, indented
  const lead = leadPieces(block.lead, block.leadTone ?? "plain");
  if (!block.reflow) {
    const pieces = [...lead, ...piecesOf(block.text, "plain")];
    if (wordLength(pieces) <= width) return [paintLine(pieces, style)];
  }
  return wrapWords(wordsOf(block.text, "plain"), lead, hang, width, style);
}

/** Greedy wrapping: the first line after `lead`, the rest after `hang` spaces; a word wider than a line is cut. */
function wrapWords(words: readonly Word[], lead: readonly Piece[], hang: number, width: number, style: HelpStyle): string[] {
  const lines: string[] = [];
  let line: Piece[] = [...lead];
  let used = wordLength(lead);
  let empty = true;
  const start = () => {
    lines.push(paintLine(line, style));
    line = [{ text: " ".repeat(hang), tone: "plain" }];
    used = hang;
    empty = true;
  };
  for (let word of words) {
    for (;;) {
      const needed = (empty ? 0 : 1) + wordLength(word);
      if (used + needed <= width) {
        // the space takes its neighbours' tone when they share one, so `vol create` is one coloured run
        if (!empty) line.push({ text: " ", tone: line.at(-1)!.tone === word[0]!.tone ? word[0]!.tone : "plain" });
        line.push(...word);
        used += needed;
        empty = false;
        break;
      }
      if (!empty) {
        start();
        continue;
      }
      const [head, rest] = cutWord(word, Math.max(1, width - used));
      line.push(...head);
      start();
      word = rest;
      if (wordLength(word) === 0) break;
    }
  }
  if (!empty || lines.length === 0) lines.push(paintLine(line, style));
  return lines;
}

/** A line's pieces painted, a run of one tone at a time, without trailing blanks. */
function paintLine(pieces: readonly Piece[], style: HelpStyle): string {
  const runs: Piece[] = [];
  for (const piece of pieces) {
    const last = runs.at(-1);
    if (last !== undefined && last.tone === piece.tone) runs[runs.length - 1] = { text: last.text + piece.text, tone: piece.tone };
    else runs.push(piece);
  }
  const lastRun = runs.at(-1);
  if (lastRun !== undefined) runs[runs.length - 1] = { text: lastRun.text.trimEnd(), tone: lastRun.tone };
  return runs.map((run) => paint(run.text, run.tone, style)).join("").trimEnd();
}

/** A lead's words in its tone, its spaces (indent, padding) plain. */
function leadPieces(lead: string, tone: Tone): Piece[] {
  return lead.split(/(^ +| {2,}| +$)/).filter((part) => part !== "").map((part) => ({ text: part, tone: part.trim() === "" ? "plain" : tone }));
}

function cutWord(word: Word, at: number): [Word, Word] {
  const head: Piece[] = [];
  const rest: Piece[] = [];
  let left = at;
  for (const piece of word) {
    if (left >= piece.text.length) head.push(piece);
    else if (left > 0) {
      head.push({ text: piece.text.slice(0, left), tone: piece.tone });
      rest.push({ text: piece.text.slice(left), tone: piece.tone });
    } else rest.push(piece);
    left -= piece.text.length;
  }
  return [head, rest];
}

function wordLength(word: Word): number {
  return word.reduce((sum, piece) => sum + [...piece.text].length, 0);
}

/** Words (split at white space) made of pieces in their tones: "(`--trunk" is a plain "(" then code. */
function wordsOf(text: string, base: Tone): Word[] {
  const words: Piece[][] = [];
  let current: Piece[] = [];
  for (const piece of piecesOf(text, base)) {
    const parts = piece.text.split(/\s+/);
    parts.forEach((part, index) => {
      if (index > 0 && current.length > 0) {
        words.push(current);
        current = [];
      }
      if (part !== "") current.push({ text: part, tone: piece.tone });
    });
  }
  if (current.length > 0) words.push(current);
  return words;
}

/** The inline markup: `code` and **bold**; an unclosed backtick is plain text. */
function piecesOf(text: string, base: Tone): Piece[] {
  const pieces: Piece[] = [];
  const markup = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let at = 0;
  for (const match of text.matchAll(markup)) {
    if (match.index > at) pieces.push({ text: text.slice(at, match.index), tone: base });
    pieces.push(match[1] !== undefined ? { text: match[1], tone: "code" } : { text: match[2]!, tone: "bold" });
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), tone: base });
  return pieces;
}

function paint(text: string, tone: Tone, style: HelpStyle): string {
  if (!style.color || tone === "plain" || text === "") return text;
  return tone === "code" ? style.chalk.cyan(text) : style.chalk.bold(text);
}
