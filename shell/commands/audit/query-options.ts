// audit query's search options and their meaning as an AuditQuery (audit filter add shares uidOf).

import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES, levelFromName, typeFromName, type AuditQuery } from "../../../modules/audit/index.js";
import { fail } from "../../../src/errors.js";
import type { Kernel } from "../../../src/kernel.js";
import { UID_MAX } from "../../../src/limits.js";
import type { OptionSpec, OptionsOf } from "../../command.js";
import { parseCount, parseDuration } from "../../values.js";

export const QUERY_OPTIONS = [
  { name: "id", kind: "count", min: 1, placeholder: "id", summary: "one story: the entries of one correlation id (the ID column), like ausearch -a" },
  { name: "level", kind: "choice", choices: AUDIT_LEVEL_NAMES, summary: "this level and above" },
  { name: "type", kind: "choice", choices: AUDIT_TYPE_NAMES, summary: "event type" },
  { name: "user", kind: "string", placeholder: "uid|name", summary: "subject: a uid, or a user's name (user list)" },
  { name: "action", kind: "string", placeholder: "glob", summary: "action glob, e.g. 'audit.*'" },
  { name: "since", kind: "string", placeholder: "time", summary: "at or after a simulated time (10s since boot) or -5m (ago)" },
  { name: "until", kind: "string", placeholder: "time", summary: "at or before a simulated time" },
  { name: "text", kind: "string", summary: "substring of action, object, result or message" },
  { name: "alerts", kind: "flag", summary: "only entries a filter raised as alerts" },
] as const satisfies readonly OptionSpec[];

/** `audit query` and `audit tail`: messages whole, as docker ps --no-trunc and image show --no-trunc. */
export const NO_TRUNC_OPTION = { name: "no-trunc", kind: "flag", summary: "show every message whole (a table cuts them short with …)" } as const satisfies OptionSpec;

/** `result` with whether its table shows messages whole: for the display only, not a field --json prints. */
export function shownWhole<T extends object>(result: T, whole: boolean): T & { readonly whole: boolean } {
  return Object.defineProperty({ ...result }, "whole", { value: whole, enumerable: false }) as T & { readonly whole: boolean };
}

export function auditQueryFrom(input: { readonly options: OptionsOf<typeof QUERY_OPTIONS> }, view: Kernel["view"]): AuditQuery {
  const o = input.options;
  const nowMs = view.nowMs;
  return {
    correlation: o.id,
    minLevel: o.level === undefined ? undefined : levelFromName(o.level),
    type: o.type === undefined ? undefined : typeFromName(o.type),
    uid: o.user === undefined ? undefined : uidOf(o.user, view),
    action: o.action,
    sinceMs: o.since === undefined ? undefined : simTime(o.since, nowMs, "--since"),
    untilMs: o.until === undefined ? undefined : simTime(o.until, nowMs, "--until"),
    text: o.text,
    alertsOnly: o.alerts === true,
  };
}

/** `10s` is ten seconds after boot; `-5m` is five minutes before now. */
export function simTime(text: string, nowMs: number, what: string): number {
  return text.startsWith("-") ? Math.max(0, nowMs - parseDuration(text.slice(1), what)) : parseDuration(text.replace(/^T\+/, ""), what);
}

/**
 * A uid from a number or from the name of a user that exists now (the security accounts' view). A
 * deleted user's entries keep their uid: a number still finds them.
 */
export function uidOf(user: string, view: Kernel["view"]): number {
  if (/^\d+$/.test(user)) return parseCount(user, "--user", 0, UID_MAX); // the trail keeps uids in 32 bits
  if (!view.security.userNames().includes(user)) return fail("ENOENT", `no user named '${user}'`, "give a uid, or a name from user list");
  return view.security.subjectOf(user).uid;
}
