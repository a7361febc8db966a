import { command } from "../../command.js";
import type { TableFit } from "../../display/table.js";

/** On a narrow terminal the capabilities keep room to read; PASSWORD, UMASK, GROUPS, GROUP are left out first. */
const USER_FIT: TableFit = { narrowest: { CAPABILITIES: 16 }, leaveOut: ["PASSWORD", "UMASK", "GROUPS", "GROUP"] };

export default command({
  path: ["user", "list"],
  summary: "every user with uid, groups, clearance, umask and capabilities",
  args: [],
  options: [],
  examples: ["user list"],
  gate: { type: "user", mutates: false },
  run: ({ kernel }) => ({ users: kernel.security.accounts.users().map((u) => ({ ...u, capabilities: u.capabilities === "none" ? [] : u.capabilities.split(",") })) }), // a list for --json, not the display text
  display: (r, d) =>
    d.table(
      ["NAME", "UID", "GROUP", "GROUPS", "CLEARANCE", "PASSWORD", "UMASK", "CAPABILITIES"],
      r.users.map((u) => [u.name, u.uid, u.group, u.groups.join(",") || "-", u.clearance, u.password ? "set" : "-", u.umask, u.capabilities.join(",") || "none"]),
      USER_FIT,
    ),
});
