// The security pane: the gate's decisions per second, allowed and denied, over the last
// DECISION_WINDOW_MS of simulated time; the latest denials with the layer that decided each
// (capability, rule #N, DAC, MAC); each policy rule's hit count; who is su'd to whom. Decisions
// are read from the audit trail, where the kernel records every one (type security, result
// allowed, audited or denied), from its newest DECISION_SCAN_ENTRIES entries: a busier window
// shows its rate as "≥". `watch sec` shows it alone; `top` gives it a line or two.

import { DENIED_RESULT } from "../../src/ports.js";
import { formatSimTime } from "../../src/clock.js";
import type { Kernel } from "../../src/kernel.js";
import type { Display } from "../command.js";
import { pane, TABLE_HEAD, type LiveSection, type PaneOptions } from "./pane.js";

const DECISION_WINDOW_MS = 10_000;
/** The newest audit entries read for a frame: bounded work ten times a second. */
const DECISION_SCAN_ENTRIES = 512;
const DENIALS_SHOWN_ALONE = 8;
const SECURITY_TYPE = "security";

export default pane({
  group: "sec",
  title: "security",
  order: 25,
  watchable: true,
  mirrors: ["sec", "rule", "list"],
  alsoMirrors: [["audit", "tail"]], // its decisions are read from the audit trail
  data: (view, options) => securityFigures(view, options),
  sections: (view, d, options) => securitySections(securityFigures(view, options), d, options.alone),
});

interface Denial {
  readonly timeMs: number;
  readonly user: string;
  readonly action: string;
  readonly object: string;
  readonly layer: string;
  readonly reason: string;
}

interface SecurityFigures {
  readonly decisions: { readonly windowMs: number; readonly allowed: number; readonly denied: number; readonly allowedPerSecond: number; readonly deniedPerSecond: number; readonly atLeast: boolean };
  readonly denials: readonly Denial[];
  readonly rules: ReturnType<Kernel["view"]["security"]["rules"]>;
  /** Outermost first, the viewer last; empty when not known. */
  readonly su: readonly string[];
}

function securityFigures(view: Kernel["view"], options: PaneOptions): SecurityFigures {
  const scanned = view.audit.tail(DECISION_SCAN_ENTRIES);
  const entries = scanned.filter((entry) => entry.type === SECURITY_TYPE);
  const since = view.nowMs - DECISION_WINDOW_MS;
  let allowed = 0;
  let denied = 0;
  for (const entry of entries) {
    if (entry.timeMs < since) continue;
    if (entry.result === DENIED_RESULT) denied++;
    else allowed++;
  }
  const names = userNames(view);
  const denials = entries
    .filter((entry) => entry.result === DENIED_RESULT)
    .slice(-DENIALS_SHOWN_ALONE)
    .reverse()
    .map((entry) => {
      const cut = entry.message.indexOf(": ");
      return { timeMs: entry.timeMs, user: names.get(entry.uid) ?? String(entry.uid), action: entry.action, object: entry.object, layer: cut < 0 ? entry.message : entry.message.slice(0, cut), reason: cut < 0 ? "" : entry.message.slice(cut + 2) };
    });
  const seconds = DECISION_WINDOW_MS / 1000;
  const atLeast = scanned.length === DECISION_SCAN_ENTRIES && scanned[0]!.timeMs >= since; // the window reaches past what was read
  return {
    decisions: { windowMs: DECISION_WINDOW_MS, allowed, denied, allowedPerSecond: allowed / seconds, deniedPerSecond: denied / seconds, atLeast },
    denials,
    rules: view.security.rules(),
    su: options.suChain?.() ?? [],
  };
}

/** uid -> name for the users that exist now (at most USER_COUNT_MAX). */
function userNames(view: Kernel["view"]): Map<number, string> {
  return new Map(view.security.userNames().map((name) => [view.security.subjectOf(name).uid, name]));
}

function securitySections(f: SecurityFigures, d: Display, alone: boolean): LiveSection[] {
  const prefix = f.decisions.atLeast ? "≥" : "";
  const rate = `${prefix}${f.decisions.allowedPerSecond.toFixed(1)} allowed/s, ${d.chalk.red(`${prefix}${f.decisions.deniedPerSecond.toFixed(1)} denied/s`)} (last ${f.decisions.windowMs / 1000} s)`;
  const su = f.su.length === 0 ? "" : f.su.length === 1 ? `${f.su[0]} (no su)` : f.su.join(" → ");
  if (!alone) {
    const hits = f.rules.reduce((sum, rule) => sum + rule.hits, 0);
    const last = f.denials[0];
    return [{ title: "security", lines: [`${rate} · ${f.rules.length} rule${f.rules.length === 1 ? "" : "s"}, ${hits} hit${hits === 1 ? "" : "s"}${su === "" ? "" : ` · su: ${su}`}`, last === undefined ? "(no denials)" : `last denied: ${last.user} ${last.action} ${last.object} by ${last.layer}`] }];
  }
  return [
    { title: "decisions", lines: [rate] },
    { title: "latest denials", lines: f.denials.length === 0 ? ["(no denials)"] : d.table(["TIME", "USER", "ACTION", "OBJECT", "LAYER", "REASON"], f.denials.map((x) => [formatSimTime(x.timeMs), x.user, x.action, x.object, x.layer, x.reason])), head: TABLE_HEAD },
    { title: "rules", lines: f.rules.length === 0 ? ["(no rules: DAC and MAC decide everything past the capability check)"] : d.table(["ID", "EFFECT", "SUBJECT", "OBJECT", "ACTIONS", "HITS"], f.rules.map((r) => [r.id, r.effect, r.subjectText, `${r.objectType}:${r.objectGlob}`, r.actions, r.hits])), head: TABLE_HEAD },
    { title: "su", lines: [su === "" ? "(not known)" : su] },
  ];
}
