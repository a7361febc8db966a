import { capabilityText, levelName, umaskText } from "../../modules/security/index.js";
import { command } from "../command.js";

export default command({
  path: ["id"],
  page: "user",
  summary: "uid, gid, groups, clearance, umask and effective capabilities (like id plus capsh --print)",
  args: [{ name: "user", required: false, kind: "user" }],
  options: [],
  examples: ["id", "id root"],
  gate: { type: "user", mutates: false },
  run: ({ kernel, session }, input) => {
    const accounts = kernel.security.accounts;
    const uid = input.args.user === undefined ? session.subject.uid : accounts.uidOf(input.args.user);
    const who = accounts.credentials(uid);
    return {
      uid,
      user: accounts.nameOfUid(uid),
      gid: who.gid,
      group: accounts.groupNameOf(who.gid),
      groups: [who.gid, ...who.groups].map((gid) => ({ gid, name: accounts.groupNameOf(gid) })),
      clearance: levelName(who.clearance),
      umask: umaskText(accounts.umaskOf(uid)),
      capabilities: capabilityText(who.capLow, who.capHigh),
    };
  },
  display: (r) => [
    `uid=${r.uid}(${r.user}) gid=${r.gid}(${r.group}) groups=${r.groups.map((g) => `${g.gid}(${g.name})`).join(",")} clearance=${r.clearance} umask=${r.umask}`,
    `capabilities: ${r.capabilities}`,
  ],
});
