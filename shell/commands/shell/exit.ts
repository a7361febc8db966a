import { command } from "../../command.js";

export default command({
  path: ["exit"],
  aliases: ["quit"],
  page: "shell",
  summary: "leave the shell (state is compacted into a snapshot first); quit does the same",
  args: [],
  options: [],
  examples: ["exit"],
  run: ({ session }) => {
    session.requestExit();
    return {};
  },
  display: () => [],
});
