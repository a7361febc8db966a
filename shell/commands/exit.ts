import { command } from "../command.js";

export default command({
  path: ["exit"],
  aliases: ["quit"],
  page: "shell",
  summary: "leave su's shell back to the previous user, or the shell itself (state is compacted first); quit does the same",
  args: [],
  options: [],
  examples: ["exit"],
  run: ({ session }) => ({ backTo: session.requestExit()?.name }),
  display: (r) => (r.backTo === undefined ? [] : [`logout: back to ${r.backTo}`]),
});
