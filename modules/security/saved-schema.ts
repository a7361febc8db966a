// Security's part of state.json: the schema of accounts, labels and rules, bounded by their
// tables, and the relations one field alone cannot show (unique ids and names, root present).

import * as v from "valibot";
import { count, duplicate, glob, globs, HASH, id, int, list, name, object, oneOf, tuple } from "../../src/persistence/schema-parts.js";
import * as L from "../../src/limits.js";
import { validateObjectPath } from "./labels.js";
import { SECURITY_LEVEL_NAMES } from "./levels.js";
import { RULE_EFFECTS } from "./rules.js";
import type { SavedSecurity } from "./security-manager.js";

const level = int(0, SECURITY_LEVEL_NAMES.length - 1, `a level 0..${SECURITY_LEVEL_NAMES.length - 1}`);
const objectPath = v.pipe(v.string("an object path"), v.check((path) => {
  try {
    validateObjectPath("object", path);
    return true;
  } catch {
    return false;
  }
}, "an object path such as vol/db"));

const user = object({
  name: v.pipe(v.string("a user name"), v.minLength(1, "a user name"), v.maxLength(L.USER_NAME_LENGTH_MAX, `a user name of 1..${L.USER_NAME_LENGTH_MAX} characters`)),
  uid: id,
  gid: id,
  groups: list(id, L.USER_GROUPS_MAX, "USER_GROUPS_MAX"),
  clearance: level,
  capabilities: tuple([int(0, 0xffffffff, "a 32-bit word"), int(0, 0xffffffff, "a 32-bit word")], "two 32-bit capability words"),
  // "" (no password), salted scrypt (modules/security/passwords.ts), or an older kshell's SHA-256
  passwordHash: v.pipe(v.string("a password hash"), v.regex(/^(|[0-9a-f]{64}|scrypt\$\d{1,6}\$\d{1,2}\$\d\$[0-9a-f]{32}\$[0-9a-f]{64})$/, `"", scrypt$N$r$p$salt$key or ${HASH}`)),
  umask: v.optional(int(0, 0o777, "a umask 0..0777")),
});
const label = object({ path: objectPath, owner: id, group: id, mode: int(0, 0o7777, "a mode 0..07777"), level });
const rule = object({
  id: int(1, Number.MAX_SAFE_INTEGER, "a rule id ≥ 1"),
  hits: count,
  priority: int(-1_000_000, 1_000_000),
  subjectKind: int(0, 3, "a subject kind 0..3 (any, uid, gid, pod)"),
  subjectId: id,
  subjectText: name,
  objectType: name,
  objectGlob: glob,
  actions: globs,
  effect: oneOf(RULE_EFFECTS, "a rule effect"),
});
export const SAVED_SECURITY_SCHEMA = object({
  accounts: object({
    groups: list(object({ name, gid: id }), L.GROUP_COUNT_MAX, "GROUP_COUNT_MAX"),
    users: list(user, L.USER_COUNT_MAX, "USER_COUNT_MAX"),
  }),
  labels: list(label, L.OBJECT_LABEL_MAX, "OBJECT_LABEL_MAX"),
  rules: object({ nextId: count, rules: list(rule, L.SECURITY_RULE_MAX, "SECURITY_RULE_MAX") }),
});

/** The relations between security's fields: unique uids, names, gids, label paths and rule ids; root present. */
export function securityProblem(security: SavedSecurity): string | undefined {
  const { users, groups } = security.accounts;
  let at = duplicate(users, (u) => u.uid);
  if (at >= 0) return `security.accounts.users[${at}].uid: uid ${users[at]!.uid} is used twice`;
  at = duplicate(users, (u) => u.name);
  if (at >= 0) return `security.accounts.users[${at}].name: '${users[at]!.name}' is used twice`;
  if (!users.some((u) => u.uid === 0 && u.name === "root")) return "security.accounts.users: expected root (uid 0), got none";
  at = duplicate(groups, (g) => g.gid);
  if (at >= 0) return `security.accounts.groups[${at}].gid: gid ${groups[at]!.gid} is used twice`;
  at = duplicate(security.labels, (l) => l.path);
  if (at >= 0) return `security.labels[${at}].path: '${security.labels[at]!.path}' is labelled twice`;
  at = duplicate(security.rules.rules, (r) => r.id);
  return at >= 0 ? `security.rules.rules[${at}].id: rule #${security.rules.rules[at]!.id} is used twice` : undefined;
}
