import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES, FILTER_EFFECTS, levelFromName, typeFromName } from "../../../../modules/audit/index.js";
import { command } from "../../../command.js";
import { uidOf } from "../query-options.js";

export default command({
  path: ["audit", "filter", "add"],
  summary: "add a filter: entries it matches are kept, dropped before the ring, or kept as alerts (first match wins)",
  args: [],
  options: [
    { name: "effect", kind: "choice", choices: FILTER_EFFECTS, required: true, summary: "what happens to matching entries (required)" },
    { name: "level", kind: "choice", choices: AUDIT_LEVEL_NAMES, summary: "match this level and above" },
    { name: "max-level", kind: "choice", choices: AUDIT_LEVEL_NAMES, summary: "match this level and below" },
    { name: "type", kind: "choice", choices: AUDIT_TYPE_NAMES, summary: "match one event type" },
    { name: "user", kind: "string", placeholder: "uid|name", summary: "match one subject" },
    { name: "action", kind: "string", placeholder: "glob", summary: "match actions by glob, e.g. 'kernel.*'" },
  ],
  examples: ["audit filter add --effect drop --max-level debug", "audit filter add --effect alert --level error"],
  gate: { type: "security", mutates: true, capability: "CAP_AUDIT_CONTROL" },
  run: ({ kernel, session }, input) => {
    const o = input.options;
    const id = kernel.objects.create(session.subject, (made: number) => `audit/filter/${made}`, () => kernel.audit.filters.add({
      effect: o.effect,
      minLevel: o.level === undefined ? undefined : levelFromName(o.level),
      maxLevel: o["max-level"] === undefined ? undefined : levelFromName(o["max-level"]),
      type: o.type === undefined ? undefined : typeFromName(o.type),
      uid: o.user === undefined ? undefined : uidOf(o.user, kernel.view),
      action: o.action,
    }));
    return { id, effect: o.effect };
  },
  describe: (r) => `filter #${r.id} (${r.effect})`,
  display: (r) => [`added audit filter #${r.id} (${r.effect})`],
});
