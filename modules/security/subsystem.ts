// Security as a subsystem (src/subsystem.ts): provides the gate's `enforcer`, the `subjects`
// directory and the `labels` port (the kernel labels what other subsystems make through it);
// needs `directory` (a label only for an object some subsystem says exists). Owns the objects
// user/<name>, group/<name> and sec/rule/<id>.

import { SECURITY_RULE_MAX, UID_MAX, USER_COUNT_MAX } from "../../src/limits.js";
import type { Subject } from "../../src/gate.js";
import type { Subsystem } from "../../src/subsystem.js";
import { SECURITY_LEVEL_NAMES } from "./levels.js";
import { securityProblem, SAVED_SECURITY_SCHEMA } from "./saved-schema.js";
import { SecurityManager, type SavedSecurity } from "./security-manager.js";
import { countOf } from "../../src/units.js";

/** A uid written as a name: what a removed user's session runs as in the journal. */
const UID_DIGITS = /^\d{1,5}$/;

/** What panes, completion and the prompt read of security. */
export function securityView(security: SecurityManager) {
  return {
    userNames: () => security.accounts.userNames(),
    groupNames: () => security.accounts.groups().map((g) => g.name),
    objectPaths: () => security.labels.list().map((label) => label.path),
    ruleIds: () => security.rules.ruleIds().map(String),
    /** The policy rules with how often each decided (the live `watch sec` pane). */
    rules: () => security.rules.list(),
    /** The user a name means (uid and primary gid); a uid's digits (a removed user's, as `id` names it) mean that uid. */
    subjectOf: (name: string): Subject => {
      const uid = UID_DIGITS.test(name) && !security.accounts.userNames().includes(name) && Number(name) <= UID_MAX ? Number(name) : security.accounts.uidOf(name);
      return { name, uid, gid: security.accounts.credentials(uid).gid };
    },
  };
}

const KINDS = { user: { path: "user", labelled: true }, group: { path: "group", labelled: true }, rule: { path: "sec/rule", labelled: true, numbered: true }, object: { path: "" }, level: {} } as const;

export const subsystem: Subsystem<"security", SecurityManager, SavedSecurity, ReturnType<typeof securityView>, typeof KINDS> = {
  name: "security",
  kinds: KINDS,
  auditType: "security",
  needs: ["directory"],
  offers: ["enforcer", "subjects", "labels"],
  saved: { schema: SAVED_SECURITY_SCHEMA, check: securityProblem },
  build(_context, ports) {
    const security = new SecurityManager((path) => ports.directory.exists(path), ports.directory.containers, (path) => ports.directory.labelledAs(path));
    const view = securityView(security);
    return {
      manager: security,
      view,
      provides: { enforcer: security, subjects: view, labels: security.labels },
      names: { user: view.userNames, group: view.groupNames, rule: view.ruleIds, object: view.objectPaths, level: () => SECURITY_LEVEL_NAMES },
      save: () => security.toJSON(),
      restore: (saved) => security.restore(saved),
      restored: () => security.labels.prune(), // once every object is back: a label for none is left from before issue 10
      status: () => [
        { subsystem: "security/users", used: view.userNames().length, capacity: USER_COUNT_MAX, health: "ok", detail: countOf(security.accounts.groups().length, "group") },
        { subsystem: "security/rules", used: security.rules.count(), capacity: SECURITY_RULE_MAX, health: "ok", detail: "deny-overrides" },
      ],
    };
  },
};
