// How audit entries look: one table row each, levels coloured when colour is on.

import type { AuditEntry } from "../../modules/audit/index.js";
import { formatSimTime } from "../../src/clock.js";
import type { Display } from "../command.js";
import { AUDIT_MESSAGE_WIDTH_MAX } from "../../src/limits.js";

// ID: the correlation id that groups one story's entries (audit query --id), "-" for none.
const ENTRY_HEAD = ["SEQ", "ID", "TIME", "LEVEL", "TYPE", "UID", "ACTION", "OBJECT", "RESULT", "MESSAGE"];
/** On a narrow terminal the message is cut first, then the object and action; TYPE and UID are left out before the time is cut; the sequence number and id last (they find the entry again). */
const ENTRY_FIT = { giveWay: ["MESSAGE", "OBJECT", "ACTION"], giveWayLast: ["TIME", "ID", "SEQ"], leaveOut: ["TYPE", "UID"] };

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

export function entryRows(entries: readonly AuditEntry[], d: Display): string[] {
  if (entries.length === 0) return ["(no entries)"];
  return d.table(
    ENTRY_HEAD,
    entries.map((e) => [
      `${e.seq}${e.alert ? "!" : ""}`,
      e.correlation === 0 ? "-" : e.correlation,
      formatSimTime(e.timeMs),
      levelText(e.level, d),
      e.type,
      e.uid,
      e.action,
      e.object,
      e.result === "success" ? e.result : d.chalk.red(e.result),
      truncate(e.message, AUDIT_MESSAGE_WIDTH_MAX),
    ]),
    ENTRY_FIT,
  );
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
