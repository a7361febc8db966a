import { fail } from "../../../src/errors.js";
import { command } from "../../command.js";

export default command({
  path: ["sec", "chown"],
  summary: "give an object to another owner (and group: owner:group); needs CAP_CHOWN",
  args: [
    { name: "object", required: true, kind: "object" },
    { name: "owner", required: true, kind: "user" },
  ],
  options: [],
  examples: ["user add dave; sec chown clock dave:users"],
  gate: { type: "security", mutates: true, access: "read", capability: "CAP_CHOWN" },
  run: ({ kernel }, input) => {
    const [user, group] = input.args.owner.split(":");
    if (user === undefined || user === "") fail("EINVAL", `bad owner '${input.args.owner}'`, "write user or user:group");
    const accounts = kernel.security.accounts;
    const owner = accounts.uidOf(user);
    const changes = group === undefined ? { owner } : { owner, group: accounts.gidOf(group) };
    kernel.security.labels.set(input.args.object, changes);
    return { object: input.args.object, owner: input.args.owner };
  },
  describe: (r) => `owner ${r.owner}`,
  display: (r) => [`${r.object}: owner ${r.owner}`],
});
