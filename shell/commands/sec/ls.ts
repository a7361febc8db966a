import { levelName, modeText } from "../../../modules/security/index.js";
import { command } from "../../command.js";

export default command({
  path: ["sec", "ls"],
  summary: "objects with labels of their own (mode, owner, group, level), like ls -l; others inherit from the nearest",
  args: [{ name: "prefix", required: false, kind: "object" }],
  options: [],
  examples: ["sec ls", "sec ls audit"],
  gate: { type: "security", mutates: false, object: () => "sec" },
  run: ({ kernel }, input) => {
    const accounts = kernel.security.accounts;
    return {
      labels: kernel.security.labels.list(input.args.prefix ?? "").map((l) => ({
        path: l.path,
        mode: modeText(l.mode),
        owner: accounts.nameOfUid(l.owner),
        group: accounts.groupNameOf(l.group),
        level: levelName(l.level),
      })),
    };
  },
  display: (r, d) => d.table(["MODE", "OWNER", "GROUP", "LEVEL", "OBJECT"], r.labels.map((l) => [l.mode, l.owner, l.group, l.level, l.path])),
});
