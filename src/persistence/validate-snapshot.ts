// Checks parsed JSON against the snapshot schema (snapshot-schema.ts: the kernel's fields and each
// subsystem's saved schema, valibot) before anything is built from it, then each subsystem's
// check of the relations between fields that one field alone cannot show (a volume's chunk must
// be in its tier's pool, a node's pool must exist). The answer is the snapshot, or one
// line naming the first bad field by its path: `security.accounts.users[2].clearance: expected a
// level 0..3, got 99`. Content that is well-formed but tampered with (an edited audit message, a
// deleted or reordered entry, a recomputed hash) passes here on purpose: the audit chain and the
// seals judge that, and name the entry.

import * as v from "valibot";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type KernelSnapshot } from "../kernel.js";
import type { InstalledList, SubsystemList } from "../subsystem.js";
import { snapshotSchema } from "./snapshot-schema.js";

type Checked<L extends SubsystemList> = { snapshot: KernelSnapshot<L> } | { problem: string };

/** Returns the snapshot, or the path and reason of the first thing wrong with it, as `subsystems` read state.json. */
export function validateSnapshot<L extends SubsystemList = InstalledList>(value: unknown, subsystems: L): Checked<L> {
  const list: SubsystemList = subsystems;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { problem: `expected a kernel snapshot (a JSON object), got ${shown(value)}` };
  const top = value as Record<string, unknown>;
  if (top.format !== SNAPSHOT_FORMAT) return { problem: `format is ${shown(top.format)}, expected "${SNAPSHOT_FORMAT}"` };
  if (top.version !== SNAPSHOT_VERSION) return { problem: `version ${shown(top.version)} is not supported (this kshell reads ${SNAPSHOT_VERSION})` };
  const result = v.safeParse(snapshotSchema(list), value, { abortEarly: true });
  if (!result.success) return { problem: issueLine(result.issues[0]) };
  // Each subsystem's own cross-field check, on its part (already well-formed), in list order.
  for (const subsystem of list) {
    if (top[subsystem.name] === undefined) continue; // a part older states lack (the schema allowed it)
    const problem = subsystem.saved.check(top[subsystem.name]);
    if (problem !== undefined) return { problem };
  }
  return { snapshot: value as KernelSnapshot<L> };
}

/** `a.b[2].c: expected …, got …` from valibot's first issue (its message is the `expected` part). */
function issueLine(issue: v.BaseIssue<unknown>): string {
  let path = "";
  for (const step of issue.path ?? []) path += typeof step.key === "number" ? `[${step.key}]` : `${path === "" ? "" : "."}${String(step.key)}`;
  return `${path === "" ? "snapshot" : path}: expected ${issue.message}, got ${shown(issue.input)}`;
}

/** A value as a message shows it: short, one line. */
function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object" && value !== null) return "an object";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
