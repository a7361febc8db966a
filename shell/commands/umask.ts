import { parseMode, umaskText } from "../../modules/security/index.js";
import { command } from "../command.js";

export default command({
  path: ["umask"],
  page: "user",
  summary: "show or set your umask: the mode bits taken from every object you create (default 022)",
  args: [{ name: "mode", required: false }],
  options: [],
  examples: ["umask", "umask 077"],
  // Your own umask is yours to set, as in any shell: reading the user directory is all it needs.
  gate: { type: "user", mutates: true, access: "read" },
  run: ({ kernel, session }, input) => {
    const accounts = kernel.security.accounts;
    if (input.args.mode !== undefined) accounts.setUmask(session.subject.name, parseMode(input.args.mode));
    return { user: session.subject.name, umask: umaskText(accounts.umaskOf(session.subject.uid)) };
  },
  describe: (r) => r.umask,
  display: (r) => [r.umask],
});
