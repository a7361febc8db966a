import { command } from "../../command.js";

export default command({
  path: ["group", "list"],
  summary: "every group with its gid and members",
  args: [],
  options: [],
  examples: ["group list"],
  gate: { type: "user", mutates: false },
  run: ({ kernel }) => ({ groups: kernel.security.accounts.groups() }),
  display: (r, d) => d.table(["NAME", "GID", "MEMBERS"], r.groups.map((g) => [g.name, g.gid, g.members.join(",") || "-"])),
});
