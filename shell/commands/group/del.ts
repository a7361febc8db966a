import { command } from "../../command.js";

export default command({
  path: ["group", "del"],
  summary: "remove a group that is no user's primary group",
  args: [{ name: "name", required: true, kind: "group" }],
  options: [],
  examples: ["group add temp; group del temp"],
  gate: { type: "user", mutates: true, capability: "CAP_SETGID" },
  run: ({ kernel }, input) => {
    kernel.objects.delete(`group/${input.args.name}`, () => kernel.security.accounts.deleteGroup(input.args.name));
    return { name: input.args.name };
  },
  display: (r) => [`removed group ${r.name}`],
});
