import { ORPHANS_NAMED_MAX } from "../../../src/limits.js";
import { command } from "../../command.js";

export default command({
  path: ["user", "del"],
  summary: "remove a user (root cannot be removed); objects it owned keep its uid as owner, as files do after userdel",
  args: [{ name: "name", required: true, kind: "user" }],
  options: [],
  examples: ["user add temp; user del temp"],
  gate: { type: "user", mutates: true, capability: "CAP_SETUID" },
  run: ({ kernel }, input) => {
    const uid = kernel.security.accounts.uidOf(input.args.name);
    kernel.objects.delete(`user/${input.args.name}`, () => kernel.security.accounts.deleteUser(input.args.name));
    const orphans = kernel.security.labels.list().flatMap((label) => (label.owner === uid ? [label.path] : []));
    return { name: input.args.name, uid, orphans };
  },
  display: (r) => [
    `removed user ${r.name}`,
    ...(r.orphans.length === 0
      ? []
      : [`${r.orphans.length === 1 ? "1 object still names" : `${r.orphans.length} objects still name`} uid ${r.uid} as owner (${r.orphans.slice(0, ORPHANS_NAMED_MAX).join(", ")}${r.orphans.length > ORPHANS_NAMED_MAX ? ", …" : ""}): a user given uid ${r.uid} would own ${r.orphans.length === 1 ? "it; sec chown it" : "them; sec chown them"} to keep that from happening`]),
  ],
});
