import { command } from "../command.js";

export default command({
  path: ["whoami"],
  page: "user",
  summary: "the current user's name",
  args: [],
  options: [],
  examples: ["whoami"],
  run: ({ session }) => ({ user: session.subject.name }),
  display: (r) => [r.user],
});
