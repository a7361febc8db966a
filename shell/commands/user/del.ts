import { command } from "../../command.js";

export default command({
  path: ["user", "del"],
  summary: "remove a user (root cannot be removed)",
  args: [{ name: "name", required: true, kind: "user" }],
  options: [],
  examples: ["user add temp; user del temp"],
  gate: { type: "user", mutates: true, capability: "CAP_SETUID" },
  run: ({ kernel }, input) => {
    kernel.objects.delete(`user/${input.args.name}`, () => kernel.security.accounts.deleteUser(input.args.name));
    return { name: input.args.name };
  },
  display: (r) => [`removed user ${r.name}`],
});
