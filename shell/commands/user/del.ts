import { SubjectKind } from "../../../modules/security/index.js";
import { ORPHANS_NAMED_MAX } from "../../../src/limits.js";
import { command } from "../../command.js";

export default command({
  path: ["user", "del"],
  summary: "remove a user (root cannot be removed); objects and rules naming its uid keep it, as files do after userdel, and no new user gets it",
  args: [{ name: "name", required: true, kind: "user" }],
  options: [],
  examples: ["user add temp; user del temp"],
  gate: { type: "user", mutates: true, capability: "CAP_SETUID" },
  run: ({ kernel, session }, input) => {
    const uid = kernel.security.accounts.uidOf(input.args.name);
    kernel.objects.delete(`user/${input.args.name}`, () => kernel.security.accounts.deleteUser(input.args.name));
    session.renameSubjects((id) => kernel.security.accounts.nameOfUid(id)); // a shell su left as this user is now its uid, as `id` shows it
    const rules = kernel.security.rules.list().flatMap((rule) => (rule.subjectKind === SubjectKind.Uid && rule.subjectId === uid ? [`rule #${rule.id}`] : []));
    const orphans = [...kernel.security.labels.list().flatMap((label) => (label.owner === uid ? [label.path] : [])), ...rules];
    return { name: input.args.name, uid, orphans };
  },
  display: (r) => [
    `removed user ${r.name}`,
    ...(r.orphans.length === 0
      ? []
      : [`uid ${r.uid} is still named by ${r.orphans.slice(0, ORPHANS_NAMED_MAX).join(", ")}${r.orphans.length > ORPHANS_NAMED_MAX ? ` and ${r.orphans.length - ORPHANS_NAMED_MAX} more` : ""} (as owner, or a rule's subject): new users get higher uids, unless given --uid ${r.uid}`]),
  ],
});
