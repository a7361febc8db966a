import { levelNumber } from "../../../modules/security/index.js";
import { command } from "../../command.js";

export default command({
  path: ["sec", "clearance"],
  summary: "set a user's MAC clearance (public < internal < private < isolated)",
  args: [
    { name: "user", required: true, kind: "user" },
    { name: "level", required: true, kind: "level" },
  ],
  options: [],
  examples: ["user add carol; sec clearance carol private"],
  gate: { type: "security", mutates: true, access: "read", capability: "CAP_MAC_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.security.accounts.setClearance(input.args.user, levelNumber(input.args.level));
    return { user: input.args.user, level: input.args.level.toLowerCase() };
  },
  describe: (r) => `${r.user} cleared for ${r.level}`,
  display: (r) => [`${r.user}: clearance ${r.level}`],
});

