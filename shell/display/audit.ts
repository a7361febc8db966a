// How audit entries look: one table row each, levels coloured when colour is on. On a terminal of
// known width (`audit query`, `audit tail`, the audit pane's box) the columns give way by one
// priority: the correlation ID, UID, TYPE, LEVEL, TIME, OBJECT and SEQ are left out, one at a
// time, until MESSAGE has MESSAGE_WIDTH_WANTED columns (or all it needs); MESSAGE goes last: it is
// cut with "…" to the room left. Pipes and scripts (no width) keep every column, each message cut
// at AUDIT_MESSAGE_WIDTH_MAX; a last line says when one was. --no-trunc (as docker ps) shows every
// message whole, at any width; --json always holds them whole.

import { stripVTControlCharacters } from "node:util";
import type { AuditEntry } from "../../modules/audit/index.js";
import { formatSimTime } from "../../src/clock.js";
import type { Display } from "../command.js";
import { AUDIT_MESSAGE_WIDTH_MAX } from "../../src/limits.js";
import { makeDisplay } from "./display.js";
import { COLUMN_GAP, drawTable, truncate } from "./table.js";

// ID: the correlation id that groups one story's entries (audit query --id), "-" for none.
const ENTRY_HEAD = ["SEQ", "ID", "TIME", "LEVEL", "TYPE", "UID", "ACTION", "OBJECT", "RESULT", "MESSAGE"];
const MESSAGE = ENTRY_HEAD.indexOf("MESSAGE");
/** Left out in this order while MESSAGE has too little room. */
const LEAVE_OUT = ["ID", "UID", "TYPE", "LEVEL", "TIME", "OBJECT", "SEQ"].map((name) => ENTRY_HEAD.indexOf(name));
/** The narrowest MESSAGE worth showing: fewer columns say nothing. */
const MESSAGE_WIDTH_SHORTEST = 12;
/** Columns are left out until MESSAGE has this many (or all it needs); past that it is cut. */
const MESSAGE_WIDTH_WANTED = 32;

const WHOLE_MESSAGE = Number.POSITIVE_INFINITY;
/** Under a table whose messages were cut: how to see them whole. */
export const CUT_NOTE = "(cut with …; --no-trunc shows all)"; // short: it must fit a narrow terminal too

export function levelText(level: string, d: Display): string {
  switch (level) {
    case "critical":
      return d.chalk.bgRed.white(level);
    case "error":
      return d.chalk.red(level);
    case "warning":
      return d.chalk.yellow(level);
    case "debug":
      return d.chalk.gray(level);
    default:
      return level;
  }
}

function cellsOf(e: AuditEntry, d: Display, messageWidth = AUDIT_MESSAGE_WIDTH_MAX): string[] {
  return [
    `${e.seq}${e.alert ? "!" : ""}`,
    e.correlation === 0 ? "-" : String(e.correlation),
    formatSimTime(e.timeMs),
    levelText(e.level, d),
    e.type,
    String(e.uid),
    e.action,
    e.object,
    e.result === "success" ? e.result : d.chalk.red(e.result),
    cut(e.message, messageWidth),
  ];
}

/**
 * The entries as a table, fitted to `d`'s width when it has one (narrower than the shortest fit:
 * rows wrap), with a last line saying so when a message was cut; `whole` (--no-trunc, as docker
 * ps): every column and message whole, at any width.
 */
export function entryRows(entries: readonly AuditEntry[], d: Display, whole = false): string[] {
  if (whole) return entries.length === 0 ? ["(no entries)"] : makeDisplay(d.color).table(ENTRY_HEAD, entries.map((e) => cellsOf(e, d, WHOLE_MESSAGE)));
  const fitted = fittedTable(entries, d);
  const { lines, messageWidth } = typeof fitted === "number" ? { lines: d.table(ENTRY_HEAD, entries.map((e) => cellsOf(e, d))), messageWidth: AUDIT_MESSAGE_WIDTH_MAX } : fitted;
  return entries.some((e) => stripVTControlCharacters(e.message).length > messageWidth) ? [...lines, CUT_NOTE] : lines;
}

/** The entries fitted to `d`'s width (see the top of this file); a number: the columns they need at least. */
export function fittedEntries(entries: readonly AuditEntry[], d: Display): string[] | number {
  const fitted = fittedTable(entries, d);
  return typeof fitted === "number" ? fitted : fitted.lines;
}

/** The fitted table and the width its messages were cut to. */
function fittedTable(entries: readonly AuditEntry[], d: Display): { readonly lines: string[]; readonly messageWidth: number } | number {
  if (entries.length === 0) return { lines: ["(no entries)"], messageWidth: AUDIT_MESSAGE_WIDTH_MAX };
  const rows = entries.map((e) => cellsOf(e, d));
  const room = d.columns?.();
  if (room === undefined) return { lines: d.table(ENTRY_HEAD, rows), messageWidth: AUDIT_MESSAGE_WIDTH_MAX };
  const longest = rows.reduce((widest, row) => Math.max(widest, stripVTControlCharacters(row[MESSAGE]!).length), 0);
  const widthBeside = (kept: readonly number[]) => widthOf(drawTable(pick(ENTRY_HEAD, kept), rows.map((row) => pick(row, kept)))) + COLUMN_GAP.length;
  let kept = ENTRY_HEAD.map((_, at) => at).filter((at) => at !== MESSAGE);
  for (const column of LEAVE_OUT) {
    if (widthBeside(kept) + Math.min(longest, MESSAGE_WIDTH_WANTED) <= room) break;
    kept = kept.filter((at) => at !== column);
  }
  const beside = widthBeside(kept);
  const messageWidth = room - beside;
  if (messageWidth < MESSAGE_WIDTH_SHORTEST) return beside + MESSAGE_WIDTH_SHORTEST;
  const shown = [...kept, MESSAGE];
  const lines = d.table(pick(ENTRY_HEAD, shown), rows.map((row) => pick(row.map((cell, at) => (at === MESSAGE ? cut(cell, messageWidth) : cell)), shown)));
  return { lines, messageWidth: Math.min(messageWidth, AUDIT_MESSAGE_WIDTH_MAX) };
}

function pick<T>(row: readonly T[], kept: readonly number[]): T[] {
  return kept.map((at) => row[at]!);
}

function widthOf(lines: readonly string[]): number {
  return lines.reduce((widest, line) => Math.max(widest, stripVTControlCharacters(line).length), 0);
}

function cut(text: string, width: number): string {
  return stripVTControlCharacters(text).length <= width ? text : truncate(text, width);
}
