// The content of live panes, as data and as lines: `top` and `watch` draw it in the interactive
// shell many times a second, and print it once in a script (like `top -b -n 1`).

import type { AuditEntry, AuditStats } from "../../modules/audit/index.js";
import { formatSimTime } from "../../src/clock.js";
import type { Kernel, SubsystemStatus } from "../../src/kernel.js";
import type { Display } from "../command.js";
import { entryRows } from "./audit.js";

export const LIVE_GROUPS = ["audit"];
const TAIL_LINES = 8;

export interface LiveSnapshot {
  readonly group: string;
  readonly nowMs: number;
  readonly subsystems: readonly SubsystemStatus[];
  readonly auditStats: AuditStats;
  readonly auditTail: readonly AuditEntry[];
}

export function liveSnapshot(view: Kernel["view"], group: string, tailLines = TAIL_LINES): LiveSnapshot {
  return { group, nowMs: view.nowMs, subsystems: view.status(), auditStats: view.auditStats(), auditTail: view.auditTail(tailLines) };
}

export function renderLiveSnapshot(s: LiveSnapshot, d: Display): string[] {
  const a = s.auditStats;
  const header = `${d.chalk.bold("kshell")} ${formatSimTime(s.nowMs)}   audit ${a.retained}/${a.capacity} retained, ${a.recorded} recorded, ${a.lost} lost, ${a.alerts} alerts`;
  const counters =
    s.group === "all"
      ? d.table(["SUBSYSTEM", "USED", "CAPACITY", "HEALTH"], s.subsystems.map((x) => [x.subsystem, x.used, x.capacity, x.health]))
      : [];
  return [header, ...counters, d.chalk.bold("audit tail"), ...entryRows(s.auditTail, d)];
}
