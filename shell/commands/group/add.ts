import { command } from "../../command.js";

export default command({
  path: ["group", "add"],
  summary: "add a group (like groupadd)",
  args: [{ name: "name", required: true, of: "group" }],
  options: [{ name: "gid", kind: "count", summary: "group id (default: the first free from 1000)" }],
  examples: ["group add devs", "group add ops --gid 2000"],
  gate: { type: "user", mutates: true, capability: "CAP_SETGID" },
  run: ({ kernel, session }, input) => {
    const gid = kernel.objects.create(session.subject, `group/${input.args.name}`, () => kernel.security.accounts.addGroup(input.args.name, input.options.gid));
    return { name: input.args.name, gid };
  },
  describe: (r) => `gid ${r.gid}`,
  display: (r) => [`added group ${r.name} (gid ${r.gid})`],
});
